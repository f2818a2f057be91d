package buildinfo

import (
	"runtime/debug"
	"testing"
)

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
}

func TestFromBuildInfo(t *testing.T) {
	vcs := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}
	for _, tc := range []struct {
		info debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs}, "v1.2.3"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "(devel 0123456789ab+modified)"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs[:1]}, "(devel 0123456789ab)"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
	} {
		if got := fromBuildInfo(&tc.info); got != tc.want {
			t.Errorf("fromBuildInfo(%+v) = %q, want %q", tc.info.Main, got, tc.want)
		}
	}
}
