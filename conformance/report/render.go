package conformance

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Formats lists what WriteReport renders.
var Formats = []string{"text", "json", "junit"}

// WriteReport renders r in format; colour applies to text only.
func WriteReport(w io.Writer, r *Report, format string, colour bool) error {
	switch format {
	case "", "text":
		return writeText(w, r, colour)
	case "json":
		return writeJSON(w, r)
	case "junit":
		return writeJUnit(w, r)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

func writeJSON(w io.Writer, r *Report) error {
	out := *r
	out.Summary = r.Counts()
	if out.Incomplete == nil {
		out.Incomplete = []string{}
	}
	r = &out
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

var statusColour = map[Status]string{
	StatusPass: "\x1b[32m", StatusFail: "\x1b[31m", StatusWarn: "\x1b[33m", StatusSkip: "\x1b[90m",
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
			if res.Status == StatusFail || res.Status == StatusWarn {
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
		if c.Registered == harness.DefaultName {
			title += " (the plugin's default component)"
		}
		section(title, c.Config, c.Checks)
	}
	if len(r.Incomplete) > 0 {
		fmt.Fprintf(b, "\nincomplete: what matters could not be checked\n")
		for _, why := range r.Incomplete {
			fmt.Fprintf(b, "  - %s\n", indentRest(why, 4))
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
			fmt.Fprintf(b, ", but for %s judged on what was seen before", plural(seen, "check"))
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
		if res.Interrupted && res.Status != StatusSkip {
			n++
		}
	}
	return n
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

// JUnit: one testsuite per component (and one for the plugin), one
// testcase per check; fail is <failure>, skip is <skipped>, warn passes
// with the warning in system-out, the log goes to system-out.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Name    string       `xml:"name,attr"`
	Tests   int          `xml:"tests,attr"`
	Fails   int          `xml:"failures,attr"`
	Skips   int          `xml:"skipped,attr"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name  string      `xml:"name,attr"`
	Tests int         `xml:"tests,attr"`
	Fails int         `xml:"failures,attr"`
	Skips int         `xml:"skipped,attr"`
	Cases []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, r *Report) error {
	all := junitSuites{Name: "packer-plugin-dev test " + r.Plugin.Path}
	add := func(name string, rs []CheckResult) {
		if len(rs) == 0 {
			return
		}
		s := junitSuite{Name: name}
		for _, res := range rs {
			c := junitCase{Name: res.ID, Classname: name, Time: fmt.Sprintf("%.3f", res.Seconds)}
			out := strings.Join(res.Log, "\n")
			switch res.Status {
			case StatusFail:
				text := res.Message
				if res.Repro != nil {
					text += "\n" + res.Repro.summary()
				}
				c.Failure = &junitMessage{Message: res.Message, Text: text}
				s.Fails++
			case StatusSkip:
				c.Skipped = &junitMessage{Message: res.Message}
				s.Skips++
			case StatusWarn:
				out = "warning: " + res.Message + "\n" + out
			case StatusPass:
				// A pass shows what it saw (where a cancel landed, ...).
				if res.Message != "" {
					out = res.Message + "\n" + out
				}
			}
			c.SystemOut = strings.TrimSpace(out)
			s.Cases = append(s.Cases, c)
			s.Tests++
		}
		all.Suites = append(all.Suites, s)
		all.Tests += s.Tests
		all.Fails += s.Fails
		all.Skips += s.Skips
	}
	if r.Error != "" {
		// One failed case says why nothing was checked.
		all.Suites = append(all.Suites, junitSuite{Name: "plugin", Tests: 1, Fails: 1, Cases: []junitCase{{
			Name: "run", Classname: "plugin", Time: "0.000", Failure: &junitMessage{Message: r.Error, Text: r.Error},
		}}})
		all.Tests, all.Fails = 1, 1
	}
	add("plugin", r.Plugin.Checks)
	for _, c := range r.Components {
		add(c.Kind+"."+c.Name, c.Checks)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// notChecked shortens each reason a run is incomplete to what it names: a
// component (`builder "hcloud": its main scenario did not run (builder.run
// skipped: ...)` gives `builder "hcloud": builder.run did not run`), or
// the first line of any other reason.
func notChecked(incomplete []string) []string {
	out := make([]string, 0, len(incomplete))
	for _, why := range incomplete {
		first, _, _ := strings.Cut(why, "\n")
		if name, rest, ok := strings.Cut(first, ": its main scenario did not run ("); ok {
			id, _, _ := strings.Cut(rest, " ")
			first = name + ": " + id + " did not run"
		} else if name, _, ok := strings.Cut(first, ": the checks that need a valid configuration did not run"); ok {
			first = name + ": no configuration it accepts"
		}
		out = append(out, first)
	}
	return out
}
