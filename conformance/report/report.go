// Package report is a conformance run's verdict as data, and its
// renderings: text, JSON and JUnit. It holds no logic of the checks; the
// runner (package conformance) fills a Report, and readers (the CLI, a
// plugin author's go test) read it.
package report

import (
	"encoding/json"
	"slices"
)

// Status is a check's verdict.
type Status string

// The four verdicts, in report order of severity.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Warn Status = "warn"
	Skip Status = "skip"
)

// Report is the whole verdict, data first: the text, JSON and JUnit forms
// are renderings of it.
type Report struct {
	Plugin     PluginReport      `json:"plugin"`
	Components []ComponentReport `json:"components"`
	// Summary counts the verdicts: how much ran.
	Summary Counts `json:"summary"`
	// Incomplete says what could not be checked that matters: a component
	// without a valid configuration, a sample block naming no component, a
	// filter matching nothing. Such a run is not green.
	Incomplete []Gap `json:"incomplete"`
	// Interrupted is set when the run was cancelled (Ctrl-C) before every
	// check finished; the unfinished ones are skipped and say so.
	Interrupted bool `json:"interrupted"`
	// Error is the tool error that stopped the run before any check (the
	// plugin did not build, ...): nothing was checked.
	Error string `json:"error,omitempty"`
}

// Gap is one thing that matters the run could not check.
type Gap struct {
	// Reason says what and why, in full; JSON gives it alone, as a string.
	Reason string
	// Short is what the text report's last line names (`builder "acme":
	// builder.run did not run`); the first line of Reason when empty.
	Short string
}

// MarshalJSON writes the gap as its reason, the report's JSON shape.
func (g Gap) MarshalJSON() ([]byte, error) { return json.Marshal(g.Reason) }

// UnmarshalJSON reads a gap from its reason.
func (g *Gap) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &g.Reason) }

// ToolError is the report of a run a tool error stopped before any check,
// so that a pipe or CI reading JSON or JUnit still gets one.
func ToolError(path string, err error) *Report {
	return &Report{Plugin: PluginReport{Path: path, Checks: []CheckResult{}}, Components: []ComponentReport{}, Incomplete: []Gap{}, Error: err.Error()}
}

// PluginReport describes the plugin binary and holds plugin-wide checks.
type PluginReport struct {
	// Name is the plugin's name as Packer derives it from the binary name
	// (packer-plugin-<name>); empty when the binary is not named so.
	Name            string `json:"name"`
	Path            string `json:"path"`
	Version         string `json:"version"`
	SDKVersion      string `json:"sdk_version"`
	APIVersion      string `json:"api_version"`
	ProtocolVersion string `json:"protocol_version"`
	// TraceMode says how side effects were observed (for example ptrace, or
	// a snapshot of the sandbox where tracing is unavailable).
	TraceMode string `json:"trace_mode"`
	// Containment is what confined the processes that only configure
	// (describe, ConfigSpec, Prepare/Configure, OutputSpec): each
	// protection, on or off with why.
	Containment []Protection  `json:"containment,omitempty"`
	Checks      []CheckResult `json:"checks"`
}

// Protection is one mechanism of the containment and whether it held.
type Protection struct {
	Name   string `json:"name"`
	On     bool   `json:"on"`
	Detail string `json:"detail"`
}

// ComponentReport holds the checks run for one component.
type ComponentReport struct {
	Kind string `json:"kind"`
	// Name is the component's name as `--component` and the sample block
	// take it: describe's, or the plugin's name for the component
	// registered under the SDK's default name (Registered then says so).
	Name       string `json:"name"`
	Registered string `json:"registered_name"`
	// Config says where the configuration the checks used came from.
	Config string        `json:"config"`
	Checks []CheckResult `json:"checks"`
}

// CheckResult is one check's verdict for one component.
type CheckResult struct {
	ID      string `json:"id"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	// Log holds the plugin's stderr lines (prefixed as Packer prefixes
	// them) of the calls the check made, kept for failures and warnings.
	Log []string `json:"log"`
	// Seconds is how long the check took.
	Seconds float64 `json:"seconds"`
	// Interrupted marks a check the run's interruption cut short: skipped,
	// or judged on what it had seen by then (a side effect already
	// observed fails config.side-effects).
	Interrupted bool `json:"interrupted,omitempty"`
	// Repro is the failure's reproduction in real Packer, when one was
	// written (test --repro) and, once run (test --packer), its outcome.
	Repro *Repro `json:"repro,omitempty"`
}

// Key names one result of a report: the component's kind and name as the
// report gives them (both empty for a plugin-wide check) and the check id.
type Key struct{ Kind, Name, ID string }

// Counts tallies the verdicts of every check in the report.
type Counts struct {
	Checks int `json:"checks"`
	Pass   int `json:"passed"`
	Fail   int `json:"failed"`
	Warn   int `json:"warnings"`
	Skip   int `json:"skipped"`
}

// Total is the number of checks counted.
func (c Counts) Total() int { return c.Pass + c.Fail + c.Warn + c.Skip }

// Counts tallies every check of the plugin and of every component.
func (r *Report) Counts() Counts {
	var c Counts
	for _, res := range r.AllResults() {
		switch res.Status {
		case Pass:
			c.Pass++
		case Fail:
			c.Fail++
		case Warn:
			c.Warn++
		case Skip:
			c.Skip++
		}
	}
	c.Checks = c.Total()
	return c
}

// AllResults returns every check result of the report, the plugin's
// first.
func (r *Report) AllResults() []CheckResult {
	out := slices.Clone(r.Plugin.Checks)
	for _, comp := range r.Components {
		out = append(out, comp.Checks...)
	}
	return out
}

// Failed reports whether any check failed.
func (r *Report) Failed() bool { return r.Counts().Fail > 0 }

// Result returns the result of check id for the component kind/name, or
// for the plugin when kind is empty; ok is false when it did not run.
func (r *Report) Result(kind, name, id string) (CheckResult, bool) {
	find := func(rs []CheckResult) (CheckResult, bool) {
		for _, res := range rs {
			if res.ID == id {
				return res, true
			}
		}
		return CheckResult{}, false
	}
	if kind == "" {
		return find(r.Plugin.Checks)
	}
	for _, comp := range r.Components {
		if comp.Kind == kind && comp.Name == name {
			return find(comp.Checks)
		}
	}
	return CheckResult{}, false
}

// WithRepros is a copy of r whose results carry the repros given by key;
// r itself is left as it was.
func (r *Report) WithRepros(repros map[Key]Repro) *Report {
	out := *r
	with := func(kind, name string, rs []CheckResult) []CheckResult {
		rs = slices.Clone(rs)
		for i := range rs {
			if rp, ok := repros[Key{Kind: kind, Name: name, ID: rs[i].ID}]; ok {
				rs[i].Repro = &rp
			}
		}
		return rs
	}
	out.Plugin.Checks = with("", "", r.Plugin.Checks)
	out.Components = slices.Clone(r.Components)
	for i, c := range out.Components {
		out.Components[i].Checks = with(c.Kind, c.Name, c.Checks)
	}
	return &out
}
