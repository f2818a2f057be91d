package goreleaser

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/goreleaser/goreleaser/v2/pkg/config"
)

// repoRoot is the main module, two folders up.
const repoRoot = "../.."

func TestThisToolsConfigLoadsInGoReleaserV2(t *testing.T) {
	p, err := config.Load(filepath.Join(repoRoot, ".goreleaser.yaml"))
	if err != nil {
		t.Fatalf("goreleaser v2 rejects .goreleaser.yaml: %v", err)
	}
	if p.Version != 2 {
		t.Errorf("version = %d, want 2", p.Version)
	}
	// packer init installs from a tag's release: a draft is invisible.
	if p.Release.Draft {
		t.Error("the generated config makes draft releases, which packer init cannot install")
	}
	if len(p.Builds) != 1 {
		t.Fatalf("%d builds, want 1", len(p.Builds))
	}
	b := p.Builds[0]
	for _, os := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, os) {
			t.Errorf("goos %v lacks %s", b.Goos, os)
		}
	}
	for _, arch := range []string{"amd64", "arm64"} {
		if !slices.Contains(b.Goarch, arch) {
			t.Errorf("goarch %v lacks %s", b.Goarch, arch)
		}
	}
}

// The generated project's config must load too, and name its archives and
// checksums the way Packer's installer expects.
func TestGeneratedConfigLoadsInGoReleaserV2(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	cmd := exec.Command("go", "run", "./cmd/packer-plugin-dev", "new", "post-processor", "sha-manifest",
		"--owner", "acme", "--dir", dir, "--no-git")
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "CI=true")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("new: %v\n%s", err, out)
	}
	p, err := config.Load(filepath.Join(dir, ".goreleaser.yml"))
	if err != nil {
		t.Fatalf("goreleaser v2 rejects the generated .goreleaser.yml: %v", err)
	}
	if p.Version != 2 {
		t.Errorf("version = %d, want 2", p.Version)
	}
	const archive = "{{ .ProjectName }}_v{{ .Version }}_{{ .Env.API_VERSION }}_{{ .Os }}_{{ .Arch }}"
	if len(p.Archives) != 1 || p.Archives[0].NameTemplate != archive {
		t.Errorf("archives = %+v, want one named %q", p.Archives, archive)
	}
	if want := "{{ .ProjectName }}_v{{ .Version }}_SHA256SUMS"; p.Checksum.NameTemplate != want {
		t.Errorf("checksum name = %q, want %q", p.Checksum.NameTemplate, want)
	}
	if len(p.Builds) != 1 {
		t.Fatalf("%d builds, want 1", len(p.Builds))
	}
	b := p.Builds[0]
	if b.Binary != archive {
		t.Errorf("binary = %q, want %q", b.Binary, archive)
	}
	// Every goos x goarch pair the template does not ignore: exactly the 21
	// targets of Packer's official template (the release reference).
	want := []string{
		"darwin/amd64", "darwin/arm64",
		"freebsd/386", "freebsd/amd64", "freebsd/arm", "freebsd/arm64",
		"linux/386", "linux/amd64", "linux/arm", "linux/arm64",
		"netbsd/386", "netbsd/amd64", "netbsd/arm", "netbsd/arm64",
		"openbsd/386", "openbsd/amd64", "openbsd/arm",
		"solaris/amd64",
		"windows/386", "windows/amd64", "windows/arm64",
	}
	var got []string
	for _, goos := range b.Goos {
		for _, goarch := range b.Goarch {
			ignored := slices.ContainsFunc(b.Ignore, func(i config.IgnoredBuild) bool {
				return (i.Goos == "" || i.Goos == goos) && (i.Goarch == "" || i.Goarch == goarch)
			})
			if !ignored {
				got = append(got, goos+"/"+goarch)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("targets = %v (%d), want the 21 of the release reference %v", got, len(got), want)
	}
}
