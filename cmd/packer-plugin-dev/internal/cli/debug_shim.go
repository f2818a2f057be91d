package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/debugger"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/release"
)

// A copy of this tool installed by `debug TEMPLATE` under a plugin's name
// is that plugin's shim for Packer: it acts as one only under an installed
// plugin's name (packer-plugin-NAME_vX.Y.Z_x5.0_OS_ARCH) and with shimEnv
// set, so neither alone changes what the tool does.
func init() {
	cfg := os.Getenv(shimEnv)
	if cfg == "" {
		return
	}
	if _, err := release.ParseInstalledName(filepath.Base(os.Args[0])); err == nil {
		os.Exit(runShim(cfg, os.Args[1:]))
	}
}

// runShim runs the plugin as Packer asked: `describe` and anything but
// `start` as is; `start` under Delve, with Packer's connection relayed.
func runShim(cfgPath string, args []string) int {
	data, err := os.ReadFile(cfgPath)
	var cfg shimConfig
	if err == nil {
		err = json.Unmarshal(data, &cfg)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "packer-plugin-dev debug shim: %s: %v\n", cfgPath, err)
		return 1
	}
	if len(args) == 0 || args[0] != "start" {
		cmd := exec.Command(cfg.Plugin, args...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return exit.ExitCode()
			}
			fmt.Fprintf(os.Stderr, "packer-plugin-dev debug shim: %v\n", err)
			return 1
		}
		return 0
	}
	if err := shimStart(cfg, args); err != nil {
		fmt.Fprintf(os.Stderr, "packer-plugin-dev debug shim: %v\n", err)
		return 1
	}
	return 0
}

// shimStart runs `dlv exec PLUGIN -- start ...`, sets the breakpoints and
// continues the plugin (or leaves it for the IDE), then prints a handshake
// of its own and relays Packer's connection to the plugin's, answering
// Packer's keepalive while the plugin is held.
func shimStart(cfg shimConfig, args []string) error {
	var status io.Writer = io.Discard
	if c, err := net.Dial("unix", cfg.Status); err == nil {
		defer c.Close()
		status = c
	}
	what := strings.Join(args[1:], " ")
	logR, logW, err := os.Pipe()
	if err != nil {
		return err
	}
	cont := cfg.Continue && len(cfg.Breaks) == 0
	dlv := exec.Command(cfg.Dlv, debugger.Args(debugger.Free(cfg.Listen), 3, cont, cfg.Plugin, args...)...)
	dlv.ExtraFiles = []*os.File{logW}
	dlv.Stderr = os.Stderr
	stdout, err := dlv.StdoutPipe()
	if err != nil {
		return err
	}
	dieWithParent(dlv)
	if err := dlv.Start(); err != nil {
		return fmt.Errorf("start Delve: %w", err)
	}
	logW.Close()
	defer func() { _ = dlv.Process.Kill(); _ = dlv.Wait() }()
	logs := bufio.NewReader(logR)
	addr, err := debugger.WaitListening(logs)
	if err != nil {
		return err
	}
	debugger.Drain(logs)
	fmt.Fprintf(status, "%s: plugin process under Delve at %s\n", what, addr)
	switch {
	case len(cfg.Breaks) > 0:
		bps, err := debugger.Preset(context.Background(), addr, cfg.Breaks)
		if err != nil {
			return err
		}
		for _, bp := range bps {
			fmt.Fprintf(status, "  breakpoint %d at %s:%d (%s)\n", bp.ID, bp.File, bp.Line, bp.FunctionName)
		}
		fmt.Fprintf(status, "  running; attach at %s whenever you like\n", addr)
	case cont:
		fmt.Fprintf(status, "  running; attach at %s whenever you like\n", addr)
	default:
		fmt.Fprintf(status, "  waiting at its entry: attach and continue within 60 s, Packer's start timeout\n")
	}

	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	if err != nil {
		return fmt.Errorf("the plugin ended before its handshake: %w", err)
	}
	h, err := harness.ParseHandshake(line)
	if err != nil {
		// Packer judges it as it would the plugin's own.
		fmt.Print(line)
		_, _ = io.Copy(os.Stdout, out)
		return dlv.Wait()
	}
	ln, cleanup, err := listenLike(h)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Printf("%s|%s|%s|%s\n", h.APIMajor, h.APIMinor, ln.Addr().Network(), ln.Addr().String())
	go func() { _, _ = io.Copy(os.Stdout, out) }()
	core, err := ln.Accept()
	ln.Close()
	if err != nil {
		return err
	}
	plugin, err := net.Dial(h.Network, h.Address)
	if err != nil {
		core.Close()
		return fmt.Errorf("dial the plugin at %s: %w", h.Address, err)
	}
	debugger.Relay(core, plugin)
	return nil
}

// listenLike listens where a plugin of handshake h would: a unix socket
// in a folder of its own, or loopback TCP.
func listenLike(h harness.Handshake) (net.Listener, func(), error) {
	if h.Network != "unix" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		return ln, func() {}, err
	}
	dir, err := os.MkdirTemp("", "packer-plugin-dev-shim-")
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "plugin.sock"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return ln, func() { os.RemoveAll(dir) }, nil
}
