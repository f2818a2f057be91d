package e2e

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// sshServer is a throw-away sshd on a loopback port, with its own host key
// and one authorised client key, for provisioners that need a communicator.
type sshServer struct {
	Host    string
	Port    int
	User    string
	KeyPath string // the client's private key
}

var (
	sshdOnce sync.Once
	sshdSrv  *sshServer
	sshdErr  error
	sshdStop = func() {}
)

// sharedSSHD starts one sshd for the whole package, on first use by a
// test that needs it; TestMain stops it.
func sharedSSHD(t *testing.T) *sshServer {
	t.Helper()
	sshdOnce.Do(func() { sshdSrv, sshdStop, sshdErr = startSSHD() })
	if sshdErr != nil {
		t.Fatal(sshdErr)
	}
	return sshdSrv
}

// startSSHD runs sshd in the foreground on 127.0.0.1 until stop is called.
// scripts/test.sh installs openssh-server when it is missing.
func startSSHD() (_ *sshServer, stop func(), err error) {
	sshd, err := exec.LookPath("sshd")
	if err != nil {
		sshd = "/usr/sbin/sshd"
	}
	if _, err := os.Stat(sshd); err != nil {
		return nil, nil, fmt.Errorf("sshd not found (%v): install openssh-server, or run the suite with bash scripts/test.sh, which does", err)
	}
	me, err := user.Current()
	if err != nil {
		return nil, nil, err
	}
	// sshd refuses keys and configs in group- or world-writable folders;
	// MkdirTemp makes it 0700.
	dir, err := os.MkdirTemp("", "ppd-e2e-sshd-")
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	hostKey := filepath.Join(dir, "host_ed25519")
	clientKey := filepath.Join(dir, "client_ed25519")
	for _, k := range []string{hostKey, clientKey} {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k).CombinedOutput(); err != nil {
			return nil, nil, fmt.Errorf("ssh-keygen: %v\n%s", err, out)
		}
	}
	pub, err := os.ReadFile(clientKey + ".pub")
	if err != nil {
		return nil, nil, err
	}
	authorized := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(authorized, pub, 0o600); err != nil {
		return nil, nil, err
	}
	// Privilege separation needs this folder when sshd runs as root.
	if me.Uid == "0" {
		_ = os.MkdirAll("/run/sshd", 0o755)
	}
	port, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	config := filepath.Join(dir, "sshd_config")
	cfg := fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
PidFile %s
AuthorizedKeysFile %s
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
AllowUsers %s
LogLevel INFO
`, port, hostKey, filepath.Join(dir, "sshd.pid"), authorized, me.Username)
	if err := os.WriteFile(config, []byte(cfg), 0o600); err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(sshd, "-D", "-e", "-f", config)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("starting sshd: %v", err)
	}
	stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		os.RemoveAll(dir)
	}
	// sshd says when it listens (LogLevel INFO); if it exits first, the
	// pipe ends and what it said is the reason. No polling, no deadline.
	var log strings.Builder
	lines := bufio.NewScanner(stderr)
	for !strings.Contains(log.String(), "Server listening on 127.0.0.1 port "+strconv.Itoa(port)) {
		if !lines.Scan() {
			stop()
			return nil, nil, fmt.Errorf("sshd exited before listening on port %d:\n%s", port, log.String())
		}
		log.WriteString(lines.Text() + "\n")
	}
	go io.Copy(io.Discard, stderr) // later log lines, until sshd is killed
	return &sshServer{Host: "127.0.0.1", Port: port, User: me.Username, KeyPath: clientKey}, stop, nil
}

// freePort asks the kernel for an unused loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
