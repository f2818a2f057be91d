//go:build linux && (amd64 || arm64)

package observe

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/testdata/routes"
)

func init() {
	scenarios["write-fd3"] = func() error {
		if _, err := os.NewFile(3, "inherited").Write([]byte("x")); err == nil {
			return fmt.Errorf("wrote to an inherited descriptor")
		}
		return nil
	}
	for _, r := range routes.All {
		scenarios["route-"+r.Name] = func() error {
			err := r.Do(os.Getenv("OBSERVE_OUTSIDE"))
			fmt.Fprintf(os.Stderr, "%s: %v\n", r.Name, err)
			return nil
		}
	}
}

// TestConfinedRoutes runs every route in a confined helper: each must be
// seen with its syscall named and refused or failed, and leave nothing in
// the folder outside the sandbox.
func TestConfinedRoutes(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts confined processes")
	}
	if !slices.Contains(Available(), ModeSeccomp) {
		t.Skipf("confinement needs %s (available: %v)", ModeSeccomp, Available())
	}
	for _, r := range routes.All {
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			sb := newSandbox(t)
			before, _ := os.ReadDir(sb.outside)
			s, evs := runConfined(t, "route-"+r.Name, sb)
			for _, p := range s.Protections() {
				if !p.On {
					t.Errorf("protection %s is off: %s", p.Name, p.Detail)
				}
			}
			var dump strings.Builder
			found := false
			for _, e := range evs {
				fmt.Fprintf(&dump, "\n\t%s", e)
				if e.Syscall == r.Syscall && (r.Allowed || e.Refused != "" || e.Result < 0) {
					found = true
				}
			}
			if !found {
				t.Errorf("route %s: no refused or failed %s; events:%s", r.Name, r.Syscall, dump.String())
			}
			if after, _ := os.ReadDir(sb.outside); len(after) != len(before) {
				t.Errorf("route %s left %v outside the sandbox (before: %v)", r.Name, after, before)
			}
		})
	}
}

// runConfined runs a helper scenario under Options.Confine (the sandbox's
// folders writable), passing it extra descriptors, kills what is left of
// it and returns its events.
func runConfined(t *testing.T, name string, sb *sandbox, extra ...*os.File) (*Session, []Event) {
	t.Helper()
	cmd := helperCmd(name, sb)
	cmd.ExtraFiles = extra
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	s, err := Start(cmd, Options{Mode: ModeSeccomp, Confine: &Confinement{Writable: []string{sb.cwd, sb.tmp, sb.home}}})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(stdin, "go")
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if line != "ok\n" {
		t.Errorf("helper %s answered %q (%v)", name, line, err)
	}
	stdin.Close()
	s.Kill()
	_ = s.Wait()
	waitTracerDone(t, s)
	t.Logf("stderr:\n%s", stderr.String())
	return s, s.Events()
}

// A confined process gets stdin, stdout and stderr only: a descriptor its
// starter passed on (or leaked) is closed before its first instruction.
func TestConfinedClosesInheritedDescriptors(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts confined processes")
	}
	if !slices.Contains(Available(), ModeSeccomp) {
		t.Skipf("confinement needs %s (available: %v)", ModeSeccomp, Available())
	}
	sb := newSandbox(t)
	leaked, err := os.Create(sb.outside + "/leaked.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer leaked.Close()
	runConfined(t, "write-fd3", sb, leaked)
	if fi, _ := leaked.Stat(); fi.Size() != 0 {
		t.Errorf("the confined process wrote %d bytes through an inherited descriptor", fi.Size())
	}
}
