package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance"
)

// resolvePacker finds the Packer binary --packer names: a path, or "auto"
// for packer on PATH.
func resolvePacker(flag string) (string, error) {
	if flag == "auto" {
		p, err := exec.LookPath("packer")
		if err != nil {
			return "", fmt.Errorf("--packer auto: no packer on PATH; give its path with --packer /path/to/packer")
		}
		return p, nil
	}
	fi, err := os.Stat(flag)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", fmt.Errorf("--packer %s: not an executable file; give the path of a packer binary, or auto", flag)
	}
	return flag, nil
}

// packerVersion is what `packer version` says first, such as "Packer v1.16.0".
func packerVersion(ctx context.Context, packer string) string {
	out, err := exec.CommandContext(ctx, packer, "version").Output()
	if err != nil {
		return "Packer (version unknown)"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// runRepros runs every repro of the report with packer, one at a time
// (each runs real builds), and records what real Packer did.
func runRepros(ctx context.Context, r *conformance.Report, packer string, progress func(string)) {
	version := packerVersion(ctx, packer)
	for _, res := range r.AllResults() {
		if res.Repro == nil || ctx.Err() != nil {
			continue
		}
		progress(fmt.Sprintf("reproducing %s in %s", res.ID, version))
		cmd := exec.CommandContext(ctx, "bash", "repro.sh")
		cmd.Dir = res.Repro.Dir
		cmd.Env = append(os.Environ(), "PACKER="+packer)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		confirmed := err != nil && cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == 1
		res.Repro.Packer = version
		res.Repro.Confirmed = &confirmed
		if !confirmed {
			res.Repro.Output = strings.TrimSpace(out.String())
		}
	}
}
