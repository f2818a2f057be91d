package main

// "panics" panics in Configure: the process dies, the panic text is on
// stderr only.

type hxPanics struct{ hxPP }

func (p *hxPanics) Configure(raws ...any) error {
	panic("misbehave: panics in Configure on purpose")
}

func init() { postProcessors["panics"] = &hxPanics{} }
