package scaffold

import (
	"fmt"
	"go/format"
	"regexp"
	"strconv"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// The markers in a generated main.go: `add` puts a component's import and
// its registration above them.
const (
	importMarker   = "// packer-plugin-dev:import"
	registerMarker = "// packer-plugin-dev:register"
)

var (
	// newSetCall finds `pps := plugin.NewSet()` and the variable's name.
	newSetCall = regexp.MustCompile(`(?m)^\s*(\w+)\s*:?=\s*\w+\.NewSet\(\)`)
	// registerCall finds `pps.RegisterBuilder("name", new(pkg.Builder))`.
	registerCall = regexp.MustCompile(`(?m)^\s*\w+\.Register(Builder|Provisioner|PostProcessor|Datasource)\(\s*(\w+\.DEFAULT_NAME|"[^"]*")`)
	importBlock  = regexp.MustCompile(`(?m)^import \($`)
)

// registration is a component main.go registers.
type registration struct {
	Kind Kind
	Name string // as registered; naming.DefaultComponent for plugin.DEFAULT_NAME
}

// registrations lists the components tree's main.go registers.
func registrations(tree fileTree) []registration {
	f, ok := tree["main.go"]
	if !ok {
		return nil
	}
	var out []registration
	for _, m := range registerCall.FindAllStringSubmatch(string(f.Data), -1) {
		r := registration{Name: naming.DefaultComponent}
		for _, k := range Kinds {
			if k.TypeName() == m[1] {
				r.Kind = k
			}
		}
		if strings.HasPrefix(m[2], `"`) {
			r.Name, _ = strconv.Unquote(m[2])
		}
		out = append(out, r)
	}
	return out
}

// errAlreadyThere says the component is registered already: add has
// nothing to do.
type errAlreadyThere struct{ registration }

func (e *errAlreadyThere) Error() string {
	return fmt.Sprintf("%s %q is already in the project", e.Kind, e.Name)
}

// checkNameFree fails when component d is registered already (an
// *errAlreadyThere), or when a component of another kind has its name:
// both would share example/<name>.pkr.hcl, and users could not tell them
// apart.
func checkNameFree(regs []registration, d *componentData) error {
	for _, r := range regs {
		name := r.Name
		if name == naming.DefaultComponent {
			name = d.Plugin
		}
		switch {
		case name == d.Name && r.Kind == d.Kind:
			return &errAlreadyThere{r}
		case name == d.Name:
			return fmt.Errorf("the project already has a %s named %q: a %s of the same name would share its example/%s.pkr.hcl; choose another name for the %s",
				r.Kind, name, d.Kind, name, d.Kind)
		}
	}
	return nil
}

// register imports component d's package in main.go and registers it with
// the plugin set: at the markers of a generated main.go, else next to the
// registrations already there (as in a project from HashiCorp's
// packer-plugin-scaffolding). When it finds neither, it says which lines to
// add.
func register(tree fileTree, d *componentData) (note string, err error) {
	f, ok := tree["main.go"]
	if !ok {
		return "", fmt.Errorf("there is no main.go: a Packer plugin's main package registers its components with plugin.NewSet()")
	}
	src := string(f.Data)
	set := newSetCall.FindStringSubmatch(src)
	if set == nil {
		return "", fmt.Errorf("main.go does not call plugin.NewSet(): this is not a Packer plugin's main package (give the project folder of a plugin made with packer-plugin-dev new or HashiCorp's packer-plugin-scaffolding)")
	}
	imp := fmt.Sprintf("%s %q", d.Alias, d.Module+"/"+d.Dir)
	call := fmt.Sprintf("%s.%s(%s, new(%s.%s))", set[1], d.Kind.RegisterMethod(), d.Registered, d.Alias, d.Kind.TypeName())
	reg := fmt.Sprintf("%s // %s %q", call, d.HCLBlock, d.Address)
	if !hasLine(f.Data, imp) {
		out, ok := insertBefore([]byte(src), importMarker, []byte("\t"+imp+"\n"))
		if !ok {
			out, ok = insertImport(src, imp)
		}
		if ok {
			src = string(out)
		} else {
			note = fmt.Sprintf("main.go has no import block to add to: add import %s", imp)
		}
	}
	if !strings.Contains(squeeze(src), squeeze(call)) {
		out, ok := insertBefore([]byte(src), registerMarker, []byte("\t"+reg+"\n"))
		if !ok {
			out = insertAfterRegistrations(src, set, reg)
		}
		src = string(out)
	}
	formatted, err := format.Source([]byte(src))
	if err != nil {
		return "", fmt.Errorf("main.go with %s registered does not parse (%v): add the lines yourself:\n    import %s\n    %s", d.Name, err, imp, reg)
	}
	f.Data = formatted
	tree["main.go"] = f
	return note, nil
}

// squeeze is s with every run of spaces one space, to compare code that
// gofmt may have realigned.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

// insertImport adds imp as the last entry of main.go's import block.
func insertImport(src, imp string) ([]byte, bool) {
	loc := importBlock.FindStringIndex(src)
	if loc == nil {
		return nil, false
	}
	end := strings.Index(src[loc[1]:], "\n)")
	if end < 0 {
		return nil, false
	}
	at := loc[1] + end + 1
	return []byte(src[:at] + "\t" + imp + "\n" + src[at:]), true
}

// insertAfterRegistrations puts reg after the last Register call, or after
// the NewSet call when there is none.
func insertAfterRegistrations(src string, set []string, reg string) []byte {
	at := strings.Index(src, set[0]) + len(set[0])
	if all := registerCall.FindAllStringIndex(src, -1); len(all) > 0 {
		at = all[len(all)-1][1]
	}
	eol := strings.IndexByte(src[at:], '\n')
	if eol < 0 {
		eol = len(src) - at
	}
	at += eol
	return []byte(src[:at] + "\n\t" + reg + src[at:])
}
