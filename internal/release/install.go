package release

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// PluginDir is the folder Packer installs plugins into, found the way
// Packer 1.16 finds it (observed): $PACKER_PLUGIN_PATH; else the config
// folder's plugins/, where the config folder is $PACKER_CONFIG_DIR/.packer.d,
// else ~/.packer.d if it exists, else $XDG_CONFIG_HOME/packer, else
// ~/.config/packer.
func PluginDir(getenv func(string) string) (string, error) {
	if p := getenv("PACKER_PLUGIN_PATH"); p != "" {
		if strings.ContainsRune(p, os.PathListSeparator) {
			return "", fmt.Errorf("PACKER_PLUGIN_PATH=%q holds several paths; Packer 1.16 accepts one folder only: set it to one", p)
		}
		return p, nil
	}
	if d := getenv("PACKER_CONFIG_DIR"); d != "" {
		return filepath.Join(d, ".packer.d", "plugins"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot find the plugin folder: set PACKER_PLUGIN_PATH or HOME")
		}
		home = h
	}
	if fi, err := os.Stat(filepath.Join(home, ".packer.d")); err == nil && fi.IsDir() {
		return filepath.Join(home, ".packer.d", "plugins"), nil
	}
	if x := getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "packer", "plugins"), nil
	}
	return filepath.Join(home, ".config", "packer", "plugins"), nil
}

// Installed is a plugin binary placed in Packer's plugin folder.
type Installed struct {
	Source   string               `json:"source"`
	Path     string               `json:"path"`
	Checksum string               `json:"checksum_file"`
	Version  string               `json:"version"`
	Describe *harness.Description `json:"describe"`
}

// InstallBinary copies bin into pluginDir exactly as `packer plugins install
// --path BIN SOURCE` does: <dir>/<source>/packer-plugin-<name>_v<version>_<api>_<os>_<arch>[.exe]
// mode 0755, plus <that>_SHA256SUM holding the bare lowercase hex digest.
func InstallBinary(ctx context.Context, bin, source, pluginDir string) (*Installed, error) {
	host, ns, name, err := ParseSource(source)
	if err != nil {
		return nil, err
	}
	bin = absDir(bin) // a bare file name must not be looked up in PATH
	d, err := harness.Describe(ctx, bin)
	if err != nil {
		return nil, err
	}
	if err := validateVersion(d.Version, true); err != nil {
		return nil, fmt.Errorf("%s describe reports %q: Packer installs a local binary only with version X.Y.Z or X.Y.Z-dev", bin, d.Version)
	}
	if err := validateAPIVersion(d.APIVersion); err != nil {
		return nil, fmt.Errorf("%s describe: %w", bin, err)
	}
	h := Host()
	n := Name{Plugin: name, Version: d.Version, APIVersion: d.APIVersion, OS: h.OS, Arch: h.Arch}
	dir := filepath.Join(pluginDir, host, ns, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	dst := filepath.Join(dir, n.Binary())
	sum, err := copyExecutable(bin, dst)
	if err != nil {
		return nil, fmt.Errorf("installing %s: %w", dst, err)
	}
	sumFile := dst + "_SHA256SUM"
	if err := writeFileAtomic(sumFile, []byte(sum)); err != nil {
		return nil, err
	}
	return &Installed{Source: source, Path: dst, Checksum: sumFile, Version: d.Version, Describe: d}, nil
}

// copyExecutable copies src to dst (0755) through writeAtomic and returns
// the sha256 of what it copied.
func copyExecutable(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	h := sha256.New()
	err = writeAtomic(dst, 0o755, func(w io.Writer) error {
		_, err := io.Copy(io.MultiWriter(w, h), in)
		return err
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// BuildDev builds the host binary of the plugin in dir with prerelease dev
// into out. version overrides the X.Y.Z written in the version package.
func BuildDev(ctx context.Context, o Options, version, out string) (Plan, error) {
	o.defaults()
	out = absDir(out)
	plan, err := ResolveProject(o)
	if err != nil {
		return plan, err
	}
	plan.Version = version
	if plan.Version == "" {
		plan.Version = plan.VersionPackage.Version
	}
	if plan.Version == "" {
		plan.Version = "0.0.0"
	}
	if err := validateVersion(plan.Version, false); err != nil {
		return plan, fmt.Errorf("%s.Version is %q: %w; fix it or pass --version X.Y.Z", plan.VersionPackage.ImportPath, plan.Version, err)
	}
	plan.Prerelease = "dev"
	if err := goBuild(ctx, o.GoCmd, o.Dir, o.Main, LDFlags(plan.VersionPackage, plan.Version, plan.Prerelease), out, Host()); err != nil {
		return plan, err
	}
	if _, err := checkDescribe(ctx, out, plan); err != nil {
		return plan, err
	}
	return plan, nil
}

// RequiredPlugins is the block to paste into a template for source at
// version. Packer matches an installed X.Y.Z-dev binary with ">= X.Y.Z".
func RequiredPlugins(source, version string) string {
	core, _, _ := strings.Cut(version, "-")
	name := source[strings.LastIndex(source, "/")+1:]
	return fmt.Sprintf(`packer {
  required_plugins {
    %s = {
      version = ">= %s"
      source  = "%s"
    }
  }
}
`, name, core, source)
}
