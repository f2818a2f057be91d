package release

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Plan is what a release resolves from the project before building.
type Plan struct {
	Module         string
	Plugin         string
	VersionPackage VersionPackage
	Version        string // X.Y.Z
	Prerelease     string // "" or "dev" (snapshot)
}

// FullVersion is X.Y.Z or X.Y.Z-dev.
func (p Plan) FullVersion() string {
	if p.Prerelease == "" {
		return p.Version
	}
	return p.Version + "-" + p.Prerelease
}

// Resolve reads the module, the plugin name, the version package and the
// version, without building anything.
func Resolve(ctx context.Context, o Options) (Plan, error) {
	p, err := ResolveProject(o)
	if err != nil {
		return p, err
	}
	if o.Snapshot {
		p.Version, err = SnapshotVersion(ctx, o.Dir, p.VersionPackage.Version)
		p.Prerelease = "dev"
		return p, err
	}
	if o.Version == "" {
		return p, fmt.Errorf("no version: pass --version X.Y.Z, or --snapshot for a development build")
	}
	if err := ValidateReleaseVersion(o.Version); err != nil {
		return p, err
	}
	p.Version = o.Version
	return p, nil
}

// ResolveProject reads the module path, plugin name and version package of
// the project in o.Dir, building nothing: what a build needs, checked first.
func ResolveProject(o Options) (Plan, error) {
	o.defaults()
	var p Plan
	var err error
	if p.Module, err = naming.ModulePath(o.Dir); err != nil {
		return p, err
	}
	if o.Name != "" {
		if err := ValidatePluginName(o.Name); err != nil {
			return p, fmt.Errorf("--name: %w", err)
		}
		p.Plugin = o.Name
	} else if p.Plugin, err = naming.PluginName(p.Module, absDir(o.Dir)); err != nil {
		return p, err
	}
	if o.VersionPackage != "" {
		p.VersionPackage, err = LoadVersionPackage(o.Dir, p.Module, o.VersionPackage)
	} else {
		p.VersionPackage, err = FindVersionPackage(o.Dir, p.Module)
	}
	return p, err
}

func absDir(dir string) string {
	if a, err := filepath.Abs(dir); err == nil {
		return a
	}
	return dir
}
