package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/prompt"
)

// ctrlCPrompter answers every question with Ctrl-C, as survey reads it.
type ctrlCPrompter struct{}

func (ctrlCPrompter) Select(string, []string, string) (string, error) {
	return "", prompt.ErrInterrupted
}
func (ctrlCPrompter) Input(string, string, func(string) error) (string, error) {
	return "", prompt.ErrInterrupted
}

// Ctrl-C at a prompt of new or add is exit 130, saying nothing was
// written, as in every command.
func TestCtrlCAtAPromptIs130(t *testing.T) {
	for _, args := range [][]string{{"new"}, {"add"}} {
		dir := t.TempDir()
		t.Chdir(dir)
		ios, _, _, stderr := iostreams.Test()
		ios.SetTTY(true, true, true)
		f := &Factory{IOStreams: ios, Prompter: ctrlCPrompter{}, Getenv: func(string) string { return "" }, GitConfig: func(string) string { return "" }}
		if code := Run(context.Background(), f, args); code != ExitInterrupted {
			t.Errorf("%v at a prompt: exit %d, want 130; stderr:\n%s", args, code, stderr)
		}
		if !strings.Contains(stderr.String(), "interrupted: nothing was") || strings.Contains(stderr.String(), "Error:") {
			t.Errorf("%v at a prompt said:\n%s", args, stderr)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%v at a prompt left %v", args, entries)
		}
	}
}

// A signal cancels the command's context: whatever the command's work then
// fails with (context canceled, a killed go command), the exit is 130 with
// what the command leaves, and release's --out is untouched.
func TestSignalDuringReleaseIs130(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"go.mod":             "module github.com/acme/packer-plugin-greet\n\ngo 1.25.11\n",
		"main.go":            "package main\n\nfunc main() {}\n",
		"version/version.go": "package version\n\nvar (\n\tVersion           = \"1.0.0\"\n\tVersionPrerelease = \"\"\n)\n",
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ios, _, _, stderr := iostreams.Test()
	f := &Factory{IOStreams: ios, Prompter: ctrlCPrompter{}, Getenv: func(string) string { return "" }, GitConfig: func(string) string { return "" }}
	out := filepath.Join(dir, "dist")
	if code := Run(ctx, f, []string{"release", dir, "--version", "1.0.0", "--targets", "linux/amd64", "--out", out}); code != ExitInterrupted {
		t.Errorf("release interrupted: exit %d, want 130; stderr:\n%s", code, stderr)
	}
	if want := "interrupted: the output folder is as it was"; !strings.Contains(stderr.String(), want) || strings.Contains(stderr.String(), "context canceled") {
		t.Errorf("release interrupted said:\n%s\nwant %q", stderr, want)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("release interrupted made %s", out)
	}
}
