package scaffold

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// refuseLosses fails when writing the project into dir, an existing plugin
// project, would lose what the author made there: a component its main.go
// registers that the project does not (main.go is written anew, so the
// component's package would be orphaned and its go.mod requirements
// dropped), or another Go module path (every import of the author's code
// would break). Everything else in dir is kept as it is, since Write only
// replaces the files the project generates.
func (p *Project) refuseLosses(dir string) error {
	var losses []string
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
		if mod, err := naming.ModulePath(dir); err == nil && mod != p.Options.Module {
			losses = append(losses, fmt.Sprintf("go.mod is module %s, not %s: the project's imports would break", mod, p.Options.Module))
		}
	}
	main, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		// No main.go to lose registrations from (a folder there is
		// Write's to refuse).
		return lossError(dir, losses, nil)
	}
	ours := map[registration]bool{}
	if f := p.File("main.go"); f != nil {
		for _, r := range registrations(fileTree{"main.go": *f}) {
			ours[r] = true
		}
	}
	var adds []string
	for _, r := range registrations(fileTree{"main.go": File{Data: main}}) {
		if ours[r] {
			continue
		}
		if r.Name == naming.DefaultComponent {
			losses = append(losses, fmt.Sprintf("main.go registers %s under the plugin's name (plugin.DEFAULT_NAME), which new would register as %s %q", r.Kind, p.Options.Kind, p.Options.Name))
			continue
		}
		losses = append(losses, fmt.Sprintf("main.go registers %s %q, which new would drop", r.Kind, r.Name))
		adds = append(adds, fmt.Sprintf("--add %s:%s", r.Kind, r.Name))
	}
	return lossError(dir, losses, adds)
}

func lossError(dir string, losses, adds []string) error {
	if len(losses) == 0 {
		return nil
	}
	fix := "grow it with packer-plugin-dev add instead, or give new another --dir"
	if len(adds) > 0 {
		fix = fmt.Sprintf("grow it with packer-plugin-dev add instead, keep them with %s, or give new another --dir", strings.Join(adds, " "))
	}
	return fmt.Errorf("%s is a plugin project that new --force would break, so nothing was written:\n  %s\n%s",
		dir, strings.Join(losses, "\n  "), fix)
}
