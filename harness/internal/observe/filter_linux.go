//go:build linux && (amd64 || arm64)

package observe

import "golang.org/x/sys/unix"

// Classic BPF opcodes used by the seccomp filter.
const (
	bpfLdAbsW = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
	bpfJeqK   = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
	bpfJsetK  = unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K
	bpfRetK   = unix.BPF_RET | unix.BPF_K
)

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
func seccompFilter() []unix.SockFilter {
	type insn struct {
		unix.SockFilter
		jt, jf string // labels, resolved below
	}
	var prog []insn
	add := func(code uint16, k uint32, jt, jf string) {
		prog = append(prog, insn{SockFilter: unix.SockFilter{Code: code, K: k}, jt: jt, jf: jf})
	}
	add(bpfLdAbsW, seccompArch, "", "")
	add(bpfJeqK, auditArch, "", "allow") // other ABIs (x32, i386) are not watched
	add(bpfLdAbsW, seccompNr, "", "")
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
	labels["trace"] = len(prog)
	add(bpfRetK, unix.SECCOMP_RET_TRACE, "", "")
	labels["allow"] = len(prog)
	add(bpfRetK, unix.SECCOMP_RET_ALLOW, "", "")

	out := make([]unix.SockFilter, len(prog))
	for i, in := range prog {
		out[i] = in.SockFilter
		// Jump offsets count from the next instruction and fit in a byte;
		// the program is a few dozen instructions long.
		if in.jt != "" {
			out[i].Jt = uint8(labels[in.jt] - i - 1)
		}
		if in.jf != "" {
			out[i].Jf = uint8(labels[in.jf] - i - 1)
		}
	}
	return out
}
