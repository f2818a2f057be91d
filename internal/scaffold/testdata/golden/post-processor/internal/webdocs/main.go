// Command webdocs compiles the plugin's documentation for the Packer
// integrations page; `go generate ./...` runs it (see main.go). In order:
//
//  1. docs-partials/<kind>/<name>/*.mdx from the comments of the structs
//     with mapstructure tags under builder/, provisioner/, post-processor/
//     and datasource/, written by packer-sdc struct-markdown;
//  2. the pages of docs/ with their @include lines resolved, by packer-sdc
//     renderdocs (which also knows the SDK's own partials, such as
//     packer-plugin-sdk/communicator/Config-not-required.mdx);
//  3. .web-docs/README.md from docs/README.md, and
//     .web-docs/components/<type>/<slug>/README.md from each
//     docs/<kinds>/<slug>.mdx, without its front matter and H1 (the
//     integrations page shows its own title), as HashiCorp's
//     compile-to-webdocs script does.
//
// packer-sdc is the go.mod tool, run with `go tool`: nothing to install.
//
// struct-markdown finds the project root by walking up from the file to a
// folder named packer-plugin-*, and gives up otherwise (on Linux it never
// returns). This project's folder may have any name (packer-plugin-dev new
// makes packer-<kind>-<name>), so each file is copied into a temporary
// packer-plugin-<name>/ tree at the same relative path, the module's own
// root name, and struct-markdown runs on the copy: it reads only that file,
// so the partials are the same as in a packer-plugin-<name> checkout, on
// every OS, with no symlink.
//
// The output depends only on the sources: running it twice changes nothing.
package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// componentTypes maps docs/ folders to the integrations page's component
// types.
var componentTypes = map[string]string{
	"builders":        "builder",
	"provisioners":    "provisioner",
	"post-processors": "post-processor",
	"datasources":     "data-source",
}

// sourceDirs hold the components' packages.
var sourceDirs = []string{"builder", "datasource", "post-processor", "provisioner"}

func main() {
	if err := run("."); err != nil {
		fmt.Fprintln(os.Stderr, "webdocs:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	name, err := pluginName(root)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "webdocs-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := partials(root, filepath.Join(tmp, "packer-plugin-"+name)); err != nil {
		return err
	}
	rendered := filepath.Join(tmp, "rendered")
	if err := sdc(root, "renderdocs", "-src", "docs", "-partials", "docs-partials", "-dst", rendered); err != nil {
		return err
	}
	return compile(rendered, filepath.Join(root, ".web-docs"))
}

// pluginName is <name> of the module path's last element, packer-plugin-<name>.
func pluginName(root string) (string, error) {
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			module := strings.Trim(strings.TrimSpace(rest), `"`)
			if name, ok := strings.CutPrefix(module[strings.LastIndex(module, "/")+1:], "packer-plugin-"); ok {
				return name, nil
			}
			return "", fmt.Errorf("module %s does not end in packer-plugin-<name>", module)
		}
	}
	return "", fmt.Errorf("go.mod has no module line")
}

// partials rewrites docs-partials/<dir>/ for every component package dir
// with documented structs, running struct-markdown on copies under fake,
// a folder named packer-plugin-<name>.
func partials(root, fake string) error {
	var files []string
	for _, dir := range sourceDirs {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if os.IsNotExist(err) {
				return filepath.SkipDir
			}
			if err != nil || d.IsDir() || !documented(path) {
				return err
			}
			files = append(files, path)
			return nil
		})
		if err != nil {
			return err
		}
	}
	cleaned := map[string]bool{}
	for _, file := range files {
		rel, err := filepath.Rel(root, file)
		if err != nil {
			return err
		}
		// Partials of a struct or field that is gone must go too.
		if out := filepath.Join(root, "docs-partials", filepath.Dir(rel)); !cleaned[out] {
			cleaned[out] = true
			old, _ := filepath.Glob(filepath.Join(out, "*.mdx"))
			for _, o := range old {
				if err := os.Remove(o); err != nil {
					return err
				}
			}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		cp := filepath.Join(fake, rel)
		if err := os.MkdirAll(filepath.Dir(cp), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(cp, data, 0o644); err != nil {
			return err
		}
		if err := sdc(root, "struct-markdown", cp); err != nil {
			return err
		}
	}
	from := filepath.Join(fake, "docs-partials")
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		return copyFile(path, filepath.Join(root, "docs-partials", rel))
	})
}

// documented: a Go source, neither a test nor packer-sdc's HCL2 spec, with
// mapstructure tags (a configuration or a data source's output).
func documented(path string) bool {
	if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, ".hcl2spec.go") {
		return false
	}
	data, err := os.ReadFile(path)
	return err == nil && bytes.Contains(data, []byte(`mapstructure:"`))
}

// compile writes .web-docs from the rendered docs: README.md as it is,
// each component page without front matter and H1. components/ is
// rewritten whole, so a removed page leaves no README behind.
func compile(rendered, web string) error {
	readme, err := os.ReadFile(filepath.Join(rendered, "README.md"))
	if err != nil {
		return fmt.Errorf("docs/README.md: %w", err)
	}
	if err := os.RemoveAll(filepath.Join(web, "components")); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(web, "README.md"), forWeb(readme)); err != nil {
		return err
	}
	pages, err := filepath.Glob(filepath.Join(rendered, "*", "*.mdx"))
	if err != nil {
		return err
	}
	for _, page := range pages {
		typ, ok := componentTypes[filepath.Base(filepath.Dir(page))]
		if !ok || filepath.Base(page) == "index.mdx" {
			continue
		}
		data, err := os.ReadFile(page)
		if err != nil {
			return err
		}
		slug := strings.TrimSuffix(filepath.Base(page), ".mdx")
		if err := writeFile(filepath.Join(web, "components", typ, slug, "README.md"), forWeb(data)); err != nil {
			return err
		}
	}
	return nil
}

// forWeb drops a page's YAML front matter and its H1.
func forWeb(page []byte) []byte {
	s := strings.ReplaceAll(string(page), "\r\n", "\n")
	if rest, ok := strings.CutPrefix(s, "---\n"); ok {
		if _, body, found := strings.Cut(rest, "\n---\n"); found {
			s = body
		}
	}
	s = strings.TrimLeft(s, "\n")
	if strings.HasPrefix(s, "# ") {
		_, s, _ = strings.Cut(s, "\n")
		s = strings.TrimLeft(s, "\n")
	}
	return []byte(s)
}

// sdc runs the project's packer-sdc (a go.mod tool) in root.
func sdc(root string, args ...string) error {
	cmd := exec.Command("go", append([]string{"tool", "packer-sdc"}, args...)...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("packer-sdc %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return writeFile(to, data)
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
