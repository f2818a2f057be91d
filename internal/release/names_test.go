package release

import (
	"strings"
	"testing"
)

func TestNameRoundTrip(t *testing.T) {
	for _, tg := range DefaultTargets {
		n := Name{Plugin: "compress-manifest", Version: "1.12.0", APIVersion: "x5.0", OS: tg.OS, Arch: tg.Arch}
		got, err := ParseArchiveName(n.Archive())
		if err != nil {
			t.Fatalf("%s: %v", n.Archive(), err)
		}
		if got != n {
			t.Fatalf("ParseArchiveName(%q) = %+v, want %+v", n.Archive(), got, n)
		}
		if n.Binary() != strings.TrimSuffix(n.Archive(), ".zip")+map[bool]string{true: ".exe"}[tg.OS == "windows"] {
			t.Fatalf("binary %q does not match archive %q", n.Binary(), n.Archive())
		}
		dev := n
		dev.Version = "1.12.0-dev"
		got, err = ParseInstalledName(dev.Binary())
		if err != nil || got != dev {
			t.Fatalf("ParseInstalledName(%q) = %+v, %v; want %+v", dev.Binary(), got, err, dev)
		}
	}
	if got := ChecksumsName("greet", "1.0.0"); got != "packer-plugin-greet_v1.0.0_SHA256SUMS" {
		t.Fatalf("ChecksumsName = %q", got)
	}
	p, v, err := ParseChecksumsName("packer-plugin-greet_v1.0.0_SHA256SUMS")
	if err != nil || p != "greet" || v != "1.0.0" {
		t.Fatalf("ParseChecksumsName = %q %q %v", p, v, err)
	}
}

func TestParseArchiveNameRejectsKnownMistakes(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"packer-plugin-greet_v1.0.0_linux_amd64.zip", "no API version field"},
		{"packer-plugin-greet_1.0.0_x5.0_linux_amd64.zip", "must start with v"},
		{"packer-plugin-greet_v1.0.0-dev_x5.0_linux_amd64.zip", "without a prerelease"},
		{"packer-plugin-greet_v1.0.0-rc1_x5.0_linux_amd64.zip", "without a prerelease"},
		{"packer-plugin-greet_v1.0_x5.0_linux_amd64.zip", "not X.Y.Z"},
		{"packer-plugin-greet_v1.0.0_x4.0_linux_amd64.zip", "x5.N"},
		{"packer-plugin-greet_v1.0.0_5.0_linux_amd64.zip", "not x<major>.<minor>"},
		{"packer-plugin-greet_v1.0.0_x5.0_linux_x86_64.zip", "want 5"},
		{"packer-plugin-greet_v1.0.0_x5.0_macos_arm64.zip", "os \"macos\""},
		{"packer-plugin-greet_v1.0.0_x5.0_linux_amd-64.zip", "arch \"amd-64\""},
		{"packer-plugin-greet_v1.0.0_x5.0_linux_amd64.tar.gz", "does not end in \".zip\""},
		{"packer-plugin-greet_v1.0.0_x5.0_linux_amd64", "does not end in \".zip\""},
		{"greet_v1.0.0_x5.0_linux_amd64.zip", "does not start with packer-plugin-"},
		{"packer-plugin-packer-greet_v1.0.0_x5.0_linux_amd64.zip", `starts with "packer-"`},
		{"packer-plugin-my_greet_v1.0.0_x5.0_linux_amd64.zip", "want 5"},
		{"packer-plugin-greet--x_v1.0.0_x5.0_linux_amd64.zip", "single dashes"},
	} {
		_, err := ParseArchiveName(tc.file)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseArchiveName(%q) = %v, want an error containing %q", tc.file, err, tc.want)
		}
	}
}

func TestSnapshotAndInstalledNames(t *testing.T) {
	if _, err := ParseSnapshotArchiveName("packer-plugin-greet_v1.0.1-dev_x5.0_linux_amd64.zip"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{"packer-plugin-greet_v1.0.0-beta_x5.0_linux_amd64", "only prerelease"},
		{"packer-plugin-greet_v1.0.0_x5.0_windows_amd64", "must end in .exe"},
		{"packer-plugin-greet_v1.0.0_x5.0_linux_amd64.exe", "must end in .exe and no other"},
	} {
		_, err := ParseInstalledName(tc.file)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseInstalledName(%q) = %v, want an error containing %q", tc.file, err, tc.want)
		}
	}
}

func TestValidateReleaseVersion(t *testing.T) {
	if err := ValidateReleaseVersion("0.10.2"); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"v1.0.0", "1.0", "1.0.0-dev", "1.0.0+meta", "01.0.0", ""} {
		if err := ValidateReleaseVersion(v); err == nil {
			t.Errorf("ValidateReleaseVersion(%q) accepted it", v)
		}
	}
}

func TestParseTargets(t *testing.T) {
	ts, err := ParseTargets("linux/amd64, windows/amd64,linux/amd64")
	if err != nil || len(ts) != 2 || ts[1] != (Target{"windows", "amd64"}) {
		t.Fatalf("ParseTargets = %v, %v", ts, err)
	}
	for _, bad := range []string{"linux", "linux/x86_64", "macos/arm64", ""} {
		if _, err := ParseTargets(bad); err == nil {
			t.Errorf("ParseTargets(%q) accepted it", bad)
		}
	}
	var back Target
	if b, _ := (Target{"windows", "arm64"}).MarshalText(); string(b) != "windows/arm64" || back.UnmarshalText(b) != nil || back != (Target{"windows", "arm64"}) {
		t.Fatalf("Target text round trip: %q -> %v", b, back)
	}
	if len(DefaultTargets) != 21 {
		t.Fatalf("%d default targets, want the template's 21", len(DefaultTargets))
	}
}
