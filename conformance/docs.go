package conformance

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/packer-plugin-sdk/communicator"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
	"github.com/packer-plugin-dev/packer-plugin-dev/schema"
)

// The documentation a plugin ships: each component's page against its
// spec. Pages are read from the project folder, as HashiCorp's plugins lay
// them out: compiled into .web-docs/components/<type>/<slug>/README.md, or
// written in docs/<kinds>/<slug>.mdx with @include'd partials.

var checkDocsSpec = &Check{
	ID: "docs.spec", Kinds: allKinds,
	Summary: "every attribute of the component's HCL2 spec is documented, and every documented attribute exists",
	run:     runDocsSpec,
}

// noProjectFolder is why a check that reads the project's files skips.
const noProjectFolder = "the plugin's project folder is not known (a binary outside its project was given): run `packer-plugin-dev test PATH` on the project, or on a binary built in it, to check its files"

func runDocsSpec(t *checkEnv) error {
	dir := t.suite.opts.ProjectDir
	if dir == "" {
		return skipf("%s", noProjectFolder)
	}
	if t.setup.spec == nil {
		return skipf("no ConfigSpec to compare with (see config.spec)")
	}
	slug := templateName(t.suite.plugin(), t.Component)
	kind := string(t.Component.Kind)
	page, err := plugindocs.ReadComponent(dir, kind, slug, t.Component.Name)
	if err != nil {
		return err
	}
	if page == nil {
		var looked []string
		for _, s := range plugindocs.Slugs(slug, t.Component.Name) {
			looked = append(looked, plugindocs.WebDocsPage(kind, s), plugindocs.SourcePage(kind, s))
		}
		t.Warnf("no documentation page for %s %q: looked for %s. The integrations page and users read it; write %s with the attributes (packer-sdc struct-markdown generates them from the config's comments)",
			t.Component.Kind, slug, strings.Join(looked, ", "), plugindocs.SourcePage(kind, slug))
		return nil
	}
	spec := schema.FromSpec(t.setup.spec).Names()
	if t.Component.Kind == harness.KindDatasource {
		// A datasource's page also documents what it returns.
		p, err := t.Start()
		if err != nil {
			return err
		}
		out, err := p.OutputSpec()
		if err != nil {
			return failf("OutputSpec failed: %v", errorText(err))
		}
		maps.Copy(spec, schema.FromSpec(out).Names())
	}
	var missing, undocumented, commUndocumented []string
	for _, name := range page.Names() {
		if !spec[name] && !slices.Contains(naming.CoreArguments(kind), name) {
			missing = append(missing, "`"+name+"`")
		}
	}
	documented := map[string]bool{}
	for _, n := range page.Names() {
		documented[n] = true
	}
	for name := range spec {
		switch {
		case documented[name] || naming.IsCoreKey(name):
		case communicatorKeys()[name]:
			commUndocumented = append(commUndocumented, name)
		default:
			undocumented = append(undocumented, "`"+name+"`")
		}
	}
	if len(commUndocumented) > 0 {
		t.Notef("%d attributes of the SDK's communicator config are not on the page; Packer's communicator docs cover them", len(commUndocumented))
	}
	slices.Sort(missing)
	slices.Sort(undocumented)
	if len(page.Unresolved) > 0 {
		t.Notef("%s includes %s, which could not be read, so undocumented attributes are not reported", page.Path, strings.Join(page.Unresolved, ", "))
		undocumented = nil
	}
	if len(undocumented) > 0 {
		t.Warnf("%s does not document %s: users and the integrations page cannot find them (document the config fields and regenerate the docs)", page.Path, strings.Join(undocumented, ", "))
	}
	if len(missing) > 0 {
		t.reproNote("attr", strings.Trim(missing[0], "`"))
		return failf("%s documents %s, which the component's HCL2 spec does not have: a template that sets them as the docs say fails `packer validate` with \"Unsupported argument\". Remove them from the docs, or add them to the config and regenerate its spec", page.Path, strings.Join(missing, ", "))
	}
	t.Notef("%s documents all %s", page.Path, plural(len(spec)-countCore(spec), "attribute"))
	return nil
}

// communicatorKeys are the attributes of the SDK's communicator.Config,
// which builders embed; their pages usually leave them to Packer's
// communicator docs.
var communicatorKeys = sync.OnceValue(func() map[string]bool {
	return schema.FromSpec(new(communicator.FlatConfig).HCL2Spec()).Names()
})

func countCore(spec map[string]bool) int {
	n := 0
	for name := range spec {
		if naming.IsCoreKey(name) {
			n++
		}
	}
	return n
}
