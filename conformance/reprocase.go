package conformance

import (
	"sort"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/repro"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// A finding's repro: which recipe shows it (its check's, or a crash's),
// and what the check hands it (the component as configured, details the
// check noted). Package repro writes and runs it.

// recipeOf is the recipe of check c's verdict s: its FAIL's, or its WARN's
// when core shows that too.
func recipeOf(c *Check, s report.Status) repro.Recipe {
	switch s {
	case report.Fail:
		return c.repro
	case report.Warn:
		return c.warnRepro
	}
	return nil
}

// crashInOwnScenario are the checks whose repro feeds the component what
// the check fed it (a wrong or unknown key, a datasource's output), so it
// shows a crash that input provokes too.
var crashInOwnScenario = map[string]bool{"config.wrong-type": true, "config.unknown-key": true, "datasource.output": true}

// recipeFor is the recipe of a verdict of check c: a crash's own, else
// the check's.
func recipeFor(c *Check, s report.Status, crash crashID) repro.Recipe {
	if crash != (crashID{}) && !crashInOwnScenario[c.ID] {
		return reproCrash(crash.call)
	}
	return recipeOf(c, s)
}

// reproNote records a detail of this finding for its repro.
func (t *checkEnv) reproNote(key, value string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.reproDetail == nil {
		t.reproDetail = map[string]string{}
	}
	t.reproDetail[key] = value
}

// reproCase is the repro input of the check t ran, shown by recipe.
func (t *checkEnv) reproCase(recipe repro.Recipe) *repro.Case {
	rc := &repro.Case{Component: t.Component, JSON: map[string]any{}, Detail: t.reproDetail, Recipe: recipe}
	if b := t.suite.sample.Block(t.Component); b != nil {
		rc.Env = b.Env
	}
	if t.setup == nil {
		return rc
	}
	cfg := t.setup.config
	if cfg == nil {
		cfg = t.setup.attempt
	}
	if cfg != nil {
		rc.JSON = cfg.JSON
		rc.Body = hclBody(cfg)
	}
	return rc
}

// hclBody writes a configuration as the inside of an HCL2 block: the
// sample file block's own text (so nested blocks stay blocks), else its
// attributes' values (an example template's may read variables).
func hclBody(cfg *validConfig) string {
	if cfg.block != nil && cfg.block.Text != "" {
		return cfg.block.Text
	}
	f := hclwrite.NewEmptyFile()
	if !cfg.Value.IsNull() {
		for _, name := range ctyAttrNames(cfg.Value.Type()) {
			v := cfg.Value.GetAttr(name)
			if v.IsNull() || !v.IsKnown() || naming.IsCoreKey(name) {
				continue
			}
			f.Body().SetAttributeValue(name, v)
		}
	}
	return string(f.Bytes())
}

// ctyAttrNames lists an object type's attribute names, sorted.
func ctyAttrNames(t cty.Type) []string {
	var out []string
	if t.IsObjectType() {
		for n := range t.AttributeTypes() {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
