package buildinfo

import "testing"

func TestFullShowsWhatTheReleaseStamped(t *testing.T) {
	defer func(v, c string) { Version, Commit = v, c }(Version, Commit)
	Version, Commit = "1.2.3", ""
	if got := Full(); got != "1.2.3" {
		t.Errorf("Full() = %q without a commit, want 1.2.3", got)
	}
	Commit = "abc1234"
	if got := Full(); got != "1.2.3 (abc1234)" {
		t.Errorf("Full() = %q, want 1.2.3 (abc1234)", got)
	}
	Version = ""
	if got := String(); got == "" {
		t.Error("String() is empty for an unstamped build: it should fall back to the Go toolchain's record")
	}
}
