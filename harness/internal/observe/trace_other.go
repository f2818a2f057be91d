//go:build !(linux && (amd64 || arm64))

package observe

import "fmt"

// tracer does not exist where syscall tracing is not implemented.
type tracer struct{ finished chan struct{} }

func (t *tracer) killAll() {}

func available() []Mode { return []Mode{ModeSnapshot} }

func modeAvailable(m Mode) error {
	return fmt.Errorf("%w: %s needs linux/amd64 or linux/arm64; use %q", ErrUnavailable, m, ModeSnapshot)
}

func startTraced(s *Session) error { return modeAvailable(s.mode) }

// startConfined has nothing to confine with where tracing does not run.
func (s *Session) startConfined() {}
