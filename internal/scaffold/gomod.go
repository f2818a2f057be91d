package scaffold

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

const (
	// packerSDC is the go.mod tool the components' go:generate lines run.
	packerSDC = "github.com/hashicorp/packer-plugin-sdk/cmd/packer-sdc"
	// goCty is replaced by the fork the SDK needs (packer-contract.md).
	goCty, goCtyFork, goCtyForkVersion = "github.com/zclconf/go-cty", "github.com/nywilken/go-cty", "v1.13.3"
)

// mergeDeps makes tree's go.mod and go.sum hold what a component of kind
// needs (templates/deps/<kind>, a tidy project of that kind): missing
// requirements are added and older ones raised, never lowered, and so is
// the go directive (to the skeleton's, which the SDK we pin needs); go.sum
// gets the union of both, sorted as the go command sorts it.
//
// raised says that something the project required already (a module or
// the go version) was raised: the rest of its module graph may then need
// raising too, which only go mod tidy can tell (tidyDeps). A project whose
// requirements were all at least ours is tidy after the merge.
func mergeDeps(fsys fs.FS, tree fileTree, kind Kind) (raised bool, err error) {
	req, err := fs.ReadFile(fsys, "deps/"+string(kind)+"/require")
	if err != nil {
		return false, fmt.Errorf("templates for %s have no dependency list: run scripts/update-template-deps.sh: %w", kind, err)
	}
	sum, err := fs.ReadFile(fsys, "deps/"+string(kind)+"/go.sum")
	if err != nil {
		return false, fmt.Errorf("templates for %s have no go.sum: run scripts/update-template-deps.sh: %w", kind, err)
	}
	skel, err := fs.ReadFile(fsys, "skeleton/go.mod.tmpl")
	if err != nil {
		return false, fmt.Errorf("templates have no skeleton go.mod: %w", err)
	}
	goVersion := goDirective.FindSubmatch(skel)
	if goVersion == nil {
		return false, fmt.Errorf("templates: skeleton/go.mod.tmpl has no go directive")
	}
	mod, ok := tree["go.mod"]
	if !ok {
		return false, fmt.Errorf("there is no go.mod: give the plugin's project folder, the one with go.mod and main.go")
	}
	if mod.Data, raised, err = mergeGoMod(mod.Data, req, string(goVersion[1])); err != nil {
		return false, err
	}
	tree["go.mod"] = mod
	gosum, ok := tree["go.sum"]
	if !ok {
		gosum = File{Path: "go.sum", Mode: 0o644}
	}
	gosum.Data = mergeGoSum(gosum.Data, sum)
	tree["go.sum"] = gosum
	return raised, nil
}

// goDirective finds the go version of a go.mod.
var goDirective = regexp.MustCompile(`(?m)^go (\S+)$`)

// mergeGoMod adds the requirements of deps (go.mod require blocks) to
// gomod, with the go-cty replacement and the packer-sdc tool, and raises
// its go directive to at least goVersion (dropping a toolchain line below
// it). raised says whether anything gomod had was raised.
func mergeGoMod(gomod, deps []byte, goVersion string) (out []byte, raised bool, err error) {
	f, err := modfile.Parse("go.mod", gomod, nil)
	if err != nil {
		return nil, false, fmt.Errorf("go.mod does not parse: %w", err)
	}
	d, err := modfile.Parse("deps", append([]byte("module deps\n\n"), deps...), nil)
	if err != nil {
		return nil, false, fmt.Errorf("templates: dependency list does not parse: %w", err)
	}
	if f.Go == nil || goLess(f.Go.Version, goVersion) {
		raised = true
		if err := f.AddGoStmt(goVersion); err != nil {
			return nil, false, err
		}
		if f.Toolchain != nil && goLess(strings.TrimPrefix(f.Toolchain.Name, "go"), goVersion) {
			f.DropToolchainStmt()
		}
	}
	have := map[string]*modfile.Require{}
	for _, r := range f.Require {
		have[r.Mod.Path] = r
	}
	reqs := append([]*modfile.Require(nil), f.Require...)
	for _, r := range d.Require {
		h, ok := have[r.Mod.Path]
		if !ok {
			reqs = append(reqs, &modfile.Require{Mod: r.Mod, Indirect: r.Indirect})
			continue
		}
		if semver.Compare(h.Mod.Version, r.Mod.Version) < 0 {
			raised = true
			if err := f.AddRequire(r.Mod.Path, r.Mod.Version); err != nil {
				return nil, false, err
			}
		}
		if h.Indirect && !r.Indirect {
			h.Indirect = false
		}
	}
	f.SetRequireSeparateIndirect(reqs)
	if !replaces(f, goCty) {
		if err := f.AddReplace(goCty, "", goCtyFork, goCtyForkVersion); err != nil {
			return nil, false, err
		}
	}
	if !hasTool(f, packerSDC) {
		if err := f.AddTool(packerSDC); err != nil {
			return nil, false, err
		}
	}
	f.SortBlocks()
	f.Cleanup()
	return modfile.Format(f.Syntax), raised, nil
}

// goLess reports whether go version a (1.24, 1.24.12, 1.25rc1) is older
// than b.
func goLess(a, b string) bool {
	return semver.Compare(goSemver(a), goSemver(b)) < 0
}

// goSemver spells a go version as semver: 1.25rc1 is v1.25.0-rc1.
func goSemver(v string) string {
	pre := ""
	if i := strings.IndexAny(v, "abcdefghijklmnopqrstuvwxyz"); i > 0 {
		v, pre = v[:i], "-"+v[i:]
	}
	if strings.Count(v, ".") == 1 {
		v += ".0"
	}
	return "v" + v + pre
}

func replaces(f *modfile.File, path string) bool {
	for _, r := range f.Replace {
		if r.Old.Path == path {
			return true
		}
	}
	return false
}

func hasTool(f *modfile.File, path string) bool {
	for _, t := range f.Tool {
		if t.Path == path {
			return true
		}
	}
	return false
}

// mergeGoSum is the union of two go.sum files, in the go command's order:
// modules sorted by path and semantic version, each one's hashes sorted.
func mergeGoSum(a, b []byte) []byte {
	hashes := map[module.Version]map[string]bool{}
	for _, data := range [][]byte{a, b} {
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) != 3 {
				continue
			}
			m := module.Version{Path: f[0], Version: f[1]}
			if hashes[m] == nil {
				hashes[m] = map[string]bool{}
			}
			hashes[m][f[2]] = true
		}
	}
	mods := make([]module.Version, 0, len(hashes))
	for m := range hashes {
		mods = append(mods, m)
	}
	module.Sort(mods)
	var out strings.Builder
	for _, m := range mods {
		var hs []string
		for h := range hashes[m] {
			hs = append(hs, h)
		}
		sort.Strings(hs)
		for _, h := range hs {
			fmt.Fprintf(&out, "%s %s %s\n", m.Path, m.Version, h)
		}
	}
	return []byte(out.String())
}
