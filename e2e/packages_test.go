package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const modulePath = "github.com/packer-plugin-dev/packer-plugin-dev/"

// The README's package table is the architecture, and the guard looks both
// ways: every package `go list` shows has a row, every row is a package,
// each row's imports are exactly what the package imports of this module,
// and no import runs up a floor.
func TestReadmePackageGraph(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readPackageTable(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "../...").Output()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string][]string{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		var ours []string
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, modulePath) {
				ours = append(ours, strings.TrimPrefix(imp, modulePath))
			}
		}
		listed[strings.TrimPrefix(p.ImportPath, modulePath)] = ours
	}
	for _, e := range graphErrors(rows, listed) {
		t.Error(e)
	}
}

// The guard itself fails on each way the table and the code can part.
func TestPackageGraphGuardLooksBothWays(t *testing.T) {
	rows := []packageRow{
		{pkg: "cmd/tool", floor: 2, imports: []string{"core"}},
		{pkg: "core", floor: 1, imports: []string{"leaf"}},
		{pkg: "leaf", floor: 0},
		{pkg: "gone", floor: 0},
	}
	listed := map[string][]string{
		"cmd/tool": {"core"},
		"core":     {"leaf"},
		"leaf":     {"core"}, // up a floor, and not in its row
		"extra":    {"leaf"}, // no row
	}
	got := strings.Join(graphErrors(rows, listed), "\n")
	for _, want := range []string{
		"leaf imports [core]; the README says []",
		"leaf (floor 0) imports core (floor 1): an import runs up a floor",
		"extra is a package the README's table lacks",
		"the README lists gone, which is not a package",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the guard does not say %q; it says:\n%s", want, got)
		}
	}
	if strings.Contains(got, "cmd/tool") {
		t.Errorf("the guard faults cmd/tool, which is as its row says:\n%s", got)
	}
	rows[0], rows[1] = rows[1], rows[0]
	if got := strings.Join(graphErrors(rows, listed), "\n"); !strings.Contains(got, "the table lists cmd/tool (floor 2) below core (floor 1)") {
		t.Errorf("rows out of floor order pass:\n%s", got)
	}
}

// packageRow is one row of the README's package table.
type packageRow struct {
	pkg     string
	floor   int
	imports []string // sorted
}

// readPackageTable reads the rows of the table in the README's Packages
// section: | floor | `package` | what it owns | imports |.
func readPackageTable(readme string) ([]packageRow, error) {
	section := readme
	if i := strings.Index(section, "## Packages"); i >= 0 {
		section = section[i:]
	}
	if i := strings.Index(section[1:], "\n## "); i >= 0 {
		section = section[:i+1]
	}
	row := regexp.MustCompile("(?m)^\\| (\\d+) \\| `([^`]+)` \\|[^|]*\\| (.*) \\|$")
	var rows []packageRow
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		floor, err := strconv.Atoi(m[1])
		if err != nil {
			return nil, fmt.Errorf("the README's row of %s: floor %q: %v", m[2], m[1], err)
		}
		rows = append(rows, packageRow{pkg: m[2], floor: floor, imports: expandImports(m[3])})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no package table (| floor | package | what it owns | imports |) in the README's Packages section")
	}
	return rows, nil
}

// graphErrors compares the table's rows with the packages listed (each with
// what it imports of this module) and says where they part.
func graphErrors(rows []packageRow, listed map[string][]string) []string {
	var errs []string
	floor := map[string]int{}
	for i, r := range rows {
		if _, dup := floor[r.pkg]; dup {
			errs = append(errs, fmt.Sprintf("the README lists %s twice", r.pkg))
		}
		floor[r.pkg] = r.floor
		// Read top to bottom, the table goes down the house.
		if i > 0 && r.floor > rows[i-1].floor {
			errs = append(errs, fmt.Sprintf("the table lists %s (floor %d) below %s (floor %d): order its rows from the top floor down", r.pkg, r.floor, rows[i-1].pkg, rows[i-1].floor))
		}
	}
	pkgs := make([]string, 0, len(listed))
	for p := range listed {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	for _, pkg := range pkgs {
		got := slices.Sorted(slices.Values(listed[pkg]))
		i := slices.IndexFunc(rows, func(r packageRow) bool { return r.pkg == pkg })
		if i < 0 {
			errs = append(errs, fmt.Sprintf("%s is a package the README's table lacks: add its row (floor, what it owns, what it imports)", pkg))
			continue
		}
		if want := rows[i].imports; !slices.Equal(got, want) {
			errs = append(errs, fmt.Sprintf("%s imports %v; the README says %v", pkg, got, want))
		}
		for _, imp := range got {
			if f, ok := floor[imp]; ok && f > rows[i].floor {
				errs = append(errs, fmt.Sprintf("%s (floor %d) imports %s (floor %d): an import runs up a floor", pkg, rows[i].floor, imp, f))
			}
		}
	}
	for _, r := range rows {
		if _, ok := listed[r.pkg]; !ok {
			errs = append(errs, fmt.Sprintf("the README lists %s, which is not a package", r.pkg))
		}
	}
	return errs
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
