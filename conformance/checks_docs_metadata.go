package conformance

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
)

// The integrations page: .web-docs/metadata.hcl registers the plugin and
// its components, as hashicorp/integration-template documents it. The
// server that reads it is private and fails silently: a plugin whose file
// it cannot use gets empty docs.

var checkDocsMetadata = &Check{
	ID:      "docs.metadata",
	Summary: ".web-docs/metadata.hcl parses, names this plugin, uses only known flags, lists the components describe lists, each with its README",
	run:     runDocsMetadata,
}

// integrationFlags are the flags the integrations framework knows for
// Packer plugins.
var integrationFlags = []string{"archived", "hcp-ready"}

// integrationMetadata is metadata.hcl as integration-template documents it;
// what it does not name is left alone.
type integrationMetadata struct {
	Integration struct {
		Name        string   `hcl:"name"`
		Description string   `hcl:"description"`
		Identifier  string   `hcl:"identifier"`
		Flags       []string `hcl:"flags,optional"`
		Docs        *struct {
			ProcessDocs    *bool    `hcl:"process_docs,optional"`
			ReadmeLocation *string  `hcl:"readme_location,optional"`
			ExternalURL    *string  `hcl:"external_url,optional"`
			Remain         hcl.Body `hcl:",remain"`
		} `hcl:"docs,block"`
		Components []struct {
			Type   string   `hcl:"type"`
			Name   string   `hcl:"name"`
			Slug   string   `hcl:"slug"`
			Remain hcl.Body `hcl:",remain"`
		} `hcl:"component,block"`
		Remain hcl.Body `hcl:",remain"`
	} `hcl:"integration,block"`
}

func runDocsMetadata(t *checkEnv) error {
	s := t.suite
	dir := s.opts.ProjectDir
	switch {
	case dir == "":
		return skipf("%s", noProjectFolder)
	case s.desc == nil:
		return skipf("describe failed (see plugin.describe), so there are no components to compare with")
	}
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(plugindocs.MetadataFile)))
	if os.IsNotExist(err) {
		return skipf("no %s: the plugin is not set up for the Packer integrations page (optional; packer-plugin-dev new sets it up)", plugindocs.MetadataFile)
	}
	if err != nil {
		return err
	}
	fails, warns := judgeMetadata(dir, src, s)
	return t.findings(fails, warns, fmt.Sprintf("%s registers %s", plugindocs.MetadataFile, plural(len(s.desc.Components()), "component")))
}

// judgeMetadata finds what the integrations framework cannot use (fails)
// and what it would publish wrong (warnings).
func judgeMetadata(dir string, src []byte, s *suite) (fails, warns []string) {
	file, diags := hclparse.NewParser().ParseHCL(src, plugindocs.MetadataFile)
	var md integrationMetadata
	if !diags.HasErrors() {
		diags = gohcl.DecodeBody(file.Body, nil, &md)
	}
	if diags.HasErrors() {
		return []string{fmt.Sprintf("%s cannot be read as hashicorp/integration-template documents it, so the integrations page gets no docs: %s", plugindocs.MetadataFile, diags.Error())}, nil
	}
	in := md.Integration
	plugin := s.plugin()
	org, name, ok := parseIdentifier(in.Identifier)
	if !ok {
		fails = append(fails, fmt.Sprintf("identifier %q is not packer/<org>/<name>", in.Identifier))
	} else {
		if plugin != "" && name != plugin {
			warns = append(warns, fmt.Sprintf("identifier %q names plugin %q, but this plugin is %q", in.Identifier, name, plugin))
		}
		if want := moduleOrg(dir); want != "" && org != want {
			warns = append(warns, fmt.Sprintf("identifier %q names GitHub owner %q, but the module is published by %q", in.Identifier, org, want))
		}
	}
	for _, f := range in.Flags {
		switch {
		case !slices.Contains(integrationFlags, f):
			fails = append(fails, fmt.Sprintf("flag %q is not one the integrations framework knows (%s)", f, strings.Join(integrationFlags, ", ")))
		case f == "archived":
			warns = append(warns, "flag \"archived\" marks the plugin unmaintained on the integrations page (the scaffolding template ships it): remove it unless that is so")
		}
	}
	processDocs := in.Docs == nil || in.Docs.ProcessDocs == nil || *in.Docs.ProcessDocs
	if processDocs {
		readme := "./README.md"
		if in.Docs != nil && in.Docs.ReadmeLocation != nil {
			readme = *in.Docs.ReadmeLocation
		}
		if _, err := os.Stat(filepath.Join(dir, plugindocs.WebDocsDir, filepath.FromSlash(readme))); err != nil {
			fails = append(fails, fmt.Sprintf("docs.readme_location %q does not exist next to %s: the integration's main page is empty", readme, plugindocs.MetadataFile))
		}
	} else if in.Docs.ExternalURL == nil || *in.Docs.ExternalURL == "" {
		fails = append(fails, "docs.process_docs is false without an external_url: integration-template requires one to link to")
	}

	listed := map[string]bool{}
	for _, c := range in.Components {
		key := c.Type + " " + c.Slug
		listed[key] = true
		if !slices.Contains(plugindocs.IntegrationTypes, c.Type) {
			fails = append(fails, fmt.Sprintf("component %q has type %q: the integrations framework knows %s", c.Slug, c.Type, strings.Join(plugindocs.IntegrationTypes, ", ")))
			continue
		}
		if processDocs {
			readme := plugindocs.ComponentReadme(c.Type, c.Slug)
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(readme))); err != nil {
				fails = append(fails, fmt.Sprintf("component %s %q has no %s: its page is empty (compile docs/ into .web-docs/)", c.Type, c.Slug, readme))
			}
		}
	}
	for _, c := range s.desc.Components() {
		typ, address := plugindocs.IntegrationType(string(c.Kind)), templateName(plugin, c)
		found := false
		for _, slug := range plugindocs.Slugs(address, c.Name) {
			found = found || listed[typ+" "+slug]
			delete(listed, typ+" "+slug)
		}
		if !found {
			warns = append(warns, fmt.Sprintf("describe lists %s %q, which %s does not register: it has no page on the integrations page", c.Kind, address, plugindocs.MetadataFile))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(listed)) {
		warns = append(warns, fmt.Sprintf("%s registers component %s, which describe does not list: its page documents nothing users can use", plugindocs.MetadataFile, key))
	}
	return fails, warns
}

// parseIdentifier splits packer/<org>/<name>.
func parseIdentifier(id string) (org, name string, ok bool) {
	parts := strings.Split(id, "/")
	if len(parts) != 3 || parts[0] != "packer" || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// moduleOrg is the GitHub owner of the project's module
// (github.com/<org>/packer-plugin-<name>), "" when it is elsewhere.
func moduleOrg(dir string) string {
	mod, err := naming.ModulePath(dir)
	if err != nil {
		return ""
	}
	parts := strings.Split(mod, "/")
	if len(parts) >= 3 && parts[0] == "github.com" {
		return parts[1]
	}
	return ""
}
