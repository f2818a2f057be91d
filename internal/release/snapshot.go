package release

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

var describeRE = regexp.MustCompile(`^v([0-9]+)\.([0-9]+)\.([0-9]+)-([0-9]+)-g[0-9a-f]+$`)

// SnapshotVersion is the X.Y.Z of a development build: the patch after the
// latest vX.Y.Z tag, on it or past it, so that X.Y.(Z+1)-dev sorts after
// the release X.Y.Z (X.Y.Z-dev would sort before it); fallback (the
// version written in the source, else 0.0.0) without git or tags.
func SnapshotVersion(ctx context.Context, dir, fallback string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", "describe", "--tags", "--long", "--match", "v[0-9]*.[0-9]*.[0-9]*")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err == nil {
		if v, ok := versionFromDescribe(strings.TrimSpace(string(out))); ok {
			return v, nil
		}
	}
	if fallback == "" {
		return "0.0.0", nil
	}
	if !naming.IsCore(fallback) {
		return "", fmt.Errorf("--snapshot: no vX.Y.Z git tag, and the source's Version %q is not X.Y.Z: tag a release or fix Version", fallback)
	}
	return fallback, nil
}

// versionFromDescribe turns `git describe --long` output into X.Y.Z.
func versionFromDescribe(s string) (string, bool) {
	m := describeRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	patch, _ := strconv.Atoi(m[3])
	patch++
	return fmt.Sprintf("%s.%s.%d", m[1], m[2], patch), true
}
