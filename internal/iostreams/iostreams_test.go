package iostreams

import (
	"os"
	"testing"
)

func TestColorWanted(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		tty   bool
		color bool
	}{
		{"terminal", nil, true, true},
		{"pipe", nil, false, false},
		{"NO_COLOR wins on a terminal", map[string]string{"NO_COLOR": ""}, true, false},
		{"NO_COLOR wins over CLICOLOR_FORCE", map[string]string{"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, true, false},
		{"CLICOLOR_FORCE colours a pipe", map[string]string{"CLICOLOR_FORCE": "1"}, false, true},
		{"CLICOLOR_FORCE=0 does not", map[string]string{"CLICOLOR_FORCE": "0"}, false, false},
		{"dumb terminal", map[string]string{"TERM": "dumb"}, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("TERM", "xterm-256color")
			t.Setenv("CLICOLOR_FORCE", "")
			unsetenv(t, "NO_COLOR")
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			if got := colorWanted(c.tty); got != c.color {
				t.Errorf("colorWanted(tty=%v) = %v, want %v", c.tty, got, c.color)
			}
		})
	}
}

func TestCanPrompt(t *testing.T) {
	s, _, _, _ := Test()
	if s.CanPrompt() {
		t.Error("buffers are no terminal, yet CanPrompt is true")
	}
	s.SetTTY(true, true, false)
	if !s.CanPrompt() {
		t.Error("stdin and stdout are terminals, yet CanPrompt is false")
	}
	s.SetTTY(true, false, true)
	if s.CanPrompt() {
		t.Error("stdout is piped, yet CanPrompt is true: the question would be invisible")
	}
	s.SetTTY(true, true, true)
	s.SetNeverPrompt(true)
	if s.CanPrompt() {
		t.Error("prompting was disabled, yet CanPrompt is true")
	}
}

// CI systems may allocate a pseudo-terminal; CI=true must still never
// prompt, or the job would hang.
func TestSystemNeverPromptsInCI(t *testing.T) {
	for v, never := range map[string]bool{"true": true, "1": true, "false": false, "": false} {
		t.Setenv("CI", v)
		s := System()
		s.SetTTY(true, true, true)
		if got := !s.CanPrompt(); got != never {
			t.Errorf("CI=%q: never prompts = %v, want %v", v, got, never)
		}
	}
}

// unsetenv removes k for the test and restores it after.
func unsetenv(t *testing.T, k string) {
	t.Helper()
	t.Setenv(k, "") // registers the restore
	if err := os.Unsetenv(k); err != nil {
		t.Fatal(err)
	}
}
