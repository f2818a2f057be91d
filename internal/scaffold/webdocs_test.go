package scaffold

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// metadata is .web-docs/metadata.hcl as the integrations page reads it.
type metadata struct {
	Integration struct {
		Name        string   `hcl:"name"`
		Description string   `hcl:"description"`
		Identifier  string   `hcl:"identifier"`
		Flags       []string `hcl:"flags"`
		Docs        struct {
			ProcessDocs    bool   `hcl:"process_docs"`
			ReadmeLocation string `hcl:"readme_location"`
			ExternalURL    string `hcl:"external_url"`
		} `hcl:"docs,block"`
		License []struct {
			Type string `hcl:"type"`
			URL  string `hcl:"url"`
		} `hcl:"license,block"`
		Components []struct {
			Type string `hcl:"type"`
			Name string `hcl:"name"`
			Slug string `hcl:"slug"`
		} `hcl:"component,block"`
	} `hcl:"integration,block"`
}

func parseMetadata(t *testing.T, p *Project) metadata {
	t.Helper()
	f := p.File(".web-docs/metadata.hcl")
	if f == nil {
		t.Fatal("no .web-docs/metadata.hcl")
	}
	file, diags := hclparse.NewParser().ParseHCL(f.Data, "metadata.hcl")
	if diags.HasErrors() {
		t.Fatalf("metadata.hcl does not parse: %s\n%s", diags, f.Data)
	}
	var m metadata
	if diags := gohcl.DecodeBody(file.Body, nil, &m); diags.HasErrors() {
		t.Fatalf("metadata.hcl does not decode: %s\n%s", diags, f.Data)
	}
	return m
}

// Every component is listed with the type and slug the integrations page
// uses, and has its README; a builder makes the plugin hcp-ready.
func TestMetadataListsEveryComponent(t *testing.T) {
	p, err := Render(grownOptions())
	if err != nil {
		t.Fatal(err)
	}
	m := parseMetadata(t, p).Integration
	if m.Identifier != "packer/acme/sample" || m.Docs.ExternalURL != "https://github.com/acme/packer-plugin-sample" ||
		!m.Docs.ProcessDocs || m.Docs.ReadmeLocation != "./README.md" {
		t.Errorf("integration = %+v", m)
	}
	if p.File(".web-docs/README.md") == nil {
		t.Error("no .web-docs/README.md, the readme_location")
	}
	if !slices.Equal(m.Flags, []string{"hcp-ready"}) {
		t.Errorf("flags = %q, want hcp-ready (the builder's artifacts carry HCP Packer metadata)", m.Flags)
	}
	var got []string
	for _, c := range m.Components {
		got = append(got, c.Type+"/"+c.Slug)
		if p.File(".web-docs/components/"+c.Type+"/"+c.Slug+"/README.md") == nil {
			t.Errorf("component %s/%s has no README", c.Type, c.Slug)
		}
	}
	want := []string{"post-processor/sample", "builder/sample-tarball", "provisioner/sample-remote-run", "data-source/sample-file-facts"}
	if !slices.Equal(got, want) {
		t.Errorf("components = %q, want %q", got, want)
	}
	for _, k := range []Kind{Provisioner, PostProcessor, Datasource} {
		p, err := Render(goldenOptions(k))
		if err != nil {
			t.Fatal(err)
		}
		if flags := parseMetadata(t, p).Integration.Flags; len(flags) != 0 {
			t.Errorf("%s project: flags = %q, want none", k, flags)
		}
	}
}

// A description is an HCL string, whatever it holds.
func TestMetadataQuotesTheDescription(t *testing.T) {
	desc := `Says "hi" \ costs ${var.money} and 100%{x}.`
	p, err := Render(Options{Kind: Builder, Name: "q", Owner: "acme", Description: desc})
	if err != nil {
		t.Fatal(err)
	}
	if got := parseMetadata(t, p).Integration.Description; got != desc {
		t.Errorf("description = %q, want %q", got, desc)
	}
}

// The compiled README has the page without front matter and H1, its
// @include lines replaced by the partials, attribute lines as
// struct-markdown writes them.
func TestComponentReadmeIsTheCompiledPage(t *testing.T) {
	p, err := Render(goldenOptions(Provisioner))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(p.File(".web-docs/components/provisioner/sample/README.md").Data)
	for _, bad := range []string{"---", "# Sample Provisioner", "@include"} {
		if strings.Contains(readme, bad) {
			t.Errorf("README has %q:\n%s", bad, readme)
		}
	}
	for _, want := range []string{"- `command` (string) - Command run on the machine", "- `valid_exit_codes` ([]int) - Exit codes"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README lacks %q:\n%s", want, readme)
		}
	}
	if !strings.HasPrefix(readme, "Type: `sample`") {
		t.Errorf("README starts with %q", readme[:40])
	}
}

func TestLicenses(t *testing.T) {
	for _, tc := range []struct {
		flag, spdx, text string
	}{
		// sha256 of https://www.mozilla.org/media/MPL/2.0/index.txt, which
		// Debian ships as /usr/share/common-licenses/MPL-2.0.
		{"", "MPL-2.0", "fab3dd6bdab226f1c08630b1dd917e11fcb4ec5e1e020e2c16f83a0a13863e85"},
		{"mpl-2.0", "MPL-2.0", "fab3dd6bdab226f1c08630b1dd917e11fcb4ec5e1e020e2c16f83a0a13863e85"},
		// https://www.apache.org/licenses/LICENSE-2.0.txt
		{"Apache-2.0", "Apache-2.0", "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"},
		{"MIT", "MIT", "Copyright (c) acme\n"},
		{"none", "", ""},
	} {
		p, err := Render(Options{Kind: Builder, Name: "lic", Owner: "acme", License: tc.flag})
		if err != nil {
			t.Fatal(err)
		}
		if p.Options.License != tc.spdx && !(tc.spdx == "" && p.Options.License == NoLicense) {
			t.Errorf("--license %q: options say %q", tc.flag, p.Options.License)
		}
		lic := p.File("LICENSE")
		licenses := parseMetadata(t, p).Integration.License
		switch {
		case tc.spdx == "":
			if lic != nil || len(licenses) != 0 {
				t.Errorf("--license none: LICENSE %v, metadata licenses %+v", lic != nil, licenses)
			}
			continue
		case lic == nil:
			t.Errorf("--license %q: no LICENSE", tc.flag)
			continue
		case len(licenses) != 1 || licenses[0].Type != tc.spdx || licenses[0].URL != "https://github.com/acme/packer-plugin-lic/blob/main/LICENSE":
			t.Errorf("--license %q: metadata licenses %+v", tc.flag, licenses)
		}
		sum := sha256.Sum256(lic.Data)
		if hex.EncodeToString(sum[:]) != tc.text && !strings.Contains(string(lic.Data), tc.text) {
			t.Errorf("--license %q: LICENSE is not the license's text:\n%.200s", tc.flag, lic.Data)
		}
	}
	if _, err := Render(Options{Kind: Builder, Name: "lic", Owner: "acme", License: "GPL"}); err == nil ||
		err.Error() != `unknown license "GPL": use one of MPL-2.0, Apache-2.0, MIT, none` {
		t.Errorf("bad license: err = %v", err)
	}
}
