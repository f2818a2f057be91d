//go:build linux

package observe

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The test binary doubles as the observed program: with helperEnv set,
// TestMain runs one scenario instead of the tests. The scenario waits for a
// line on stdin before acting and prints "ok" after, so the test knows
// exactly which phase each side effect happened in.
const helperEnv = "OBSERVE_TEST_HELPER"

func TestMain(m *testing.M) {
	if name := os.Getenv(helperEnv); name != "" {
		os.Exit(runHelper(name))
	}
	code := m.Run()
	if pluginDir != "" {
		os.RemoveAll(pluginDir)
	}
	// No test may leave a process behind, not even a zombie or a stopped
	// tracee: every one of them would still be a child of this process.
	if left := descendants(os.Getpid()); len(left) > 0 {
		for _, pid := range left {
			b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
			fmt.Fprintf(os.Stderr, "leaked process: %s\n", b)
		}
		code = 1
	}
	os.Exit(code)
}

var scenarios = map[string]func() error{
	"create-cwd":  func() error { return os.WriteFile("created.txt", []byte("x"), 0o644) },
	"create-tmp":  func() error { return os.WriteFile(filepath.Join(os.TempDir(), "tmp.txt"), []byte("x"), 0o644) },
	"create-home": func() error { return os.WriteFile(filepath.Join(os.Getenv("HOME"), "home.txt"), []byte("x"), 0o644) },
	"create-abs":  func() error { return os.WriteFile(os.Getenv("OBSERVE_OUTSIDE"), []byte("x"), 0o644) },
	"create-delete": func() error {
		if err := os.WriteFile("ephemeral.txt", []byte("x"), 0o644); err != nil {
			return err
		}
		return os.Remove("ephemeral.txt")
	},
	"rename": func() error { return os.Rename("old.txt", "new.txt") },
	"mkdir":  func() error { return os.Mkdir("made", 0o755) },
	"connect-closed": func() error {
		c, err := net.Dial("tcp", os.Getenv("OBSERVE_ADDR"))
		if err == nil {
			c.Close()
			return fmt.Errorf("connect to the closed port %s succeeded", os.Getenv("OBSERVE_ADDR"))
		}
		return nil
	},
	"dial-and-say": func() error {
		c, err := net.Dial("tcp", os.Getenv("OBSERVE_ADDR"))
		if err != nil {
			return err
		}
		defer c.Close()
		_, err = c.Write([]byte("hello\n"))
		return err
	},
	"dns-connect": func() error {
		c, err := net.Dial("udp", "127.0.0.1:53")
		if err != nil {
			return err
		}
		defer c.Close()
		_, _ = c.Write(dnsQuery)
		return nil
	},
	"dns-sendto": func() error {
		c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			return err
		}
		defer c.Close()
		_, _ = c.WriteTo(dnsQuery, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 53})
		return nil
	},
	"http": func() error {
		resp, err := http.Get(os.Getenv("OBSERVE_URL"))
		if err != nil {
			return err
		}
		return resp.Body.Close()
	},
	"child": func() error { return exec.Command("/bin/true").Run() },
	"grandchild": func() error {
		return exec.Command("/bin/sh", "-c", "/bin/touch grand.txt; true").Run()
	},
	// threads writes from many goroutines at once, so from many threads.
	"threads": func() error {
		errc := make(chan error)
		for i := range threadFiles {
			go func() { errc <- os.WriteFile(fmt.Sprintf("t%02d.txt", i), nil, 0o644) }()
		}
		for range threadFiles {
			if err := <-errc; err != nil {
				return err
			}
		}
		return nil
	},
	"exec-missing": func() error {
		if err := exec.Command("/nonexistent/prog").Run(); err == nil {
			return fmt.Errorf("running /nonexistent/prog succeeded")
		}
		return nil
	},
	// exec-from-thread replaces the program from a thread other than the
	// main one; the new program finishes the handshake.
	"exec-from-thread": func() error {
		errc := make(chan error)
		for {
			tid := make(chan int)
			go func() {
				runtime.LockOSThread() // never unlocked: parks the thread if it is the main one
				tid <- unix.Gettid()
				if unix.Gettid() == unix.Getpid() {
					select {}
				}
				errc <- syscall.Exec("/bin/sh", []string{"sh", "-c", ": > by-sh.txt; echo ok; read x; exit 0"}, os.Environ())
			}()
			if <-tid != unix.Getpid() {
				return <-errc
			}
		}
	},
	"truncate": func() error { return os.Truncate("existing.txt", 0) },
	"write-existing": func() error {
		f, err := os.OpenFile("existing.txt", os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		if _, err := f.WriteString("more"); err != nil {
			return err
		}
		return f.Close()
	},
	"symlink": func() error { return os.Symlink("existing.txt", "link") },
	"chmod":   func() error { return os.Chmod("existing.txt", 0o600) },
	// os.Remove tries unlink first and rmdir after it fails with EISDIR.
	"rmdir": func() error { return os.Remove("dir") },
	"dirfd": func() error {
		dir, err := os.Open("dir")
		if err != nil {
			return err
		}
		defer dir.Close()
		fd, err := unix.Openat(int(dir.Fd()), "rel.txt", unix.O_CREAT|unix.O_WRONLY|unix.O_CLOEXEC, 0o644)
		if err != nil {
			return err
		}
		return unix.Close(fd)
	},
	"unix-connect": func() error {
		c, err := net.Dial("unix", os.Getenv("OBSERVE_UNIX"))
		if err != nil {
			return err
		}
		return c.Close()
	},
	// signal checks that signals reach the traced program.
	"signal": func() error {
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGUSR1)
		if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
			return err
		}
		<-c // the test's own timeout ends a signal that never comes
		return nil
	},
	"readonly": func() error {
		if _, err := os.ReadFile("/etc/hosts"); err != nil {
			return err
		}
		if _, err := os.ReadDir("."); err != nil {
			return err
		}
		_, err := os.Stat(os.TempDir())
		return err
	},
	// stubborn starts a child that ignores SIGTERM and then waits forever.
	"stubborn": func() error {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), helperEnv+"=ignore-term")
		cmd.Stdout = os.Stdout
		if err := cmd.Start(); err != nil {
			return err
		}
		fmt.Printf("child %d\n", cmd.Process.Pid)
		select {}
	},
}

const threadFiles = 32

// dnsQuery asks for the A record of example.com.
var dnsQuery = []byte{0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1}

func runHelper(name string) int {
	if name == "ignore-term" {
		signal.Ignore(syscall.SIGTERM)
		fmt.Println("ready")
		time.Sleep(time.Hour)
		return 0
	}
	if name == "exit3" {
		return 3
	}
	f, ok := scenarios[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown scenario %q\n", name)
		return 2
	}
	if os.Getenv("OBSERVE_PRE") != "" {
		// A side effect before the handshake, announced once done.
		if err := os.WriteFile("pre.txt", nil, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println("pre")
	}
	in := bufio.NewScanner(os.Stdin)
	if !in.Scan() {
		return 3
	}
	if err := f(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		return 1
	}
	fmt.Println("ok")
	in.Scan() // wait for stdin to close before exiting
	return 0
}
