//go:build linux && (amd64 || arm64)

package observe

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/sys/unix"
)

// injector makes a tracee, stopped right after its execve, run syscalls
// chosen by the tracer: a seccomp filter or a Landlock domain cannot be
// installed from outside, and Go cannot run code between fork and exec (a
// re-exec shim would cost a second start of a Go program). The syscalls
// run through a syscall instruction written over the entry point, with
// their data copied below the stack pointer; inject puts memory and
// registers back afterwards.
type injector struct {
	pid   int
	saved regs
	// free is the next free scratch address: data is stacked downwards
	// from well below the stack pointer (and amd64's 128-byte red zone).
	free     uint64
	restores []func()
}

// inject runs f with an injector for the stopped tracee pid.
func inject(pid int, f func(in *injector) error) (err error) {
	saved, err := getRegs(pid)
	if err != nil {
		return fmt.Errorf("read registers of pid %d: %w", pid, err)
	}
	in := &injector{pid: pid, saved: saved, free: saved.sp() - 256}
	defer func() {
		for i := len(in.restores) - 1; i >= 0; i-- {
			in.restores[i]()
		}
		if e := setRegs(pid, saved); e != nil && err == nil {
			err = fmt.Errorf("restore registers of pid %d: %w", pid, e)
		}
	}()
	restoreText, err := pokeSaved(pid, uintptr(saved.pc()), syscallInsn)
	if err != nil {
		return err
	}
	in.restores = append(in.restores, restoreText)
	return f(in)
}

// put copies b into the tracee's scratch memory and returns its address,
// 16-byte aligned.
func (in *injector) put(b []byte) (uint64, error) {
	addr := (in.free - uint64(len(b))) &^ 15
	restore, err := writeSaved(in.pid, uintptr(addr), b)
	if err != nil {
		return 0, err
	}
	in.restores = append(in.restores, restore)
	in.free = addr
	return addr, nil
}

// putString copies s with its terminating NUL.
func (in *injector) putString(s string) (uint64, error) { return in.put(append([]byte(s), 0)) }

// call runs one syscall in the tracee and returns its result; a negative
// result is returned as the errno.
func (in *injector) call(nr uint64, args ...uint64) (int64, error) {
	if err := setRegs(in.pid, in.saved.withSyscall(nr, args)); err != nil {
		return 0, err
	}
	if err := stepSyscall(in.pid); err != nil {
		return 0, err
	}
	r, err := getRegs(in.pid)
	if err != nil {
		return 0, err
	}
	if rv := r.ret(); rv < 0 {
		return rv, unix.Errno(-rv)
	}
	return r.ret(), nil
}

// installFilter makes the tracee install the seccomp filter itself:
// prctl(PR_SET_NO_NEW_PRIVS), then seccomp(SET_MODE_FILTER) with the
// program as struct sock_fprog { u16 len; u64 *filter } then the filter.
func installFilter(in *injector, prog []unix.SockFilter) error {
	code := make([]byte, 8*len(prog))
	for i, f := range prog {
		o := 8 * i
		binary.LittleEndian.PutUint16(code[o:], f.Code)
		code[o+2], code[o+3] = f.Jt, f.Jf
		binary.LittleEndian.PutUint32(code[o+4:], f.K)
	}
	codeAt, err := in.put(code)
	if err != nil {
		return err
	}
	fprog := make([]byte, 16)
	binary.LittleEndian.PutUint16(fprog, uint16(len(prog)))
	binary.LittleEndian.PutUint64(fprog[8:], codeAt)
	fprogAt, err := in.put(fprog)
	if err != nil {
		return err
	}
	if _, err := in.call(unix.SYS_PRCTL, unix.PR_SET_NO_NEW_PRIVS, 1); err != nil {
		return fmt.Errorf("prctl(PR_SET_NO_NEW_PRIVS): %w", err)
	}
	if _, err := in.call(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, fprogAt); err != nil {
		return fmt.Errorf("seccomp(SET_MODE_FILTER): %w", err)
	}
	return nil
}
