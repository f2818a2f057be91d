package upgrade

import (
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
)

// Change is one check's verdict before and after the upgrade; an empty
// status is a check that did not run on that side.
type Change struct {
	Kind    string        `json:"kind,omitempty"` // empty for a plugin-wide check
	Name    string        `json:"name,omitempty"`
	ID      string        `json:"id"`
	Before  report.Status `json:"before"`
	After   report.Status `json:"after"`
	Message string        `json:"message,omitempty"` // the after side's, for what changed
}

// Diff sorts every check of two reports: fixed (better after), broken
// (worse after, or gone), unchanged; in report order.
type Diff struct {
	Fixed     []Change `json:"fixed"`
	Broken    []Change `json:"broken"`
	Unchanged []Change `json:"unchanged"`
}

// Worse says whether the upgrade made any verdict worse.
func (d Diff) Worse() bool { return len(d.Broken) > 0 }

// rank orders verdicts: a pass is best, a check that did not run or a
// failure worst.
func rank(s report.Status) int {
	switch s {
	case report.Pass:
		return 3
	case report.Warn:
		return 2
	case report.Skip:
		return 1
	}
	return 0
}

type keyed struct {
	key report.Key
	res report.CheckResult
}

func results(r *report.Report) []keyed {
	var out []keyed
	if r == nil {
		return nil
	}
	for _, c := range r.Plugin.Checks {
		out = append(out, keyed{report.Key{ID: c.ID}, c})
	}
	for _, comp := range r.Components {
		for _, c := range comp.Checks {
			out = append(out, keyed{report.Key{Kind: comp.Kind, Name: comp.Name, ID: c.ID}, c})
		}
	}
	return out
}

// Compare diffs before and after check by check.
func Compare(before, after *report.Report) Diff {
	d := Diff{Fixed: []Change{}, Broken: []Change{}, Unchanged: []Change{}}
	was := map[report.Key]report.CheckResult{}
	var order []report.Key
	for _, k := range results(before) {
		was[k.key] = k.res
		order = append(order, k.key)
	}
	now := map[report.Key]report.CheckResult{}
	for _, k := range results(after) {
		if _, ok := was[k.key]; !ok {
			order = append(order, k.key)
		}
		now[k.key] = k.res
	}
	for _, k := range order {
		b, a := was[k], now[k]
		c := Change{Kind: k.Kind, Name: k.Name, ID: k.ID, Before: b.Status, After: a.Status}
		switch rb, ra := rank(b.Status), rank(a.Status); {
		case ra > rb:
			c.Message = a.Message
			d.Fixed = append(d.Fixed, c)
		case ra < rb:
			c.Message = a.Message
			d.Broken = append(d.Broken, c)
		default:
			d.Unchanged = append(d.Unchanged, c)
		}
	}
	return d
}
