package repro

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
)

// Run runs every repro folder with packer (version is what it says it
// is), one at a time (each runs real builds), and returns the folders
// with what real Packer did: repro.sh exits 1 when the misbehaviour showed
// (confirmed), 0 when Packer ran clean (not reproduced), and anything else
// when it could not tell (Confirmed stays unset, the output says why). A
// cancelled ctx leaves the rest as they were.
func Run(ctx context.Context, folders []Folder, packer, version string, progress func(string)) []Folder {
	out := make([]Folder, len(folders))
	for i, f := range folders {
		out[i] = f
		if ctx.Err() != nil {
			continue
		}
		progress(fmt.Sprintf("reproducing %s in %s", f.Key.ID, version))
		out[i].Repro = runOne(ctx, f, packer, version)
	}
	return out
}

func runOne(ctx context.Context, f Folder, packer, version string) (rp report.Repro) {
	rp = f.Repro
	cmd := exec.CommandContext(ctx, "bash", "repro.sh")
	cmd.Dir = f.Dir
	cmd.Env = append(os.Environ(), "PACKER="+packer)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	rp.Packer = version
	var exit *exec.ExitError
	code := -1
	switch {
	case err == nil:
		code = 0
	case errors.As(err, &exit) && ctx.Err() == nil:
		code = exit.ExitCode()
	}
	switch code {
	case 1:
		rp.Confirmed = new(bool)
		*rp.Confirmed = true
	case 0:
		rp.Confirmed = new(bool)
		rp.Output = strings.TrimSpace(out.String())
	default:
		rp.Output = strings.TrimSpace(out.String())
		if err != nil && (exit == nil || ctx.Err() != nil) {
			rp.Output = strings.TrimSpace(rp.Output + "\nrepro.sh did not finish: " + err.Error())
		}
	}
	return rp
}
