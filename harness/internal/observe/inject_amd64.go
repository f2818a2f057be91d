//go:build linux

package observe

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/sys/unix"
)

// installFilter makes the tracee, stopped right after its execve, install
// the seccomp filter itself: it cannot be installed from outside, and Go
// cannot run code between fork and exec. The tracee executes two injected
// syscalls (prctl(PR_SET_NO_NEW_PRIVS), seccomp(SET_MODE_FILTER)) through a
// `syscall` instruction written over its entry point, with the filter
// copied below its stack pointer; memory and registers are restored after.
func installFilter(pid int, prog []unix.SockFilter) (err error) {
	var saved unix.PtraceRegs
	if err := unix.PtraceGetRegs(pid, &saved); err != nil {
		return fmt.Errorf("read registers of pid %d: %w", pid, err)
	}
	// struct sock_fprog { u16 len; u64 *filter } then the filter itself,
	// placed well below the stack pointer (and the 128-byte red zone).
	blob := make([]byte, 16+8*len(prog))
	scratch := (saved.Rsp - 256 - uint64(len(blob))) &^ 15
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
	restoreText, err := pokeSaved(pid, uintptr(saved.Rip), []byte{0x0f, 0x05}) // syscall
	if err != nil {
		return err
	}
	defer restoreText()
	defer func() {
		if e := unix.PtraceSetRegs(pid, &saved); e != nil && err == nil {
			err = fmt.Errorf("restore registers of pid %d: %w", pid, e)
		}
	}()

	call := func(nr uint64, args ...uint64) error {
		r := saved
		r.Rax, r.Orig_rax = nr, ^uint64(0) // no syscall restart on resume
		a := append(args, 0, 0, 0, 0, 0, 0)
		r.Rdi, r.Rsi, r.Rdx, r.R10, r.R8, r.R9 = a[0], a[1], a[2], a[3], a[4], a[5]
		if err := unix.PtraceSetRegs(pid, &r); err != nil {
			return err
		}
		if err := stepSyscall(pid); err != nil {
			return err
		}
		if err := unix.PtraceGetRegs(pid, &r); err != nil {
			return err
		}
		if rv := int64(r.Rax); rv < 0 {
			return fmt.Errorf("injected syscall %d failed: %w", nr, unix.Errno(-rv))
		}
		return nil
	}
	if err := call(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1); err != nil {
		return err
	}
	return call(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, scratch)
}

// injectionSupported is true where installFilter is implemented.
const injectionSupported = true
