package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// packerVersionTimeout bounds `packer version` when --packer is checked:
// Packer answers at once, and a program that is not Packer may never.
const packerVersionTimeout = 30 * time.Second

// resolvePacker finds the Packer binary --packer names (a path, or "auto"
// for packer on PATH) and makes sure it is Packer: `packer version` must
// print "Packer v...", which it returns. A repro run by anything else would
// confirm or refute nothing.
func resolvePacker(flag string) (bin, version string, err error) {
	bin = flag
	if flag == "auto" {
		p, err := exec.LookPath("packer")
		if err != nil {
			return "", "", fmt.Errorf("--packer auto: no packer on PATH; give its path with --packer /path/to/packer")
		}
		bin = p
	} else if fi, err := os.Stat(flag); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", "", fmt.Errorf("--packer %s: not an executable file; give the path of a packer binary, or auto", flag)
	}
	ctx, cancel := context.WithTimeout(context.Background(), packerVersionTimeout)
	defer cancel()
	version, err = packerVersion(ctx, bin)
	if err != nil {
		return "", "", fmt.Errorf("--packer %s: %v: not a Packer binary; give the path of a packer binary, or auto", flag, err)
	}
	return bin, version, nil
}

// packerVersion is the line `packer version` starts with, such as
// "Packer v1.16.0"; an error when it says anything else.
func packerVersion(ctx context.Context, packer string) (string, error) {
	var out capped
	cmd := exec.CommandContext(ctx, packer, "version")
	cmd.Stdout = &out
	err := cmd.Run()
	line, _, _ := strings.Cut(strings.TrimSpace(out.String()), "\n")
	line = strings.TrimSpace(line)
	switch {
	case strings.HasPrefix(line, "Packer v"):
		return line, nil
	case ctx.Err() != nil:
		return "", fmt.Errorf("`%s version` did not answer within %v", packer, packerVersionTimeout)
	case line == "" && err != nil:
		return "", fmt.Errorf("`%s version` failed (%v) and printed nothing", packer, err)
	case line == "":
		return "", fmt.Errorf("`%s version` printed nothing, where Packer prints \"Packer v...\"", packer)
	}
	return "", fmt.Errorf("`%s version` printed %q, where Packer prints \"Packer v...\"", packer, line)
}

// capped keeps the first 4 KiB written to it: all of what `packer
// version` prints, and a bound on what another program may.
type capped struct{ bytes.Buffer }

func (c *capped) Write(p []byte) (int, error) {
	if room := 4096 - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
