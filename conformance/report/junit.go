package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

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
			case Fail:
				text := res.Message
				if res.Repro != nil {
					text += "\n" + res.Repro.summary()
				}
				c.Failure = &junitMessage{Message: res.Message, Text: text}
				s.Fails++
			case Skip:
				c.Skipped = &junitMessage{Message: res.Message}
				s.Skips++
			case Warn:
				out = "warning: " + res.Message + "\n" + out
			case Pass:
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
