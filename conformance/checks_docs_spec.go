package conformance

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/packer-plugin-sdk/communicator"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/plugindocs"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/schema"
)

// The documentation a plugin ships: each component's page against its
// spec. Pages are read from the project folder, as HashiCorp's plugins lay
// them out: compiled into .web-docs/components/<type>/<slug>/README.md, or
// written in docs/<kinds>/<slug>.mdx with @include'd partials.

var checkDocsSpec = &Check{
	ID: "docs.spec", Kinds: onAll,
	Summary: "every attribute of the component's HCL2 spec is documented, and every documented attribute exists",
	run:     runDocsSpec,
	repro:   reproDocumentedAttribute,
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
	v := judgeDocs(page.Path, page.Names(), spec, kind, page.Unresolved)
	for _, w := range v.warns {
		t.Warnf("%s", w)
	}
	if v.fail != "" {
		t.reproNote("attr", v.reproAttr)
		return failf("%s", v.fail)
	}
	t.Notef("%s", v.pass)
	return nil
}

// docsVerdict is what docs.spec found on a page: a failure (documented
// attributes the spec lacks), warnings (spec attributes the page lacks),
// and what a pass says, which states exactly what was found.
type docsVerdict struct {
	fail      string
	reproAttr string // the first documented attribute the spec lacks
	warns     []string
	pass      string
}

// judgeDocs compares the attributes a page documents with the spec's
// names (a datasource's outputs included) for a component of kind.
// unresolved are the page's includes that could not be read.
func judgeDocs(path string, documented []string, spec map[string]bool, kind string, unresolved []string) docsVerdict {
	var v docsVerdict
	var missing, undocumented, commUndocumented []string
	onPage := map[string]bool{}
	for _, name := range documented {
		onPage[name] = true
		if !spec[name] && !slices.Contains(naming.CoreArguments(kind), name) {
			missing = append(missing, "`"+name+"`")
		}
	}
	total, covered := 0, 0
	for name := range spec {
		if naming.IsCoreKey(name) {
			continue
		}
		total++
		switch {
		case onPage[name]:
			covered++
		case communicatorKeys()[name]:
			commUndocumented = append(commUndocumented, name)
		default:
			undocumented = append(undocumented, "`"+name+"`")
		}
	}
	slices.Sort(missing)
	slices.Sort(undocumented)
	missing = slices.Compact(missing)
	if len(unresolved) > 0 {
		v.pass = fmt.Sprintf("%s documents %d of the spec's %s; not judged: %s, as it includes %s, which could not be read",
			path, covered, plural(total, "attribute"), plural(total-covered, "attribute"), strings.Join(unresolved, ", "))
		undocumented = nil
	} else if len(undocumented) > 0 {
		v.warns = append(v.warns, fmt.Sprintf("%s does not document %s: users and the integrations page cannot find them (document the config fields and regenerate the docs)", path, strings.Join(undocumented, ", ")))
	}
	if len(missing) > 0 {
		v.reproAttr = strings.Trim(missing[0], "`")
		v.fail = fmt.Sprintf("%s documents %s, which the component's HCL2 spec does not have: a template that sets them as the docs say fails `packer validate` with \"Unsupported argument\". Remove them from the docs, or add them to the config and regenerate its spec", path, strings.Join(missing, ", "))
	}
	switch {
	case v.pass != "":
	case len(commUndocumented) > 0:
		v.pass = fmt.Sprintf("%s documents %d of the spec's %s; not on it: %s of the SDK's communicator config, which Packer's communicator docs cover",
			path, covered, plural(total, "attribute"), plural(len(commUndocumented), "attribute"))
	case covered == total:
		v.pass = fmt.Sprintf("%s documents all %s", path, plural(total, "attribute"))
	default:
		v.pass = fmt.Sprintf("%s documents %d of the spec's %s", path, covered, plural(total, "attribute"))
	}
	return v
}

// communicatorKeys are the attributes of the SDK's communicator.Config,
// which builders embed; their pages usually leave them to Packer's
// communicator docs.
var communicatorKeys = sync.OnceValue(func() map[string]bool {
	return schema.FromSpec(new(communicator.FlatConfig).HCL2Spec()).Names()
})
