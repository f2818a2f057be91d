//go:build !linux

package cli

import (
	"os/exec"
)

// dieWithParent: only Linux has a parent-death signal; the processes a
// killed shim leaves are ended by `debug` itself (harness.KillMarked).
func dieWithParent(*exec.Cmd) {}
