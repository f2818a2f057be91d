package release

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// The steps after the builds, each run alone on a staged release made of
// stand-in binaries: no compiler involved.

// stagedRun is a release of plugin "greet" 1.2.3 for targets, staged in a
// temporary output folder, with a stand-in binary for each target.
func stagedRun(t *testing.T, targets ...Target) (*run, []built) {
	t.Helper()
	out := t.TempDir()
	stage := filepath.Join(out, stagingPrefix+"test")
	work := filepath.Join(stage, ".build")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	r := &run{
		o:    Options{Targets: targets, Parallel: 2, Compression: DefaultCompression},
		plan: Plan{Plugin: "greet", Version: "1.2.3"},
		out:  out, stage: stage, work: work, mtime: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC),
		describe: &harness.Description{APIVersion: "x5.0"},
	}
	var bins []built
	for _, tg := range targets {
		bin := filepath.Join(work, tg.OS+"_"+tg.Arch+exeSuffix(tg))
		if err := os.WriteFile(bin, []byte("binary for "+tg.String()), 0o755); err != nil {
			t.Fatal(err)
		}
		bins = append(bins, built{target: tg, bin: bin, took: time.Second})
	}
	return r, bins
}

// packAll runs the package stage on bins as if every build had finished.
func packAll(t *testing.T, r *run, bins []built) []string {
	t.Helper()
	ch := make(chan built, len(bins))
	for _, b := range bins {
		ch <- b
	}
	close(ch)
	var progress []string
	r.o.Progress = func(a Archive) { progress = append(progress, a.File) }
	done := make(chan struct{})
	close(done)
	if err := pack(context.Background(), r, ch, done, done); err != nil {
		t.Fatal(err)
	}
	return progress
}

func TestPackNamesEachArchiveForTheInstaller(t *testing.T) {
	r, bins := stagedRun(t, Target{"windows", "amd64"}, Target{"freebsd", "arm"})
	progress := packAll(t, r, bins)
	want := []string{"packer-plugin-greet_v1.2.3_x5.0_freebsd_arm.zip", "packer-plugin-greet_v1.2.3_x5.0_windows_amd64.zip"}
	slices.Sort(progress)
	if !slices.Equal(progress, want) || len(r.archives) != 2 {
		t.Fatalf("progress %v, archives %+v; want %v", progress, r.archives, want)
	}
	for _, a := range r.archives {
		if err := checkZip(filepath.Join(r.stage, a.File), map[string]string{
			"windows": "packer-plugin-greet_v1.2.3_x5.0_windows_amd64.exe", "freebsd": "packer-plugin-greet_v1.2.3_x5.0_freebsd_arm",
		}[a.Target.OS]); err != nil {
			t.Error(err)
		}
		if _, err := os.Stat(filepath.Join(r.work, a.Target.OS+"_"+a.Target.Arch+exeSuffix(a.Target))); !os.IsNotExist(err) {
			t.Errorf("the %s binary is left after zipping (%v)", a.Target, err)
		}
	}
}

func TestChecksumsFollowTheTargetsAndVerify(t *testing.T) {
	targets := []Target{{"windows", "amd64"}, {"darwin", "arm64"}, {"linux", "386"}}
	r, bins := stagedRun(t, targets...)
	packAll(t, r, bins)
	if err := writeChecksums(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	for i, a := range r.archives {
		if a.Target != targets[i] {
			t.Fatalf("archive %d is %s, want the targets' order %v", i, a.Target, targets)
		}
	}
	if err := verifyStaged(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	// A file listed but changed after the checksum step fails verify.
	os.WriteFile(filepath.Join(r.stage, r.archives[1].File), []byte("not a zip"), 0o644)
	var verr *VerifyError
	if err := verifyStaged(context.Background(), r); !errors.As(err, &verr) {
		t.Fatalf("verify after tampering = %v", err)
	}
}

func TestPublishReplacesTheVersionAndKeepsTheRest(t *testing.T) {
	r, bins := stagedRun(t, Target{"linux", "arm64"})
	packAll(t, r, bins)
	if err := writeChecksums(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(r.out, "packer-plugin-greet_v1.2.3_x5.0_openbsd_386.zip")
	other := filepath.Join(r.out, "packer-plugin-greet_v1.2.2_x5.0_openbsd_386.zip")
	for _, f := range []string{stale, other} {
		os.WriteFile(f, []byte("earlier"), 0o644)
	}
	if err := publish(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the earlier release of 1.2.3 is still there (%v)", err)
	}
	for _, f := range []string{other, filepath.Join(r.out, r.archives[0].File), filepath.Join(r.out, r.checksums)} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("after publish: %v", err)
		}
	}
}

func TestSignWithoutAKeyDoesNothing(t *testing.T) {
	r, _ := stagedRun(t, Host())
	if err := signChecksums(context.Background(), r); err != nil || r.signature != "" {
		t.Fatalf("sign without a key: %v, signature %q", err, r.signature)
	}
}
