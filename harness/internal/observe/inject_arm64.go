//go:build linux

package observe

import (
	"debug/elf"

	"golang.org/x/sys/unix"
)

// syscallInsn is `svc #0`.
var syscallInsn = []byte{0x01, 0x00, 0x00, 0xd4}

type regs struct{ unix.PtraceRegsArm64 }

func getRegs(pid int) (regs, error) {
	var r regs
	err := unix.PtraceGetRegSetArm64(pid, int(elf.NT_PRSTATUS), &r.PtraceRegsArm64)
	return r, err
}

func setRegs(pid int, r regs) error {
	return unix.PtraceSetRegSetArm64(pid, int(elf.NT_PRSTATUS), &r.PtraceRegsArm64)
}

func (r regs) sp() uint64 { return r.Sp }
func (r regs) pc() uint64 { return r.Pc }
func (r regs) ret() int64 { return int64(r.Regs[0]) }

// withSyscall sets up a syscall at the current pc: number in x8, arguments
// in x0-x5. At the post-exec stop no syscall restart is pending (execve
// returned 0), so nothing else needs resetting.
func (r regs) withSyscall(nr uint64, args []uint64) regs {
	a := append(append([]uint64(nil), args...), 0, 0, 0, 0, 0, 0)
	r.Regs[8] = nr
	copy(r.Regs[:6], a[:6])
	return r
}
