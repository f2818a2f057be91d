package main

// "double-forks" leaves a daemon behind the way a shell does: its child
// forks again, the grandchild calls setsid and the child exits, so the
// daemon is in a session of its own and no process tree leads to it. It
// does so in Configure, and in `describe` when MISBEHAVE_DESCRIBE_DAEMON
// is set. The daemon's pid goes to $TMPDIR/daemon.pid.

import (
	"os"
	"os/exec"
	"path/filepath"
)

type hxDoubleForks struct{ hxPP }

func (p *hxDoubleForks) Configure(raws ...any) error {
	if err := p.config.decode(raws...); err != nil {
		return err
	}
	return startDetachedDaemon(filepath.Join(os.Getenv("TMPDIR"), "daemon.pid"))
}

// startDetachedDaemon double-forks `sleep 3600` into its own session,
// writes its pid to pidfile and returns once the shell between has exited.
func startDetachedDaemon(pidfile string) error {
	// sh without job control does not make the background job a group
	// leader, so setsid(1) calls setsid itself and execs sleep in place:
	// $! is the daemon's pid.
	return exec.Command("/bin/sh", "-c", `setsid sleep 3600 </dev/null >/dev/null 2>&1 & echo $! >"$1"`, "sh", pidfile).Run()
}

func init() {
	postProcessors["double-forks"] = &hxDoubleForks{}
	if len(os.Args) > 1 && os.Args[1] == "describe" {
		if os.Getenv("MISBEHAVE_DESCRIBE_DAEMON") != "" {
			if err := startDetachedDaemon(filepath.Join(os.Getenv("TMPDIR"), "daemon.pid")); err != nil {
				panic(err)
			}
		}
	}
}
