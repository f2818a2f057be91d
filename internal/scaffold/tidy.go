package scaffold

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// tidyDeps runs go mod tidy on the project in dir as it will be once
// files and tree are written, and puts the go.mod and go.sum it writes
// into tree. It works on a scratch copy of the project's Go sources, so
// the project itself is only touched when the whole addition is written.
//
// A merge that raised what the project already required (HashiCorp's
// template pins an older SDK and go version) leaves modules the new SDK
// needs at their old versions, and the go command then refuses to build
// ("updates to go.mod needed"): only tidy computes the module graph.
func tidyDeps(ctx context.Context, dir string, tree fileTree, files []File) error {
	work, err := scratch.MkdirTemp("", "packer-plugin-dev-tidy-")
	if err != nil {
		return err
	}
	defer scratch.RemoveAll(work)
	if err := copyGoSources(dir, work); err != nil {
		return fmt.Errorf("copy the project's Go files to run go mod tidy: %w", err)
	}
	for _, f := range append(files, tree.sorted()...) {
		dst := filepath.Join(work, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, "go", "mod", "tidy")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := scratch.RunGo(cmd); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("go mod tidy, needed because the component raised the project's go version or SDK, failed (nothing was changed in %s): %v\n%s", dir, err, strings.TrimSpace(out.String()))
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(work, name))
		if err != nil {
			return err
		}
		f := tree[name]
		if f.Path == "" {
			f = File{Path: name, Mode: 0o644}
		}
		f.Data = data
		tree[name] = f
	}
	return nil
}

// copyGoSources copies what go mod tidy reads from the module in src into
// dst: go.mod, go.sum and every .go file, outside nested modules, testdata
// and the folders the go command ignores (.git, _x, .x).
func copyGoSources(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if rel == "." {
				return nil
			}
			name := d.Name()
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || (!strings.HasSuffix(rel, ".go") && rel != "go.mod" && rel != "go.sum") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
}
