//go:build linux && (amd64 || arm64)

package observe

import (
	"fmt"
	"os"
	"os/exec"
	"sync"

	"golang.org/x/sys/unix"
)

// Mode availability is probed once per process by tracing a real child:
// this binary re-executed with probeEnv set, which exits in init.
const probeEnv = "PACKER_PLUGIN_DEV_OBSERVE_PROBE"

// probeSocket is an abstract unix socket nobody listens on: the probe
// process connects to it so that the probe sees one watched syscall
// travel the whole way (stop, decode, result) without side effects.
const probeSocket = "packer-plugin-dev-observe-probe"

func init() {
	switch os.Getenv(probeEnv) {
	case "namespaces":
		os.Exit(0)
	case "1":
		if fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0); err == nil {
			_ = unix.Connect(fd, &unix.SockaddrUnix{Name: "@" + probeSocket})
		}
		os.Exit(0)
	}
}

var (
	probeOnce sync.Once
	probed    []Mode
	probeErrs = map[Mode]error{}
)

func available() []Mode {
	probeOnce.Do(func() {
		for _, m := range []Mode{ModeSeccomp, ModePtrace} {
			if err := probe(m); err != nil {
				probeErrs[m] = err
				continue
			}
			probed = append(probed, m)
		}
		probed = append(probed, ModeSnapshot)
	})
	return probed
}

func probe(m Mode) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("%w: %s: find this executable to probe with: %v", ErrUnavailable, m, err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), probeEnv+"=1")
	s, err := Start(cmd, Options{Mode: m, skipProbe: true})
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnavailable, m, err)
	}
	if err := s.Wait(); err != nil {
		return fmt.Errorf("%w: %s: probe process: %v", ErrUnavailable, m, err)
	}
	for _, e := range s.Events() {
		if e.Op == "connect" && e.Addr == "@"+probeSocket && e.Result == -int64(unix.ECONNREFUSED) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s: the probe's connect to @%s was not seen (events: %v)", ErrUnavailable, m, probeSocket, s.Events())
}

func modeAvailable(m Mode) error {
	available()
	if err, ok := probeErrs[m]; ok {
		return err
	}
	return nil
}
