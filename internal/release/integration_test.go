package release

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

const greetModule = "github.com/acme/packer-plugin-greet"

// newGreet writes the test plugin of testdata/greet.txtar (version package
// internal/meta, not version/) into a new folder packer-plugin-greet, with
// extra files added, and makes its go.mod and go.sum from the module cache.
func newGreet(t *testing.T, extra map[string]string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: builds a plugin (and most of these tests run it in Packer)")
	}
	ar, err := txtar.ParseFile("testdata/greet.txtar")
	if err != nil {
		t.Fatal(err)
	}
	const root = "packer-plugin-greet/"
	files := map[string]string{
		root + "go.mod": "module " + greetModule + "\n\ngo 1.25.11\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.6.10\n\n" +
			"replace github.com/zclconf/go-cty => github.com/nywilken/go-cty v1.13.3\n",
	}
	for _, f := range ar.Files {
		files[root+f.Name] = strings.ReplaceAll(string(f.Data), "MODULE", greetModule)
	}
	for k, v := range extra {
		files[root+k] = v
	}
	dir := filepath.Join(writeTree(t, files), root)
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	// The proxy stays on: on a fresh machine the fixture's modules are not
	// in the cache yet.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in the test plugin: %v\n%s", err, out)
	}
	return dir
}

func packerBin(t *testing.T) string {
	t.Helper()
	bin, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// runPacker runs the real Packer with plugins from pluginDir.
func runPacker(t *testing.T, pluginDir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(packerBin(t), args...)
	cmd.Dir = t.TempDir()
	cmd.Env = packertest.Env(pluginDir, t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("packer %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// buildWithPacker runs `packer build` on a template using the greet
// post-processor under the null builder, and returns Packer's output.
func buildWithPacker(t *testing.T, pluginDir, required string) string {
	t.Helper()
	tmpl := filepath.Join(t.TempDir(), "greet.pkr.hcl")
	hcl := required + `
source "null" "test" {
  communicator = "none"
}

build {
  sources = ["source.null.test"]
  post-processor "greet" {
    message = "hello from the release test"
  }
}
`
	if err := os.WriteFile(tmpl, []byte(hcl), 0o644); err != nil {
		t.Fatal(err)
	}
	return runPacker(t, pluginDir, "build", tmpl)
}

var threeTargets = []Target{Host(), {"windows", "amd64"}, {"darwin", "arm64"}}

func TestReleaseInstallsAndRunsInPacker(t *testing.T) {
	dir := newGreet(t, nil)
	out := t.TempDir()
	var progress []string
	res, err := Release(context.Background(), Options{Dir: dir, Version: "1.2.3", Targets: threeTargets, OutDir: out,
		Progress: func(a Archive) { progress = append(progress, a.Target.String()) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Plugin != "greet" || res.VersionPackage != greetModule+"/internal/meta" || res.APIVersion != "x5.0" || len(res.Archives) != 3 || len(progress) != 3 {
		t.Fatalf("result %+v, progress %v", res, progress)
	}

	sums, err := os.ReadFile(filepath.Join(out, "packer-plugin-greet_v1.2.3_SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, tg := range threeTargets {
		n := Name{Plugin: "greet", Version: "1.2.3", APIVersion: "x5.0", OS: tg.OS, Arch: tg.Arch}
		want = append(want, n.Archive())
		if !bytes.Contains(sums, []byte("  "+n.Archive()+"\n")) {
			t.Fatalf("SHA256SUMS lacks a newline-terminated line for %s:\n%s", n.Archive(), sums)
		}
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 4 {
		t.Fatalf("out holds %d entries, want 3 zips and SHA256SUMS (no leftovers): %v", len(entries), entries)
	}

	// Unzip the host archive and run what Packer would run.
	hostName := Name{Plugin: "greet", Version: "1.2.3", APIVersion: "x5.0", OS: Host().OS, Arch: Host().Arch}
	bin := unzipOne(t, filepath.Join(out, hostName.Archive()), hostName.Binary())
	d, err := harness.Describe(context.Background(), bin)
	if err != nil || d.Version != "1.2.3" || d.APIVersion != "x5.0" {
		t.Fatalf("describe of the released binary = %+v, %v", d, err)
	}
	unzipOne(t, filepath.Join(out, want[1]), strings.TrimSuffix(want[1], ".zip")+".exe")

	// The real Packer installs it and runs it in a build.
	plugins := t.TempDir()
	runPacker(t, plugins, "plugins", "install", "--path", bin, "github.com/acme/greet")
	installed := filepath.Join(plugins, "github.com/acme/greet", hostName.Binary())
	if _, err := os.Stat(installed); err != nil {
		t.Fatalf("packer did not install %s: %v", installed, err)
	}
	got := buildWithPacker(t, plugins, RequiredPlugins("github.com/acme/greet", "1.2.3"))
	if !strings.Contains(got, "greet says: hello from the release test") {
		t.Fatalf("packer build did not run the released plugin:\n%s", got)
	}

	t.Run("reproducible", func(t *testing.T) {
		out2 := t.TempDir()
		if _, err := Release(context.Background(), Options{Dir: dir, Version: "1.2.3", Targets: threeTargets, OutDir: out2}); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(want, "packer-plugin-greet_v1.2.3_SHA256SUMS") {
			a, _ := os.ReadFile(filepath.Join(out, f))
			b, err := os.ReadFile(filepath.Join(out2, f))
			if err != nil || !bytes.Equal(a, b) {
				t.Fatalf("%s differs between two releases of the same source (%v)", f, err)
			}
		}
	})

	t.Run("verify catches tampering", func(t *testing.T) {
		f := filepath.Join(out, want[2])
		data, _ := os.ReadFile(f)
		os.WriteFile(f, append(data, 0), 0o644)
		err := Verify(out, "packer-plugin-greet_v1.2.3_SHA256SUMS", false, want)
		var verr *VerifyError
		if !errors.As(err, &verr) || !strings.Contains(err.Error(), want[2]+" has sha256") {
			t.Fatalf("Verify after changing %s = %v", want[2], err)
		}
	})
}

func unzipOne(t *testing.T, archive, wantEntry string) string {
	t.Helper()
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 1 || zr.File[0].Name != wantEntry || zr.File[0].Mode().Perm() != 0o755 {
		t.Fatalf("%s holds %v, want only %s mode 0755", archive, zr.File, wantEntry)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	dst := filepath.Join(t.TempDir(), wantEntry)
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, rc); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return dst
}

// A second version package at <module>/version, which main does not use, is
// the classic wrong -X target: the release must refuse and say so.
func TestReleaseRefusesVersionThatDidNotReachTheBinary(t *testing.T) {
	dir := newGreet(t, map[string]string{"version/version.go": vpkg("version")})
	_, err := Release(context.Background(), Options{Dir: dir, Version: "1.2.3", Targets: []Target{Host()}, OutDir: t.TempDir()})
	var verr *VerifyError
	want := "describe reports 0.0.1-dev, want 1.2.3: the -X flag did not reach " + greetModule + "/version.Version"
	if !errors.As(err, &verr) || !strings.Contains(err.Error(), want) {
		t.Fatalf("Release = %v, want a VerifyError containing %q", err, want)
	}
	// Naming the package main uses fixes it.
	res, err := Release(context.Background(), Options{Dir: dir, Version: "1.2.3", Targets: []Target{Host()}, OutDir: t.TempDir(),
		VersionPackage: greetModule + "/internal/meta"})
	if err != nil || res.Describe.Version != "1.2.3" {
		t.Fatalf("Release with --version-package = %+v, %v", res, err)
	}
}

func TestInstallDevBuildRunsInPacker(t *testing.T) {
	dir := newGreet(t, nil)
	bin := filepath.Join(t.TempDir(), "plugin")
	plan, err := BuildDev(context.Background(), Options{Dir: dir}, "", bin)
	if err != nil {
		t.Fatal(err)
	}
	source, err := DefaultSource(plan.Module, plan.Plugin)
	if err != nil || source != "github.com/acme/greet" {
		t.Fatalf("DefaultSource = %q, %v", source, err)
	}
	plugins := t.TempDir()
	inst, err := InstallBinary(context.Background(), bin, source, plugins)
	if err != nil {
		t.Fatal(err)
	}
	wantName := "packer-plugin-greet_v0.0.1-dev_x5.0_" + Host().OS + "_" + Host().Arch
	if inst.Path != filepath.Join(plugins, "github.com/acme/greet", wantName) {
		t.Fatalf("installed at %s, want .../github.com/acme/greet/%s", inst.Path, wantName)
	}
	sum, _ := os.ReadFile(inst.Checksum)
	if got, _ := sha256File(inst.Path); string(sum) != got {
		t.Fatalf("%s holds %q, want the bare hex %q with no newline", inst.Checksum, sum, got)
	}
	if fi, _ := os.Stat(inst.Path); fi.Mode().Perm() != 0o755 {
		t.Fatalf("installed binary mode %v", fi.Mode())
	}
	// Packer lists it and runs it.
	if got := runPacker(t, plugins, "plugins", "installed"); !strings.Contains(got, inst.Path) {
		t.Fatalf("packer plugins installed does not list %s:\n%s", inst.Path, got)
	}
	got := buildWithPacker(t, plugins, RequiredPlugins(source, inst.Version))
	if !strings.Contains(got, "greet says: hello from the release test") {
		t.Fatalf("packer build did not run the installed dev plugin:\n%s", got)
	}

	// What we wrote is byte-for-byte what `packer plugins install --path` writes.
	ref := t.TempDir()
	runPacker(t, ref, "plugins", "install", "--path", bin, source)
	for _, f := range []string{wantName, wantName + "_SHA256SUM"} {
		a, _ := os.ReadFile(filepath.Join(plugins, "github.com/acme/greet", f))
		b, err := os.ReadFile(filepath.Join(ref, "github.com/acme/greet", f))
		if err != nil || !bytes.Equal(a, b) {
			t.Fatalf("%s differs from what packer plugins install --path wrote (%v)", f, err)
		}
	}
}

func TestSign(t *testing.T) {
	dir := newGreet(t, nil)
	t.Run("without gpg", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		_, err := Release(context.Background(), Options{Dir: dir, Version: "1.0.0", SignKey: "ABC", OutDir: t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), "needs gpg on PATH") {
			t.Fatalf("Release --sign without gpg = %v", err)
		}
	})
	t.Run("with gpg", func(t *testing.T) {
		if _, err := exec.LookPath("gpg"); err != nil {
			t.Fatalf("gpg is needed for this test: %v", err)
		}
		home, err := os.MkdirTemp("", "gpg") // short: gpg-agent's socket path is limited
		if err != nil {
			t.Fatal(err)
		}
		t.Setenv("GNUPGHOME", home)
		t.Cleanup(func() {
			exec.Command("gpgconf", "--kill", "gpg-agent").Run()
			os.RemoveAll(home)
		})
		gen := exec.Command("gpg", "--batch", "--passphrase", "", "--quick-gen-key", "release-test@example.com", "ed25519", "sign", "never")
		if out, err := gen.CombinedOutput(); err != nil {
			t.Fatalf("generating a test key: %v\n%s", err, out)
		}
		out := t.TempDir()
		res, err := Release(context.Background(), Options{Dir: dir, Version: "1.0.0", Targets: []Target{Host()}, OutDir: out, SignKey: "release-test@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Signature != res.Checksums+".sig" {
			t.Fatalf("signature %q", res.Signature)
		}
		verify := exec.Command("gpg", "--verify", filepath.Join(out, res.Signature), filepath.Join(out, res.Checksums))
		if b, err := verify.CombinedOutput(); err != nil {
			t.Fatalf("gpg --verify: %v\n%s", err, b)
		}
	})
}

// A target that does not compile fails the release with go's message, and
// leaves no checksum file and no build folder behind.
func TestReleaseReportsFailedBuild(t *testing.T) {
	dir := newGreet(t, map[string]string{"broken_windows.go": "//go:build windows\n\npackage main\n\nvar _ int = \"not an int\"\n"})
	out := t.TempDir()
	_, err := Release(context.Background(), Options{Dir: dir, Version: "1.0.0", Targets: []Target{Host(), {"windows", "amd64"}}, OutDir: out})
	if err == nil || !strings.Contains(err.Error(), "go build for windows/amd64 failed") || !strings.Contains(err.Error(), "broken_windows.go") {
		t.Fatalf("Release = %v, want the windows build failure with go's message", err)
	}
	var verr *VerifyError
	if errors.As(err, &verr) {
		t.Fatal("a build failure is a tool error, not a verification failure")
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "SHA256SUMS") || strings.HasPrefix(e.Name(), ".") {
			t.Fatalf("%s left in the output folder after a failed release", e.Name())
		}
	}
}
