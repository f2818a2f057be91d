package upgrade

import (
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
)

func TestCompareSortsEveryCheck(t *testing.T) {
	before := &report.Report{
		Plugin: report.PluginReport{Checks: []report.CheckResult{{ID: "plugin.describe", Status: report.Warn}}},
		Components: []report.ComponentReport{{Kind: "builder", Name: "foo", Checks: []report.CheckResult{
			{ID: "builder.run", Status: report.Pass},
			{ID: "config.core-keys", Status: report.Fail},
			{ID: "docs.spec", Status: report.Pass},
		}}},
	}
	after := &report.Report{
		Plugin: report.PluginReport{Checks: []report.CheckResult{{ID: "plugin.describe", Status: report.Pass}}},
		Components: []report.ComponentReport{{Kind: "builder", Name: "foo", Checks: []report.CheckResult{
			{ID: "builder.run", Status: report.Fail, Message: "boom"},
			{ID: "config.core-keys", Status: report.Fail},
			{ID: "builder.cancel", Status: report.Skip},
		}}},
	}
	d := Compare(before, after)
	ids := func(cs []Change) (out []string) {
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	if got := ids(d.Fixed); len(got) != 2 || got[0] != "plugin.describe" || got[1] != "builder.cancel" {
		t.Errorf("fixed = %v, want plugin.describe (warn->pass) and builder.cancel (new, skip)", got)
	}
	if got := ids(d.Broken); len(got) != 2 || got[0] != "builder.run" || got[1] != "docs.spec" {
		t.Errorf("broken = %v, want builder.run (pass->fail) and docs.spec (gone)", got)
	}
	if got := ids(d.Unchanged); len(got) != 1 || got[0] != "config.core-keys" {
		t.Errorf("unchanged = %v, want config.core-keys", got)
	}
	if !d.Worse() || d.Broken[0].Message != "boom" {
		t.Errorf("Worse() = %v, message %q", d.Worse(), d.Broken[0].Message)
	}
}
