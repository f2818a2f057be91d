//go:build linux && (amd64 || arm64)

package observe

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// syscallInfo is struct ptrace_syscall_info (linux/ptrace.h), flattened.
type syscallInfo struct {
	op    uint8
	nr    uint64
	args  [6]uint64
	rval  int64
	isErr bool
}

func getSyscallInfo(tid int) (syscallInfo, error) {
	var raw struct {
		Op    uint8
		_     [3]uint8
		Arch  uint32
		IP    uint64
		SP    uint64
		Union [8]uint64 // entry/seccomp: nr, args[6], ret_data; exit: rval, is_error
	}
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_GET_SYSCALL_INFO, uintptr(tid),
		unsafe.Sizeof(raw), uintptr(unsafe.Pointer(&raw)), 0, 0)
	if errno != 0 {
		return syscallInfo{}, errno
	}
	info := syscallInfo{op: raw.Op}
	switch raw.Op {
	case unix.PTRACE_SYSCALL_INFO_ENTRY, unix.PTRACE_SYSCALL_INFO_SECCOMP:
		info.nr = raw.Union[0]
		copy(info.args[:], raw.Union[1:7])
	case unix.PTRACE_SYSCALL_INFO_EXIT:
		info.rval = int64(raw.Union[0])
		info.isErr = raw.Union[1]&0xff != 0
	}
	return info, nil
}

func ptraceGetSiginfo(tid int, si *unix.Siginfo) error {
	_, _, errno := unix.Syscall6(unix.SYS_PTRACE, unix.PTRACE_GETSIGINFO, uintptr(tid), 0, uintptr(unsafe.Pointer(si)), 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// pokeSaved writes data into the tracee and returns a function that puts
// the original bytes back.
func pokeSaved(pid int, addr uintptr, data []byte) (func(), error) {
	orig := make([]byte, len(data))
	if _, err := unix.PtracePeekData(pid, addr, orig); err != nil {
		return nil, fmt.Errorf("read memory of pid %d at %#x: %w", pid, addr, err)
	}
	if _, err := unix.PtracePokeData(pid, addr, data); err != nil {
		return nil, fmt.Errorf("write memory of pid %d at %#x: %w", pid, addr, err)
	}
	return func() { _, _ = unix.PtracePokeData(pid, addr, orig) }, nil
}

// writeSaved is pokeSaved for writable memory: one process_vm_writev
// instead of a ptrace call per word, falling back to ptrace.
func writeSaved(pid int, addr uintptr, data []byte) (func(), error) {
	orig := make([]byte, len(data))
	remote := []unix.RemoteIovec{{Base: addr, Len: len(data)}}
	if n, err := unix.ProcessVMReadv(pid, []unix.Iovec{{Base: &orig[0], Len: uint64(len(orig))}}, remote, 0); err != nil || n != len(orig) {
		return pokeSaved(pid, addr, data)
	}
	if n, err := unix.ProcessVMWritev(pid, []unix.Iovec{{Base: &data[0], Len: uint64(len(data))}}, remote, 0); err != nil || n != len(data) {
		return pokeSaved(pid, addr, data)
	}
	return func() {
		_, _ = unix.ProcessVMWritev(pid, []unix.Iovec{{Base: &orig[0], Len: uint64(len(orig))}}, remote, 0)
	}, nil
}

// stepSyscall runs the tracee through one syscall: to its entry stop, then
// to its exit stop.
func stepSyscall(pid int) error {
	for range 2 {
		if err := unix.PtraceSyscall(pid, 0); err != nil {
			return err
		}
		ws, err := waitTask(pid)
		if err != nil {
			return err
		}
		if !ws.Stopped() || ws.StopSignal() != unix.SIGTRAP|0x80 {
			return fmt.Errorf("pid %d did not stop at a syscall (status %#x)", pid, uint32(ws))
		}
	}
	return nil
}

// waitTask waits for the next state change of one traced task, retrying
// when a signal interrupts the wait.
func waitTask(pid int) (unix.WaitStatus, error) {
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(pid, &ws, unix.WALL, nil)
		if err != unix.EINTR {
			return ws, err
		}
	}
}
