package naming

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// BinaryPrefix starts every plugin binary's name: packer-plugin-<name>.
const BinaryPrefix = "packer-plugin-"

// ModulePath reads the module path of the go.mod in dir.
func ModulePath(dir string) (string, error) {
	file := filepath.Join(dir, "go.mod")
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s is not a Go module root (no go.mod): give the plugin's project folder: %w", dir, err)
	}
	if mod := modfile.ModulePath(data); mod != "" {
		return mod, nil
	}
	return "", fmt.Errorf("%s: no module line", file)
}

// PluginName derives <name> from a module path or folder named
// packer-plugin-<name> (a trailing /vN major suffix is skipped).
func PluginName(module, dir string) (string, error) {
	elems := strings.Split(module, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && isDigits(last[1:]) {
		last = elems[len(elems)-2]
	}
	for _, cand := range []string{last, filepath.Base(dir)} {
		if n, ok := strings.CutPrefix(cand, BinaryPrefix); ok && ValidateName(n) == nil {
			return n, nil
		}
	}
	return "", fmt.Errorf("cannot tell the plugin name: neither module %q nor folder %q is named packer-plugin-<name>; give the name (release --name, install --source)", module, filepath.Base(dir))
}

// FromBinary is the name Packer gives the plugin in binary bin: its file
// name without "packer-plugin-" and any "_v1.2.3_x5.0_os_arch" suffix; ""
// when the binary is not named so.
func FromBinary(bin string) string {
	base := strings.TrimSuffix(filepath.Base(bin), ".exe")
	name, ok := strings.CutPrefix(base, BinaryPrefix)
	if !ok {
		return ""
	}
	if i := strings.Index(name, "_v"); i > 0 {
		name = name[:i]
	}
	return name
}

// BinaryName is the name to build the plugin project in dir under, as
// Packer names plugin binaries: packer-plugin-<name>. The name comes from
// the module path when it follows the packer-plugin-<name> convention, else
// from the folder's name without a "packer-plugin-" or
// "packer-<kind>-" prefix.
func BinaryName(dir string) string {
	if module, err := ModulePath(dir); err == nil {
		if name, err := PluginName(module, ""); err == nil {
			return BinaryPrefix + name
		}
	}
	name := filepath.Base(filepath.Clean(dir))
	for _, prefix := range []string{BinaryPrefix, "packer-builder-", "packer-post-processor-", "packer-provisioner-", "packer-datasource-"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" {
			name = rest
			break
		}
	}
	return BinaryPrefix + name
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
