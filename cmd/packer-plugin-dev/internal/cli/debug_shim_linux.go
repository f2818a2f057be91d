package cli

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill Delve when the shim dies: Packer ends
// a plugin with SIGKILL, which the shim cannot pass on.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
