package naming

import (
	"fmt"
	"strings"
)

// Kind is the kind of a Packer component, spelled as `BIN start <kind>`
// and describe spell it.
type Kind string

// The four kinds.
const (
	Builder       Kind = "builder"
	Provisioner   Kind = "provisioner"
	PostProcessor Kind = "post-processor"
	Datasource    Kind = "datasource"
)

// Kinds lists every kind in the order prompts and help text show them.
var Kinds = []Kind{Builder, Provisioner, PostProcessor, Datasource}

// ParseKind returns the Kind named s, which may be spelled "data-source"
// as the registry and the integrations page do, or an error listing the
// valid kinds.
func ParseKind(s string) (Kind, error) {
	if s == Datasource.IntegrationType() {
		return Datasource, nil
	}
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown component kind %q: use one of %s", s, KindList())
}

// KindList names every kind, for messages: "builder, provisioner, ...".
func KindList() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// HCLBlock is the HCL2 block type that uses a component of this kind
// ("source" for builders, "data" for datasources).
func (k Kind) HCLBlock() string {
	switch k {
	case Builder:
		return "source"
	case Datasource:
		return "data"
	}
	return string(k)
}

// GoPackage is the kind as one Go identifier word: postprocessor, ...
func (k Kind) GoPackage() string { return strings.ReplaceAll(string(k), "-", "") }

// Dir is the folder that holds the components of this kind, as in
// HashiCorp's plugins: builder/<name>, post-processor/<name>, ...
func (k Kind) Dir() string { return string(k) }

// TypeName is the SDK interface a component of this kind implements.
func (k Kind) TypeName() string {
	return map[Kind]string{Builder: "Builder", Provisioner: "Provisioner",
		PostProcessor: "PostProcessor", Datasource: "Datasource"}[k]
}

// RegisterMethod is the plugin.Set method that registers a component.
func (k Kind) RegisterMethod() string { return "Register" + k.TypeName() }

// DocsFolder is the folder of docs/ a kind's pages are in.
func (k Kind) DocsFolder() string {
	if k == Datasource {
		return "datasources"
	}
	return string(k) + "s"
}

// IntegrationType is the kind as the integrations framework spells it
// (metadata.hcl's component.type, .web-docs/components/<type>/).
func (k Kind) IntegrationType() string {
	if k == Datasource {
		return "data-source"
	}
	return string(k)
}
