//go:build linux && (amd64 || arm64)

package observe

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Classic BPF opcodes used by the seccomp filter.
const (
	bpfLdAbsW = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
	bpfJeqK   = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
	bpfJsetK  = unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K
	bpfJgeK   = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
	bpfRetK   = unix.BPF_RET | unix.BPF_K
)

// x32SyscallBit marks amd64's x32 ABI in the syscall number (its arch is
// AUDIT_ARCH_X86_64 too); no arm64 syscall number reaches it either.
const x32SyscallBit = 0x40000000

// struct seccomp_data offsets.
const (
	seccompNr   = 0
	seccompArch = 4
	seccompArgs = 16 // args[i] at 16+8*i; the low 32 bits come first (little endian)
)

// seccompFilter builds the filter that makes the watched syscalls stop for
// the tracer (SECCOMP_RET_TRACE) and lets every other syscall run. Opens
// stop only with a flag that can write, so the many read-only opens of a
// starting program cost nothing.
//
// When confine is set, the refusals stop for the tracer too, which skips
// them (a process whose tracer is gone gets ENOSYS from the kernel, never
// the syscall), and clone3 fails with ENOSYS, as under Docker's profile,
// so that libcs fall back to clone, whose flags the filter can read.
// self is the pid the process sees itself as: its signals to itself run.
func seccompFilter(confine bool, self uint32) []unix.SockFilter {
	type insn struct {
		unix.SockFilter
		jt, jf string // labels, resolved below
	}
	var prog []insn
	add := func(code uint16, k uint32, jt, jf string) {
		prog = append(prog, insn{SockFilter: unix.SockFilter{Code: code, K: k}, jt: jt, jf: jf})
	}
	// Other ABIs (i386 through int 0x80, x32) are not watched; a confined
	// process is refused them, so that no syscall escapes the deny list.
	foreign := "allow"
	if confine {
		foreign = "enosys"
	}
	add(bpfLdAbsW, seccompArch, "", "")
	add(bpfJeqK, auditArch, "", foreign)
	add(bpfLdAbsW, seccompNr, "", "")
	if confine {
		add(bpfJgeK, x32SyscallBit, "enosys", "")
	}
	flagChecks := map[int]bool{}
	for _, d := range watched {
		if d.class == sysGetsockopt {
			add(bpfJeqK, uint32(d.nr), "sockerr", "")
			continue
		}
		if arg, ok := openFlagsArg(d.class); ok {
			add(bpfJeqK, uint32(d.nr), "flags"+string(rune('0'+arg)), "")
			flagChecks[arg] = true
			continue
		}
		add(bpfJeqK, uint32(d.nr), "trace", "")
	}
	if confine {
		add(bpfJeqK, unix.SYS_CLONE3, "enosys", "")
		for _, r := range refusals {
			add(bpfJeqK, uint32(r.nr), "trace", "")
		}
		for _, r := range pathRefusals {
			add(bpfJeqK, uint32(r.nr), "trace", "")
		}
		add(bpfJeqK, unix.SYS_CLONE, "clone", "")
		add(bpfJeqK, unix.SYS_PRCTL, "prctl", "")
		add(bpfJeqK, unix.SYS_IOCTL, "ioctl", "")
		for _, r := range signalRefusals {
			switch r.nr {
			case unix.SYS_KILL, unix.SYS_TGKILL, unix.SYS_RT_SIGQUEUEINFO, unix.SYS_RT_TGSIGQUEUEINFO:
				add(bpfJeqK, uint32(r.nr), "self", "")
			default:
				add(bpfJeqK, uint32(r.nr), "trace", "")
			}
		}
	}
	add(bpfRetK, unix.SECCOMP_RET_ALLOW, "", "")
	labels := map[string]int{}
	for arg := range 6 {
		if !flagChecks[arg] {
			continue
		}
		labels["flags"+string(rune('0'+arg))] = len(prog)
		add(bpfLdAbsW, uint32(seccompArgs+8*arg), "", "")
		add(bpfJsetK, writeFlags, "trace", "allow")
	}
	labels["sockerr"] = len(prog)
	add(bpfLdAbsW, seccompArgs+8*1, "", "")
	add(bpfJeqK, unix.SOL_SOCKET, "", "allow")
	add(bpfLdAbsW, seccompArgs+8*2, "", "")
	add(bpfJeqK, unix.SO_ERROR, "trace", "allow")
	if confine {
		labels["clone"] = len(prog)
		add(bpfLdAbsW, seccompArgs, "", "")
		add(bpfJsetK, cloneRefused, "trace", "allow")
		labels["prctl"] = len(prog)
		add(bpfLdAbsW, seccompArgs, "", "")
		add(bpfJeqK, unix.PR_SET_SECCOMP, "trace", "allow")
		labels["ioctl"] = len(prog)
		add(bpfLdAbsW, seccompArgs+8*1, "", "")
		for _, req := range attrIoctls {
			add(bpfJeqK, req, "trace", "")
		}
		add(bpfRetK, unix.SECCOMP_RET_ALLOW, "", "")
		labels["self"] = len(prog)
		add(bpfLdAbsW, seccompArgs, "", "")
		add(bpfJeqK, self, "allow", "trace")
		labels["enosys"] = len(prog)
		add(bpfRetK, unix.SECCOMP_RET_ERRNO|uint32(unix.ENOSYS), "", "")
	}
	labels["trace"] = len(prog)
	add(bpfRetK, unix.SECCOMP_RET_TRACE, "", "")
	labels["allow"] = len(prog)
	add(bpfRetK, unix.SECCOMP_RET_ALLOW, "", "")

	out := make([]unix.SockFilter, len(prog))
	for i, in := range prog {
		out[i] = in.SockFilter
		// Jump offsets count from the next instruction and must fit in a
		// byte; the program is about a hundred instructions long.
		if in.jt != "" {
			out[i].Jt = jump(labels[in.jt] - i - 1)
		}
		if in.jf != "" {
			out[i].Jf = jump(labels[in.jf] - i - 1)
		}
	}
	return out
}

func jump(n int) uint8 {
	if n < 0 || n > 255 {
		panic(fmt.Sprintf("observe: seccomp filter jump of %d does not fit in a byte", n))
	}
	return uint8(n)
}
