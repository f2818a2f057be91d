package scratch

import (
	"os"
	"os/exec"
	"strings"
)

// RunGo runs cmd, a go command, with its work folder (GOTMPDIR) inside a
// scratch folder that is removed when the command ends. The go command
// removes its go-build folder itself, but not when it is killed, and
// killing is how exec.CommandContext cancels: every cancelled build would
// leave a folder holding a half-linked binary in TMPDIR.
func RunGo(cmd *exec.Cmd) error {
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	dir, err := MkdirTemp(lookupEnv(cmd.Env, "GOTMPDIR"), "packer-plugin-dev-go-")
	if err != nil {
		return err
	}
	defer RemoveAll(dir)
	cmd.Env = append(cmd.Env, "GOTMPDIR="+dir)
	return cmd.Run()
}

// lookupEnv is the last value of key in env, as exec uses it.
func lookupEnv(env []string, key string) string {
	value := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			value = v
		}
	}
	return value
}
