package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/golden"
)

func sampleReport() *Report {
	return &Report{
		Plugin: PluginReport{Path: "bin/packer-plugin-x", Version: "1.0.0", Checks: []CheckResult{{ID: "plugin.describe", Status: Pass, Message: "ok", Log: []string{}}}},
		Components: []ComponentReport{{Kind: "post-processor", Name: "x", Checks: []CheckResult{
			{ID: "postprocess.keep", Status: Fail, Message: "lost its files", Log: []string{"x plugin: hello"}},
			{ID: "postprocess.cancel", Status: Skip, Message: "skipped with --skip postprocess.cancel", Log: []string{}},
			{ID: "postprocess.input", Status: Warn, Message: "careful", Log: []string{}},
		}}},
	}
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// The JSON report is a contract: top-level plugin, components, summary,
// incomplete and interrupted; each component {kind, name, registered_name,
// config, checks}; each check {id, status, message, log, seconds}.
func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sampleReport(), "json", false); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got := keys(doc); !reflect.DeepEqual(got, []string{"components", "incomplete", "interrupted", "plugin", "summary"}) {
		t.Fatalf("top-level keys %v", got)
	}
	comp := doc["components"].([]any)[0].(map[string]any)
	if got := keys(comp); !reflect.DeepEqual(got, []string{"checks", "config", "kind", "name", "registered_name"}) {
		t.Fatalf("component keys %v", got)
	}
	check := comp["checks"].([]any)[0].(map[string]any)
	if got := keys(check); !reflect.DeepEqual(got, []string{"id", "log", "message", "seconds", "status"}) {
		t.Fatalf("check keys %v", got)
	}
	if check["status"] != "fail" || check["log"].([]any)[0] != "x plugin: hello" {
		t.Fatalf("check %v", check)
	}
}

// The JUnit and JSON reports are contracts CI tools parse: compared byte
// for byte with golden files (go test ./conformance/report -run TestReportGolden
// -update rewrites them).
func TestReportGolden(t *testing.T) {
	r := sampleReport()
	r.Plugin.TraceMode = "ptrace+seccomp"
	r.Plugin.Containment = []Protection{
		{Name: "namespaces", On: true, Detail: "own user, PID, network and IPC namespaces"},
		{Name: "landlock", Detail: "this kernel has no Landlock (Linux 5.13 or later, with landlock among its LSMs)"},
	}
	r.Components[0].Checks[0].Seconds = 1.25
	r.Components[0].Checks[0].Repro = &Repro{Dir: "repro/post-processor-x-postprocess.keep", Command: "packer build .", Packer: "Packer v1.16.0", Confirmed: new(bool)}
	*r.Components[0].Checks[0].Repro.Confirmed = true
	for _, format := range []string{"junit", "json", "text"} {
		var b bytes.Buffer
		if err := Write(&b, r, format, false); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "report."+format), b.Bytes())
	}
	var doc junitSuites
	var b bytes.Buffer
	_ = Write(&b, r, "junit", false)
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil || doc.Tests != 4 || doc.Fails != 1 || doc.Skips != 1 {
		t.Fatalf("the JUnit report does not parse as JUnit: %v %+v", err, doc)
	}
}

func TestTextColourOnlyWhenAsked(t *testing.T) {
	var plain, colour bytes.Buffer
	Write(&plain, sampleReport(), "text", false)
	Write(&colour, sampleReport(), "text", true)
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("plain text has escapes:\n%s", plain.String())
	}
	if !strings.Contains(colour.String(), "\x1b[31mFAIL") {
		t.Errorf("coloured text has no red FAIL:\n%s", colour.String())
	}
	for _, want := range []string{"FAIL  postprocess.keep", "| x plugin: hello", "4 checks: 1 passed, 1 failed, 1 warnings, 1 skipped"} {
		if !strings.Contains(plain.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, plain.String())
		}
	}
}

// The last line of a text report names what an incomplete run did not
// check, and a JUnit pass carries its evidence.
func TestReportSaysWhatWasNotCheckedAndWhatAPassSaw(t *testing.T) {
	r := &Report{
		Plugin: PluginReport{Name: "acme", Checks: []CheckResult{}},
		Components: []ComponentReport{{Kind: "builder", Name: "acme", Checks: []CheckResult{
			{ID: "builder.run", Status: Skip, Message: "Run waited on a connection to api.example.com:443"},
			{ID: "builder.cancel", Status: Pass, Message: "cancelled 4ms into Run, while it waited on a connection to api.example.com:443"},
		}}},
		Incomplete: []Gap{
			{Reason: `builder "acme": its main scenario did not run (builder.run skipped: Run waited on a connection to api.example.com:443)`, Short: `builder "acme": builder.run did not run`},
			{Reason: `datasource "facts": the checks that need a valid configuration did not run: the empty configuration is rejected`, Short: `datasource "facts": no configuration it accepts`},
			{Reason: "no check matches --run \"nomatch\"\n(a second line)"},
		},
	}
	var text strings.Builder
	if err := Write(&text, r, "text", false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(text.String()), "\n")
	want := `not checked: builder "acme": builder.run did not run; datasource "facts": no configuration it accepts; no check matches --run "nomatch" (why: "incomplete" above)`
	if last := lines[len(lines)-1]; last != want {
		t.Errorf("last line %q\nwant %q", last, want)
	}
	var junit strings.Builder
	if err := Write(&junit, r, "junit", false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(junit.String(), "<system-out>cancelled 4ms into Run, while it waited on a connection to api.example.com:443</system-out>") {
		t.Errorf("the JUnit pass does not carry its evidence:\n%s", junit.String())
	}
}
