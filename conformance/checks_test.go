package conformance

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

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
		if seen[c.ID] || c.Summary == "" || c.run == nil {
			t.Errorf("check %q is listed twice, has no summary, or has nothing to run", c.ID)
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
