package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const modulePath = "github.com/packer-plugin-dev/packer-plugin-dev/"

// The README's package table is the architecture: each row's imports are
// exactly what the package imports of this module.
func TestReadmePackageGraph(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	if i := strings.Index(section, "## Packages"); i >= 0 {
		section = section[i:]
	}
	if i := strings.Index(section[1:], "\n## "); i >= 0 {
		section = section[:i+1]
	}
	row := regexp.MustCompile("(?m)^\\| `([^`]+)` \\|[^|]*\\| (.*) \\|$")
	documented := map[string][]string{}
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		documented[m[1]] = expandImports(m[2])
	}
	if len(documented) == 0 {
		t.Fatal("no package table in the README's Packages section")
	}

	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "../...").Output()
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(p.ImportPath, modulePath)
		want, listed := documented[pkg]
		if !listed {
			continue // tests, fixtures and tools are not the architecture
		}
		var got []string
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, modulePath) {
				got = append(got, strings.TrimPrefix(imp, modulePath))
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s imports %v; the README says %v", pkg, got, want)
		}
		delete(documented, pkg)
	}
	for pkg := range documented {
		t.Errorf("the README lists %s, which is not a package", pkg)
	}
}

// expandImports reads a row's imports: `a`, `b/{c,d}`, or "nothing of ours".
func expandImports(cell string) []string {
	var out []string
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(cell, -1) {
		item := m[1]
		if i := strings.Index(item, "{"); i >= 0 && strings.HasSuffix(item, "}") {
			for _, leaf := range strings.Split(item[i+1:len(item)-1], ",") {
				out = append(out, item[:i]+leaf)
			}
			continue
		}
		out = append(out, item)
	}
	slices.Sort(out)
	return out
}
