package report

import "strings"

// Repro is where a finding's reproduction in real Packer is and, once
// run, what real Packer did.
type Repro struct {
	// Dir is the repro's folder.
	Dir string `json:"dir"`
	// Command is the Packer command it runs, for people.
	Command string `json:"command"`
	// Packer is the version of Packer that ran it; empty until run.
	Packer string `json:"packer,omitempty"`
	// Confirmed is set once run and real Packer told: true when it showed
	// the misbehaviour, false when it ran clean. Run (Packer set) and
	// unset, the repro could not tell (Packer or the template failed
	// first, a tool was missing): Output says why.
	Confirmed *bool `json:"confirmed,omitempty"`
	// Output is what repro.sh printed when it did not confirm.
	Output string `json:"output,omitempty"`
}

// summary is one line (and the output when not confirmed) for reports.
func (r *Repro) summary() string {
	where := "repro: " + r.Command
	if r.Dir != "" {
		where = "repro: " + r.Dir
	}
	output := strings.ReplaceAll(tailLines(r.Output, 15), "\n", "\n  ")
	switch {
	case r.Packer == "":
		return where
	case r.Confirmed == nil:
		return where + " (could not tell in " + r.Packer + "):\n  " + output
	case *r.Confirmed:
		return where + " (confirmed in " + r.Packer + ")"
	}
	return where + " (NOT reproduced in " + r.Packer + "):\n  " + output
}

// tailLines is the last n lines of s.
func tailLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
