package conformance

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"maps"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/golden"
)

func sampleReport() *Report {
	return &Report{
		Plugin: PluginReport{Path: "bin/packer-plugin-x", Version: "1.0.0", Checks: []CheckResult{{ID: "plugin.describe", Status: StatusPass, Message: "ok", Log: []string{}}}},
		Components: []ComponentReport{{Kind: "post-processor", Name: "x", Checks: []CheckResult{
			{ID: "postprocess.keep", Status: StatusFail, Message: "lost its files", Log: []string{"x plugin: hello"}},
			{ID: "postprocess.cancel", Status: StatusSkip, Message: "skipped with --skip postprocess.cancel", Log: []string{}},
			{ID: "postprocess.input", Status: StatusWarn, Message: "careful", Log: []string{}},
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
	if err := WriteReport(&b, sampleReport(), "json", false); err != nil {
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
// for byte with golden files (go test ./conformance -run TestReportGolden
// -update rewrites them).
func TestReportGolden(t *testing.T) {
	r := sampleReport()
	r.Components[0].Checks[0].Seconds = 1.25
	r.Components[0].Checks[0].Repro = &Repro{Dir: "repro/post-processor-x-postprocess.keep", Command: "packer build .", Packer: "Packer v1.16.0", Confirmed: new(bool)}
	*r.Components[0].Checks[0].Repro.Confirmed = true
	for _, format := range []string{"junit", "json", "text"} {
		var b bytes.Buffer
		if err := WriteReport(&b, r, format, false); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "report."+format), b.Bytes())
	}
	var doc junitSuites
	var b bytes.Buffer
	_ = WriteReport(&b, r, "junit", false)
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil || doc.Tests != 4 || doc.Fails != 1 || doc.Skips != 1 {
		t.Fatalf("the JUnit report does not parse as JUnit: %v %+v", err, doc)
	}
}

func TestTextColourOnlyWhenAsked(t *testing.T) {
	var plain, colour bytes.Buffer
	WriteReport(&plain, sampleReport(), "text", false)
	WriteReport(&colour, sampleReport(), "text", true)
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

func TestFilter(t *testing.T) {
	if _, err := (Filter{Run: "("}).compile(); err == nil || !strings.Contains(err.Error(), "--run") {
		t.Errorf("bad regexp: %v", err)
	}
	if _, err := (Filter{Skip: []string{"postprocess.kep"}}).compile(); err == nil || !strings.Contains(err.Error(), "no such check") {
		t.Errorf("unknown skip id: %v", err)
	}
	sel, err := Filter{Run: `^config\.`, Skip: []string{"config.spec"}}.compile()
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := sel("config.spec"); ok || why == "" {
		t.Errorf("config.spec: %v %q", ok, why)
	}
	if ok, _ := sel("config.repeatable"); !ok {
		t.Error("config.repeatable not selected")
	}
	if ok, why := sel("postprocess.keep"); ok || why != "" {
		t.Errorf("postprocess.keep: %v %q", ok, why)
	}
}

// Every check is registered once, and docs/checks.md has exactly one
// section per check: none missing, none naming no check.
func TestCheckIDsAreStableAndDocumented(t *testing.T) {
	var ids []string
	seen := map[string]bool{}
	for _, c := range Checks() {
		if seen[c.ID] || c.Summary == "" || (c.run == nil) == (c.plugin == nil) || (len(c.Kinds) == 0) != (c.plugin != nil) {
			t.Errorf("check %q is listed twice, has no summary, or does not run on components (Kinds, run) or on the plugin (plugin) alone", c.ID)
		}
		seen[c.ID] = true
		ids = append(ids, c.ID)
	}
	doc, err := readDoc()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range checkSectionErrors(ids, doc) {
		t.Error(e)
	}
}

// checkSectionErrors compares the check ids with the sections of
// docs/checks.md titled by an id alone (## `id`), both ways.
func checkSectionErrors(ids []string, doc string) []string {
	var errs []string
	sections := map[string]int{}
	for _, m := range regexp.MustCompile("(?m)^## `([^`]+)`[ \t]*$").FindAllStringSubmatch(doc, -1) {
		sections[m[1]]++
	}
	for _, id := range ids {
		if sections[id] == 0 {
			errs = append(errs, "docs/checks.md has no section for "+id+": add ## `"+id+"`")
		}
	}
	for _, s := range slices.Sorted(maps.Keys(sections)) {
		switch {
		case !slices.Contains(ids, s):
			errs = append(errs, "docs/checks.md has a section ## `"+s+"`, which names no check")
		case sections[s] > 1:
			errs = append(errs, "docs/checks.md has "+strconv.Itoa(sections[s])+" sections for "+s)
		}
	}
	return errs
}

// The checks.md guard fails on a check without a section and on a section
// without a check.
func TestCheckSectionGuardLooksBothWays(t *testing.T) {
	doc := "## Plugin\n\n## `plugin.describe`\n\n## `plugin.gone`\n\n## The configuration: `conformance.pkr.hcl`\n"
	got := strings.Join(checkSectionErrors([]string{"plugin.describe", "config.spec"}, doc), "\n")
	for _, want := range []string{
		"docs/checks.md has no section for config.spec",
		"docs/checks.md has a section ## `plugin.gone`, which names no check",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the guard does not say %q; it says:\n%s", want, got)
		}
	}
	if strings.Contains(got, "plugin.describe") || strings.Contains(got, "conformance.pkr.hcl") {
		t.Errorf("the guard faults a documented check or a section that is not a check's:\n%s", got)
	}
}

// The last line of a text report names what an incomplete run did not
// check, and a JUnit pass carries its evidence.
func TestReportSaysWhatWasNotCheckedAndWhatAPassSaw(t *testing.T) {
	r := &Report{
		Plugin: PluginReport{Name: "acme", Checks: []CheckResult{}},
		Components: []ComponentReport{{Kind: "builder", Name: "acme", Checks: []CheckResult{
			{ID: "builder.run", Status: StatusSkip, Message: "Run waited on a connection to api.example.com:443"},
			{ID: "builder.cancel", Status: StatusPass, Message: "cancelled 4ms into Run, while it waited on a connection to api.example.com:443"},
		}}},
		Incomplete: []string{
			`builder "acme": its main scenario did not run (builder.run skipped: Run waited on a connection to api.example.com:443)`,
			`datasource "facts": the checks that need a valid configuration did not run: the empty configuration is rejected`,
		},
	}
	var text strings.Builder
	if err := WriteReport(&text, r, "text", false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(text.String()), "\n")
	want := `not checked: builder "acme": builder.run did not run; datasource "facts": no configuration it accepts (why: "incomplete" above)`
	if last := lines[len(lines)-1]; last != want {
		t.Errorf("last line %q\nwant %q", last, want)
	}
	var junit strings.Builder
	if err := WriteReport(&junit, r, "junit", false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(junit.String(), "<system-out>cancelled 4ms into Run, while it waited on a connection to api.example.com:443</system-out>") {
		t.Errorf("the JUnit pass does not carry its evidence:\n%s", junit.String())
	}
}
