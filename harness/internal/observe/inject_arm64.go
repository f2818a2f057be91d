//go:build linux

package observe

import (
	"debug/elf"
	"unsafe"

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

// ntArmSystemCall is the register set holding the syscall number a task
// stopped at a syscall entry will run.
const ntArmSystemCall = 0x404

// skipSyscall makes the kernel skip the syscall the task is stopped at
// (its entry, or its seccomp stop) and return -errno: the syscall number
// becomes -1, and x0 the result.
func skipSyscall(tid int, errno unix.Errno) error {
	nr := int32(-1)
	iov := unix.Iovec{Base: (*byte)(unsafe.Pointer(&nr)), Len: 4}
	if _, _, e := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_SETREGSET, uintptr(tid), ntArmSystemCall, uintptr(unsafe.Pointer(&iov)), 0, 0); e != 0 {
		return e
	}
	return setResult(tid, -int64(errno))
}

// setResult sets x0, the return value of the syscall the task is stopped
// at the exit of (or is skipping).
func setResult(tid int, rv int64) error {
	r, err := getRegs(tid)
	if err != nil {
		return err
	}
	r.Regs[0] = uint64(rv)
	return setRegs(tid, r)
}
