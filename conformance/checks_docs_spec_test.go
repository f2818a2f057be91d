package conformance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

// docs.spec reads a component's page from the project folder: each fixture
// folder under testdata/docs is a project whose page for the misbehave
// plugin's conf-good post-processor is right or wrong in one way.
func TestDocsSpec(t *testing.T) {
	cases := []struct {
		project string
		status  report.Status
		want    string
	}{
		// Attributes in a partial, @include'd as packer-sdc renderdocs does.
		{"documented", report.Pass, "docs/post-processors/misbehave-conf-good.mdx documents all 2 attributes"},
		{"undocumented", report.Warn, "does not document `level`"},
		{"nonexistent", report.Fail, "documents `compression`, which the component's HCL2 spec does not have"},
		// A partial that cannot be read: the pass says what was seen.
		{"unreadable-include", report.Pass, "docs/post-processors/misbehave-conf-good.mdx documents 1 of the spec's 2 attributes; not judged: 1 attribute, as it includes 'post-processor/conf-good/Config-not-required.mdx', which could not be read"},
		// No page at all.
		{"missing", report.Warn, "no documentation page for post-processor \"misbehave-conf-good\""},
	}
	for _, c := range cases {
		t.Run(c.project, func(t *testing.T) {
			r, err := RunSuite(testContext(t), Options{
				Binary: testBin(t), ProjectDir: "testdata/docs/" + c.project,
				Only:   []harness.Component{{Kind: harness.KindPostProcessor, Name: "conf-good"}},
				Filter: Filter{Run: `^docs\.spec$`},
			})
			if err != nil {
				t.Fatal(err)
			}
			res, ok := r.Result("post-processor", "conf-good", "docs.spec")
			if !ok || res.Status != c.status || !strings.Contains(res.Message, c.want) || c.status == report.Pass && c.project != "documented" && strings.Contains(res.Message, "documents all") {
				t.Fatalf("docs.spec: %s %q, want %s containing %q", res.Status, res.Message, c.status, c.want)
			}
			if c.status == report.Fail {
				reproDocumentedAttributeInPacker(t, r)
			}
		})
	}
}

// The FAIL's repro sets the documented attribute in a template, and real
// Packer rejects it; without that one line it validates.
func reproDocumentedAttributeInPacker(t *testing.T, r *Run) {
	packer, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, _ := writeRepros(t, r, dir, testBin(t), "", 1).Result("post-processor", "conf-good", "docs.spec")
	if res.Repro == nil {
		t.Fatal("no repro for the docs.spec FAIL")
	}
	if code, out := runRepro(t, res.Repro.Dir, packer); code != 1 || !strings.Contains(out, "Unsupported argument") {
		t.Fatalf("repro.sh exited %d, want 1 with Packer's \"Unsupported argument\":\n%s", code, out)
	}
	tmpl := filepath.Join(res.Repro.Dir, "repro.pkr.hcl")
	b, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.Contains(line, "compression = ") {
			kept = append(kept, line)
		}
	}
	if err := os.WriteFile(tmpl, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out := runRepro(t, res.Repro.Dir, packer); code != 0 {
		t.Errorf("without the attribute the repro exited %d, want 0:\n%s", code, out)
	}
}

// Checks that read the project's files skip on a bare binary.
func TestDocsChecksSkipWithoutTheProject(t *testing.T) {
	r, err := RunSuite(testContext(t), Options{
		Binary: testBin(t),
		Only:   []harness.Component{{Kind: harness.KindPostProcessor, Name: "conf-good"}},
		Filter: Filter{Run: `^docs\.`},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"docs.spec", "docs.metadata"} {
		kind, name := "post-processor", "conf-good"
		if id == "docs.metadata" {
			kind, name = "", ""
		}
		res, ok := r.Result(kind, name, id)
		if !ok || res.Status != report.Skip || !strings.Contains(res.Message, "project folder is not known") {
			t.Errorf("%s: %s %q", id, res.Status, res.Message)
		}
	}
}

// What docs.spec says is what it found: "all" only when the page documents
// every attribute of the spec, and the counts of what it does not judge.
func TestDocsSpecSaysWhatItFound(t *testing.T) {
	spec := map[string]bool{"output": true, "level": true, "ssh_host": true, "packer_force": true}
	cases := []struct {
		name       string
		documented []string
		unresolved []string
		fail, warn string
		pass       string
	}{
		{name: "communicator left to Packer's docs", documented: []string{"output", "level"},
			pass: "p.mdx documents 2 of the spec's 3 attributes; not on it: 1 attribute of the SDK's communicator config, which Packer's communicator docs cover"},
		{name: "all", documented: []string{"output", "level", "ssh_host"}, pass: "p.mdx documents all 3 attributes"},
		{name: "unreadable include", documented: []string{"output"}, unresolved: []string{"'x.mdx'"},
			pass: "p.mdx documents 1 of the spec's 3 attributes; not judged: 2 attributes, as it includes 'x.mdx', which could not be read"},
		{name: "undocumented", documented: []string{"output"}, warn: "p.mdx does not document `level`"},
		{name: "nonexistent", documented: []string{"output", "level", "ssh_host", "compression", "keep_input_artifact"},
			fail: "p.mdx documents `compression`, which the component's HCL2 spec does not have"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := judgeDocs("p.mdx", c.documented, spec, string(harness.KindPostProcessor), c.unresolved)
			if !strings.HasPrefix(v.fail, c.fail) || (c.fail == "") != (v.fail == "") {
				t.Errorf("fail %q, want %q", v.fail, c.fail)
			}
			if got := strings.Join(v.warns, "\n"); !strings.HasPrefix(got, c.warn) || (c.warn == "") != (got == "") {
				t.Errorf("warnings %q, want %q", got, c.warn)
			}
			if c.pass != "" && v.pass != c.pass {
				t.Errorf("pass %q, want %q", v.pass, c.pass)
			}
		})
	}
}
