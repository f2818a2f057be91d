package scratch

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A go command cancelled mid-run (killed, as exec.CommandContext does) leaves
// nothing in GOTMPDIR. `go run` of a program that waits on stdin is killed
// while its binary sits in the go command's work folder, which plain
// cmd.Run would leave behind.
func TestRunGoLeavesNothingWhenCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds and runs a program with go run")
	}
	gotmp, src := t.TempDir(), t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module waits\n")
	write("main.go", "package main\n\nimport (\"fmt\"; \"io\"; \"os\")\n\nfunc main() { fmt.Println(\"ready\"); io.Copy(io.Discard, os.Stdin) }\n")

	// Files, not readers, so that exec hands them over and Wait does not
	// wait on the program that outlives `go run`.
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdinW.Close()
	stdoutR, stdoutW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdoutR.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "go", "run", ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOTMPDIR="+gotmp)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdinR, stdoutW, os.Stderr
	done := make(chan error, 1)
	go func() { done <- RunGo(cmd) }()
	if line, err := bufio.NewReader(stdoutR).ReadString('\n'); line != "ready\n" {
		t.Fatalf("the program did not start: %q %v", line, err)
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("RunGo of a killed go command returned no error")
	}
	stdinR.Close()
	stdoutW.Close()
	entries, err := os.ReadDir(gotmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s left in GOTMPDIR", e.Name())
	}
}
