//go:build linux && (amd64 || arm64)

package observe

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/sys/unix"
)

// installFilter makes the tracee, stopped right after its execve, install
// the seccomp filter itself: a filter cannot be installed from outside, and
// Go cannot run code between fork and exec (a re-exec shim would cost a
// second start of a Go program). The tracee executes two injected syscalls,
// prctl(PR_SET_NO_NEW_PRIVS) and seccomp(SET_MODE_FILTER), through a syscall
// instruction written over its entry point, with the program copied below
// its stack pointer; memory and registers are restored afterwards.
func installFilter(pid int, prog []unix.SockFilter) (err error) {
	saved, err := getRegs(pid)
	if err != nil {
		return fmt.Errorf("read registers of pid %d: %w", pid, err)
	}
	// struct sock_fprog { u16 len; u64 *filter } then the filter itself,
	// well below the stack pointer (and below amd64's 128-byte red zone).
	blob := make([]byte, 16+8*len(prog))
	scratch := (saved.sp() - 256 - uint64(len(blob))) &^ 15
	binary.LittleEndian.PutUint16(blob, uint16(len(prog)))
	binary.LittleEndian.PutUint64(blob[8:], scratch+16)
	for i, f := range prog {
		o := 16 + 8*i
		binary.LittleEndian.PutUint16(blob[o:], f.Code)
		blob[o+2], blob[o+3] = f.Jt, f.Jf
		binary.LittleEndian.PutUint32(blob[o+4:], f.K)
	}
	restoreStack, err := writeSaved(pid, uintptr(scratch), blob)
	if err != nil {
		return err
	}
	defer restoreStack()
	restoreText, err := pokeSaved(pid, uintptr(saved.pc()), syscallInsn)
	if err != nil {
		return err
	}
	defer restoreText()
	defer func() {
		if e := setRegs(pid, saved); e != nil && err == nil {
			err = fmt.Errorf("restore registers of pid %d: %w", pid, e)
		}
	}()

	call := func(nr uint64, args ...uint64) error {
		if err := setRegs(pid, saved.withSyscall(nr, args)); err != nil {
			return err
		}
		if err := stepSyscall(pid); err != nil {
			return err
		}
		r, err := getRegs(pid)
		if err != nil {
			return err
		}
		if rv := r.ret(); rv < 0 {
			return fmt.Errorf("injected syscall %d failed: %w", nr, unix.Errno(-rv))
		}
		return nil
	}
	if err := call(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1); err != nil {
		return err
	}
	return call(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, scratch)
}
