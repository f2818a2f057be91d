package tarball

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
	registryimage "github.com/hashicorp/packer-plugin-sdk/packer/registry/image"
	"github.com/mitchellh/mapstructure"
)

func prepared(t *testing.T, cfg map[string]interface{}) *Builder {
	t.Helper()
	b := new(Builder)
	vars, _, err := b.Prepare(cfg)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if strings.Join(vars, ",") != "OutputPath,OutputSHA256" {
		t.Fatalf("generated variables = %v", vars)
	}
	return b
}

func TestPrepareHasNoSideEffects(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "out.txt")
	prepared(t, map[string]interface{}{"path": path, "content": "x"})
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Fatalf("Prepare touched the filesystem: %v", err)
	}
}

func TestRunWritesFileAndRunsProvisioners(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "out.txt")
	b := prepared(t, map[string]interface{}{"path": path, "content": "hello\n"})
	hook := new(packersdk.MockHook)
	ui := new(packersdk.MockUi)

	art, err := b.Run(context.Background(), ui, hook)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "hello\n" {
		t.Fatalf("file = %q, %v; want %q", got, err, "hello\n")
	}
	if !hook.RunCalled || hook.RunName != packersdk.HookProvision {
		t.Fatalf("provision hook not run: called=%v name=%q", hook.RunCalled, hook.RunName)
	}
	data, _ := hook.RunData.(map[string]interface{})
	if data["OutputPath"] != path {
		t.Fatalf("generated data OutputPath = %v, want %s", data["OutputPath"], path)
	}
	// sha256 of "hello\n"
	const digest = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
	if art.Id() != digest || data["OutputSHA256"] != digest {
		t.Fatalf("artifact id %s, generated sha %v, want %s", art.Id(), data["OutputSHA256"], digest)
	}
	if files := art.Files(); len(files) != 1 || files[0] != path {
		t.Fatalf("artifact files = %v", files)
	}
	if gd, _ := art.State("generated_data").(map[string]interface{}); gd["OutputSHA256"] != digest {
		t.Fatalf("artifact state generated_data = %v, want OutputSHA256 %s", gd, digest)
	}
	if len(ui.SayMessages) == 0 || !strings.Contains(ui.SayMessages[0].Message, "Wrote "+path) {
		t.Fatalf("ui messages = %+v", ui.SayMessages)
	}
	if err := art.Destroy(); err != nil {
		t.Fatalf("Destroy: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("Destroy left %s: %v", path, err)
	}
}

func TestRunRefusesExistingFileWithoutForce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.txt")
	os.WriteFile(path, []byte("keep me"), 0o644)
	b := prepared(t, map[string]interface{}{"path": path, "content": "new"})
	if _, err := b.Run(context.Background(), new(packersdk.MockUi), new(packersdk.MockHook)); err == nil || !strings.Contains(err.Error(), "-force") {
		t.Fatalf("Run over an existing file: err = %v, want one mentioning -force", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "keep me" {
		t.Fatalf("existing file changed to %q", got)
	}
}

func TestArtifactPathIsAbsolute(t *testing.T) {
	t.Chdir(t.TempDir())
	dir, _ := os.Getwd() // TempDir may sit behind a symlink (macOS)
	b := prepared(t, map[string]interface{}{"path": "out.txt"})
	hook := new(packersdk.MockHook)
	art, err := b.Run(context.Background(), new(packersdk.MockUi), hook)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "out.txt"); art.Files()[0] != want {
		t.Fatalf("artifact files = %v, want [%s]", art.Files(), want)
	}
	// Templates see the path as configured.
	if data, _ := hook.RunData.(map[string]interface{}); data["OutputPath"] != "out.txt" {
		t.Fatalf("OutputPath = %v, want out.txt", data["OutputPath"])
	}
}

func TestRunCancelledRemovesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.txt")
	b := prepared(t, map[string]interface{}{"path": path, "content": "x"})
	ctx, cancel := context.WithCancel(context.Background())
	hook := &packersdk.MockHook{RunFunc: func(context.Context) error {
		cancel() // the user presses Ctrl-C while provisioners run
		<-ctx.Done()
		return ctx.Err()
	}}
	if _, err := b.Run(ctx, new(packersdk.MockUi), hook); err == nil {
		t.Fatal("cancelled Run returned no error")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("cancelled build left %s behind: %v", path, err)
	}
}

func TestProvisionersCannotReachAMachine(t *testing.T) {
	if err := (noCommunicator{}).Start(context.Background(), new(packersdk.RemoteCmd)); err != errNoMachine {
		t.Fatalf("Start = %v, want errNoMachine", err)
	}
}

// HCP Packer reads what a build made from the artifact's
// "par.artifact.metadata" state, as Packer core does: decoded with
// mapstructure (weakly typed, so one image becomes a list of one) into
// registry images, each of which must validate.
func TestArtifactHasHCPPackerMetadata(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.txt")
	b := prepared(t, map[string]interface{}{"path": path, "content": "hello\n"})
	art, err := b.Run(context.Background(), new(packersdk.MockUi), new(packersdk.MockHook))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var images []registryimage.Image
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{Result: &images, WeaklyTypedInput: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := dec.Decode(art.State(registryimage.ArtifactStateURI)); err != nil {
		t.Fatalf("HCP Packer metadata does not decode as core decodes it: %v", err)
	}
	if len(images) != 1 {
		t.Fatalf("HCP Packer images = %+v, want one", images)
	}
	if err := images[0].Validate(); err != nil {
		t.Fatalf("HCP Packer image %+v: %v", images[0], err)
	}
	if images[0].ImageID != art.Id() || images[0].ProviderName != "sample-tarball" || images[0].Labels["path"] != path {
		t.Fatalf("HCP Packer image = %+v, want id %s, provider sample-tarball, label path %s", images[0], art.Id(), path)
	}
}
