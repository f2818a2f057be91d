package cli

import (
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/release"
)

func TestNewCmdReleaseParsesFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *ReleaseOptions
	cmd := NewCmdRelease(&Factory{IOStreams: ios}, func(o *ReleaseOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"plug", "--version", "1.0.0", "--targets", "linux/amd64,darwin/arm64", "--parallel", "3",
		"--name", "greet", "--version-package", "example.com/x/v", "--sign", "KEY", "--format", "json", "--out", "o"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := []release.Target{{OS: "linux", Arch: "amd64"}, {OS: "darwin", Arch: "arm64"}}
	if got.Dir != "plug" || got.Version != "1.0.0" || len(got.Targets) != 2 || got.Targets[1] != want[1] || got.Parallel != 3 ||
		got.Name != "greet" || got.VersionPackage != "example.com/x/v" || got.SignKey != "KEY" || got.Format != "json" || got.OutDir != "o" {
		t.Fatalf("options %+v", got)
	}
}

func TestNewCmdReleaseRejects(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "--version X.Y.Z is required"},
		{[]string{"--version", "1.0.0", "--snapshot"}, "exclude each other"},
		{[]string{"--version", "1.0.0", "--format", "yaml"}, "--format \"yaml\""},
		{[]string{"--version", "1.0.0", "--parallel", "0"}, "--parallel 0"},
		{[]string{"--version", "1.0.0", "--targets", "linux"}, "--targets"},
	} {
		ios, _, _, _ := iostreams.Test()
		cmd := NewCmdRelease(&Factory{IOStreams: ios}, func(*ReleaseOptions) error { t.Fatal("ran"); return nil })
		cmd.SetArgs(tc.args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		err := cmd.Execute()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !isUsageError(err) {
			t.Errorf("release %v = %v, want a usage error containing %q", tc.args, err, tc.want)
		}
	}
}

func TestNewCmdInstallParsesFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *InstallOptions
	cmd := NewCmdInstall(&Factory{IOStreams: ios}, func(o *InstallOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--source", "github.com/acme/greet", "--version", "2.0.0"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Path != "." || got.Source != "github.com/acme/greet" || got.Version != "2.0.0" || got.Format != "text" {
		t.Fatalf("options %+v", got)
	}
}
