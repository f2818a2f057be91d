package sample

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

func configured(t *testing.T, cfg map[string]interface{}) *PostProcessor {
	t.Helper()
	p := new(PostProcessor)
	if err := p.Configure(cfg); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	return p
}

// input is an artifact whose Destroy is recorded, never performed.
type input struct {
	packersdk.MockArtifact
	files     []string
	destroyed bool
}

func (a *input) Files() []string { return a.files }
func (a *input) Destroy() error  { a.destroyed = true; return nil }

func TestConfigureHasNoSideEffects(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub", "sums")
	configured(t, map[string]interface{}{"output": out})
	if _, err := os.Stat(filepath.Dir(out)); !os.IsNotExist(err) {
		t.Fatalf("Configure touched the filesystem: %v", err)
	}
}

func TestPostProcessWritesManifestAndKeepsInput(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("hello\n"), 0o644)
	os.WriteFile(b, nil, 0o644)
	out := filepath.Join(dir, "SHA256SUMS")
	p := configured(t, map[string]interface{}{"output": out})
	in := &input{files: []string{a, b}}
	ui := new(packersdk.MockUi)

	art, keep, force, err := p.PostProcess(context.Background(), ui, in)
	if err != nil {
		t.Fatalf("PostProcess: %v", err)
	}
	if !keep || force {
		t.Fatalf("keep=%v forceOverride=%v, want keep=true forceOverride=false", keep, force)
	}
	if art == packersdk.Artifact(in) {
		t.Fatal("PostProcess returned its input artifact")
	}
	want := "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  " + filepath.ToSlash(a) + "\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  " + filepath.ToSlash(b) + "\n"
	if got, _ := os.ReadFile(out); string(got) != want {
		t.Fatalf("manifest:\n%s\nwant:\n%s", got, want)
	}
	if in.destroyed {
		t.Fatal("PostProcess destroyed its input")
	}
	if got, _ := os.ReadFile(a); string(got) != "hello\n" {
		t.Fatalf("input file modified: %q", got)
	}
	if !strings.Contains(ui.SayMessages[0].Message, "Wrote checksum manifest of 2 file(s)") {
		t.Fatalf("ui = %+v", ui.SayMessages)
	}
	if files := art.Files(); len(files) != 1 || files[0] != out {
		t.Fatalf("artifact files = %v, want [%s]", files, out)
	}
	if err := art.Destroy(); err != nil {
		t.Fatalf("Destroy: %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("Destroy left the manifest: %v", err)
	}
	if _, err := os.Stat(a); err != nil {
		t.Fatalf("destroying the manifest removed an input file: %v", err)
	}
}

func TestManifestArtifactPathIsAbsolute(t *testing.T) {
	t.Chdir(t.TempDir())
	dir, _ := os.Getwd() // TempDir may sit behind a symlink (macOS)
	os.WriteFile("a.txt", []byte("data"), 0o644)
	p := configured(t, map[string]interface{}{"output": "sums"})
	art, _, _, err := p.PostProcess(context.Background(), new(packersdk.MockUi), &input{files: []string{"a.txt"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "sums"); art.Files()[0] != want {
		t.Fatalf("artifact files = %v, want [%s]", art.Files(), want)
	}
}

func TestPostProcessNeedsFiles(t *testing.T) {
	p := configured(t, map[string]interface{}{"output": filepath.Join(t.TempDir(), "sums")})
	_, _, _, err := p.PostProcess(context.Background(), new(packersdk.MockUi), &input{})
	if err == nil || !strings.Contains(err.Error(), "no files") {
		t.Fatalf("PostProcess of an artifact without files: err = %v", err)
	}
}

func TestPostProcessMissingInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sums")
	p := configured(t, map[string]interface{}{"output": out})
	_, _, _, err := p.PostProcess(context.Background(), new(packersdk.MockUi), &input{files: []string{filepath.Join(dir, "gone")}})
	if err == nil || !strings.Contains(err.Error(), "gone") {
		t.Fatalf("PostProcess of a missing file: err = %v, want one naming it", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("failed run left a manifest: %v", err)
	}
}

func TestPostProcessRefusesToOverwriteAnInput(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	os.WriteFile(a, []byte("data"), 0o644)
	p := configured(t, map[string]interface{}{"output": a})
	if _, _, _, err := p.PostProcess(context.Background(), new(packersdk.MockUi), &input{files: []string{a}}); err == nil {
		t.Fatal("PostProcess overwrote its own input")
	}
	if got, _ := os.ReadFile(a); string(got) != "data" {
		t.Fatalf("input file modified: %q", got)
	}
}

func TestPostProcessHonoursCancellation(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	os.WriteFile(a, []byte("data"), 0o644)
	out := filepath.Join(dir, "sums")
	p := configured(t, map[string]interface{}{"output": out})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, _, err := p.PostProcess(ctx, new(packersdk.MockUi), &input{files: []string{a}}); err == nil {
		t.Fatal("cancelled PostProcess returned no error")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("cancelled run left a manifest: %v", err)
	}
}
