package main

// Post-processors that write files in Configure, where a plugin must only
// validate. "writes-abs" writes to its `target` path (an absolute path the
// test picks outside the sandbox); "writes-deleted" writes a file and
// removes it again, which only syscall tracing can see.

import (
	"fmt"
	"os"
	"path/filepath"
)

type hxWrites struct {
	hxPP
	path func(target string) (string, error)
	keep bool
}

func (p *hxWrites) Configure(raws ...any) error {
	if err := p.config.decode(raws...); err != nil {
		return err
	}
	path, err := p.path(p.config.Target)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte("written in Configure\n"), 0o644); err != nil {
		return err
	}
	if !p.keep {
		return os.Remove(path)
	}
	return nil
}

func init() {
	postProcessors["writes-cwd"] = &hxWrites{keep: true, path: func(string) (string, error) {
		return "writes-cwd.txt", nil
	}}
	postProcessors["writes-tmp"] = &hxWrites{keep: true, path: func(string) (string, error) {
		return filepath.Join(os.TempDir(), "writes-tmp.txt"), nil
	}}
	postProcessors["writes-home"] = &hxWrites{keep: true, path: func(string) (string, error) {
		home, err := os.UserHomeDir()
		return filepath.Join(home, ".writes-home"), err
	}}
	postProcessors["writes-abs"] = &hxWrites{keep: true, path: func(target string) (string, error) {
		if !filepath.IsAbs(target) {
			return "", fmt.Errorf("writes-abs needs target set to an absolute path, got %q", target)
		}
		return target, nil
	}}
	postProcessors["writes-deleted"] = &hxWrites{keep: false, path: func(string) (string, error) {
		return filepath.Join(os.TempDir(), "writes-deleted.txt"), nil
	}}
}
