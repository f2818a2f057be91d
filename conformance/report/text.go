package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

var statusColour = map[Status]string{
	Pass: "\x1b[32m", Fail: "\x1b[31m", Warn: "\x1b[33m", Skip: "\x1b[90m",
}

// maxLogLines bounds the log excerpt of one check in the text report; the
// JSON and JUnit reports keep every line.
const maxLogLines = 20

func writeText(w io.Writer, r *Report, colour bool) error {
	b := &strings.Builder{}
	p := r.Plugin
	fmt.Fprintf(b, "%s %s (sdk %s, api %s, protocol %s)\n", p.Path, orDash(p.Version), orDash(p.SDKVersion), orDash(p.APIVersion), orDash(p.ProtocolVersion))
	if p.TraceMode != "" {
		fmt.Fprintf(b, "side effects observed with: %s\n", p.TraceMode)
	}
	writeContainment(b, p.Containment)
	section := func(title, config string, rs []CheckResult) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(b, "\n%s\n", title)
		if config != "" {
			fmt.Fprintf(b, "  configuration: %s\n", config)
		}
		for _, res := range rs {
			label := strings.ToUpper(string(res.Status))
			if colour {
				label = statusColour[res.Status] + label + "\x1b[0m"
			}
			fmt.Fprintf(b, "  %s  %-22s %s\n", label, res.ID, indentRest(res.Message, 31))
			if rp := res.Repro; rp != nil {
				fmt.Fprintf(b, "%s%s\n", strings.Repeat(" ", 31), indentRest(rp.summary(), 31))
			}
			if res.Status == Fail || res.Status == Warn {
				logs := res.Log
				if len(logs) > maxLogLines {
					logs = append([]string{fmt.Sprintf("... %d earlier lines (all of them in --format json)", len(logs)-maxLogLines)}, logs[len(logs)-maxLogLines:]...)
				}
				for _, l := range logs {
					fmt.Fprintf(b, "        | %s\n", l)
				}
			}
		}
	}
	section("plugin", "", p.Checks)
	for _, c := range r.Components {
		title := c.Kind + " " + c.Name
		if c.Registered == naming.DefaultComponent {
			title += " (the plugin's default component)"
		}
		section(title, c.Config, c.Checks)
	}
	if len(r.Incomplete) > 0 {
		fmt.Fprintf(b, "\nincomplete: what matters could not be checked\n")
		for _, g := range r.Incomplete {
			fmt.Fprintf(b, "  - %s\n", indentRest(g.Reason, 4))
		}
	}
	n := r.Counts()
	fmt.Fprintf(b, "\n%d checks: %d passed, %d failed, %d warnings, %d skipped\n", n.Total(), n.Pass, n.Fail, n.Warn, n.Skip)
	if len(r.Incomplete) > 0 {
		// The line a CI log shows last: what a green-looking run did not check.
		fmt.Fprintf(b, "not checked: %s (why: \"incomplete\" above)\n", strings.Join(notChecked(r.Incomplete), "; "))
	}
	if r.Interrupted {
		fmt.Fprintf(b, "interrupted: the checks that had not finished are skipped")
		if seen := interruptedVerdicts(r); seen > 0 {
			checks := "1 check"
			if seen != 1 {
				checks = fmt.Sprintf("%d checks", seen)
			}
			fmt.Fprintf(b, ", but for %s judged on what was seen before", checks)
		}
		fmt.Fprintln(b)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// interruptedVerdicts counts the verdicts given on what an interrupted
// check had already seen.
func interruptedVerdicts(r *Report) int {
	n := 0
	for _, res := range r.AllResults() {
		if res.Interrupted && res.Status != Skip {
			n++
		}
	}
	return n
}

// notChecked is what each gap names, for the report's last line.
func notChecked(gaps []Gap) []string {
	out := make([]string, 0, len(gaps))
	for _, g := range gaps {
		short := g.Short
		if short == "" {
			short, _, _ = strings.Cut(g.Reason, "\n")
		}
		out = append(out, short)
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// indentRest indents every line of a multi-line message but the first.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// writeContainment says in one line what held the configure-only
// processes, and on one line each what was off and why: a protection
// missing here is never silently less.
func writeContainment(b *strings.Builder, ps []Protection) {
	if len(ps) == 0 {
		return
	}
	var on []string
	for _, p := range ps {
		if p.On {
			on = append(on, p.Name)
		}
	}
	if len(on) > 0 {
		fmt.Fprintf(b, "configure-only scenarios contained by: %s\n", strings.Join(on, ", "))
	}
	for _, p := range ps {
		if !p.On {
			fmt.Fprintf(b, "containment off: %s: %s\n", p.Name, p.Detail)
		}
	}
}
