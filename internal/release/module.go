package release

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// DefaultSource maps github.com/OWNER/packer-plugin-NAME to the source
// address Packer uses for it, github.com/OWNER/NAME.
func DefaultSource(module, name string) (string, error) {
	elems := strings.Split(module, "/")
	if len(elems) >= 3 && elems[0] == "github.com" {
		return "github.com/" + elems[1] + "/" + name, nil
	}
	return "", fmt.Errorf("module %q is not on github.com, so there is no default source: pass --source github.com/OWNER/%s", module, name)
}

// ParseSource checks github.com/<ns>/<name> and returns its parts.
func ParseSource(source string) (host, ns, name string, err error) {
	parts := strings.Split(source, "/")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return "", "", "", fmt.Errorf("source %q: want <host>/<namespace>/<name>, for example github.com/acme/greet", source)
	}
	if err := ValidatePluginName(parts[2]); err != nil {
		return "", "", "", fmt.Errorf("source %q: %w", source, err)
	}
	return parts[0], parts[1], parts[2], nil
}

// VersionPackage is the package of the plugin that declares the Version and
// VersionPrerelease string variables the release sets with -X.
type VersionPackage struct {
	ImportPath string `json:"import_path"`
	// Version and Prerelease are the values written in the source, used by
	// install and by --snapshot when there is no tag.
	Version    string `json:"version"`
	Prerelease string `json:"prerelease"`
	// HasMetadata reports a VersionMetadata variable, cleared at release so
	// describe reports exactly X.Y.Z.
	HasMetadata bool `json:"has_metadata"`

	main bool // the variables live in package main
}

// LinkerPath is the symbol prefix -X needs: the import path, or "main".
func (vp VersionPackage) LinkerPath() string {
	if vp.main {
		return "main"
	}
	return vp.ImportPath
}

// FindVersionPackage walks the module in dir (module path module) for
// packages that declare both Version and VersionPrerelease at package level.
// One match is used; with several, <module>/version wins; otherwise the
// caller must choose.
func FindVersionPackage(dir, module string) (VersionPackage, error) {
	var found []VersionPackage
	var problems []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != dir {
			if name == "testdata" || name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // a nested module is not part of this one
			}
		}
		rel, _ := filepath.Rel(dir, p)
		importPath := module
		if rel != "." {
			importPath = path.Join(module, filepath.ToSlash(rel))
		}
		vp, ok, problem, err := inspectPackage(p, importPath)
		if err != nil {
			return err
		}
		if problem != "" {
			problems = append(problems, problem)
		}
		if ok {
			found = append(found, vp)
		}
		return nil
	})
	if err != nil {
		return VersionPackage{}, err
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		for _, vp := range found {
			if vp.ImportPath == module+"/version" {
				return vp, nil
			}
		}
		var paths []string
		for _, vp := range found {
			paths = append(paths, vp.ImportPath)
		}
		sort.Strings(paths)
		return VersionPackage{}, fmt.Errorf("several packages declare Version and VersionPrerelease (%s): pass --version-package with the one main uses", strings.Join(paths, ", "))
	case len(problems) > 0:
		return VersionPackage{}, fmt.Errorf("%s", strings.Join(problems, "; "))
	default:
		return VersionPackage{}, fmt.Errorf("no package in module %s declares string variables Version and VersionPrerelease, so the release cannot set the version: add them to a package (for example %s/version) and pass them to plugin.Set.SetVersion", module, module)
	}
}

// LoadVersionPackage inspects one named package (from --version-package).
func LoadVersionPackage(dir, module, importPath string) (VersionPackage, error) {
	rel, ok := strings.CutPrefix(importPath, module)
	if !ok || (rel != "" && rel[0] != '/') {
		return VersionPackage{}, fmt.Errorf("version package %q is not inside module %s", importPath, module)
	}
	vp, found, problem, err := inspectPackage(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(rel, "/"))), importPath)
	switch {
	case err != nil:
		return VersionPackage{}, err
	case problem != "":
		return VersionPackage{}, fmt.Errorf("%s", problem)
	case !found:
		return VersionPackage{}, fmt.Errorf("package %s does not declare both Version and VersionPrerelease as package-level string variables", importPath)
	}
	return vp, nil
}

// inspectPackage parses the non-test Go files in dir. problem explains a
// near miss, such as a Version constant, which -X cannot set.
func inspectPackage(dir, importPath string) (vp VersionPackage, ok bool, problem string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return vp, false, "", err
	}
	var pkgName string
	vars := map[string]*ast.ValueSpec{}
	consts := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, perr := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if perr != nil {
			return vp, false, "", fmt.Errorf("parsing %s: %w", filepath.Join(dir, n), perr)
		}
		pkgName = f.Name.Name
		for _, decl := range f.Decls {
			gd, isGen := decl.(*ast.GenDecl)
			if !isGen || (gd.Tok != token.VAR && gd.Tok != token.CONST) {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for _, id := range vs.Names {
					if gd.Tok == token.CONST {
						consts[id.Name] = true
					} else {
						vars[id.Name] = vs
					}
				}
			}
		}
	}
	_, hasV := vars["Version"]
	_, hasP := vars["VersionPrerelease"]
	if !hasV || !hasP {
		if (hasV || consts["Version"]) && (hasP || consts["VersionPrerelease"]) {
			return vp, false, fmt.Sprintf("%s declares Version or VersionPrerelease as a constant: -X can only set string variables, make them var", importPath), nil
		}
		return vp, false, "", nil
	}
	vp = VersionPackage{ImportPath: importPath, main: pkgName == "main"}
	_, vp.HasMetadata = vars["VersionMetadata"]
	for name, dst := range map[string]*string{"Version": &vp.Version, "VersionPrerelease": &vp.Prerelease} {
		s, settable := stringValue(vars[name], name)
		if !settable {
			return VersionPackage{}, false, fmt.Sprintf("%s.%s is not a string variable initialised with a literal: -X can only set those", importPath, name), nil
		}
		*dst = s
	}
	return vp, true, "", nil
}

// stringValue returns the literal a string var is initialised with, and
// whether -X can set it (type string, and no non-constant initialiser).
func stringValue(vs *ast.ValueSpec, name string) (string, bool) {
	if vs.Type != nil {
		if id, isIdent := vs.Type.(*ast.Ident); !isIdent || id.Name != "string" {
			return "", false
		}
	}
	if len(vs.Values) == 0 {
		return "", vs.Type != nil
	}
	for i, id := range vs.Names {
		if id.Name != name || i >= len(vs.Values) {
			continue
		}
		lit, isLit := vs.Values[i].(*ast.BasicLit)
		if !isLit || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		return s, err == nil
	}
	return "", false
}
