//go:build linux

package observe

import "golang.org/x/sys/unix"

// syscallInsn is `syscall`.
var syscallInsn = []byte{0x0f, 0x05}

type regs struct{ unix.PtraceRegs }

func getRegs(pid int) (regs, error) {
	var r regs
	err := unix.PtraceGetRegs(pid, &r.PtraceRegs)
	return r, err
}

func setRegs(pid int, r regs) error { return unix.PtraceSetRegs(pid, &r.PtraceRegs) }

func (r regs) sp() uint64 { return r.Rsp }
func (r regs) pc() uint64 { return r.Rip }
func (r regs) ret() int64 { return int64(r.Rax) }

// withSyscall sets up a syscall at the current pc. Orig_rax -1 keeps the
// kernel from treating the resume as the restart of an interrupted syscall.
func (r regs) withSyscall(nr uint64, args []uint64) regs {
	a := append(append([]uint64(nil), args...), 0, 0, 0, 0, 0, 0)
	r.Rax, r.Orig_rax = nr, ^uint64(0)
	r.Rdi, r.Rsi, r.Rdx, r.R10, r.R8, r.R9 = a[0], a[1], a[2], a[3], a[4], a[5]
	return r
}

// skipSyscall makes the kernel skip the syscall the task is stopped at
// (its entry, or its seccomp stop) and return -errno: the syscall number
// becomes -1.
func skipSyscall(tid int, errno unix.Errno) error {
	r, err := getRegs(tid)
	if err != nil {
		return err
	}
	r.Orig_rax, r.Rax = ^uint64(0), uint64(-int64(errno))
	return setRegs(tid, r)
}

// setResult sets the return value of the syscall the task is stopped at
// the exit of.
func setResult(tid int, rv int64) error {
	r, err := getRegs(tid)
	if err != nil {
		return err
	}
	r.Rax = uint64(rv)
	return setRegs(tid, r)
}
