package release

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// gitWarnings says what in the git state of dir disagrees with releasing
// version (X.Y.Z): uncommitted changes, which the archives contain but no
// commit does, and release tags on HEAD other than vX.Y.Z, which Packer's
// installer would match the archives against. A folder outside git, or
// without git installed, has nothing to say.
func gitWarnings(ctx context.Context, dir, version string, snapshot bool) []string {
	git := func(args ...string) (string, bool) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err == nil
	}
	if _, ok := git("rev-parse", "--is-inside-work-tree"); !ok {
		return nil
	}
	var warns []string
	if status, ok := git("status", "--porcelain", "--untracked-files=no"); ok && status != "" {
		n := len(strings.Split(status, "\n"))
		warns = append(warns, fmt.Sprintf("the git tree has %d uncommitted change(s) (git status): the archives hold code no commit has; commit first, so the release can be rebuilt from its tag", n))
	}
	if snapshot {
		return warns
	}
	tags, _ := git("tag", "--points-at", "HEAD", "--list", "v[0-9]*.[0-9]*.[0-9]*")
	want := "v" + version
	var others []string
	for _, t := range strings.Fields(tags) {
		if t == want {
			return warns
		}
		others = append(others, t)
	}
	if len(others) > 0 {
		warns = append(warns, fmt.Sprintf("HEAD is tagged %s, not %s: the release's archives say %s while the tag Packer's installer downloads says otherwise; pass --version %s, or tag HEAD %s",
			strings.Join(others, ", "), want, version, strings.TrimPrefix(others[0], "v"), want))
	}
	return warns
}
