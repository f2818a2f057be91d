package cli

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/debugger"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/release"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// Debugging inside real Packer. Packer has no reattach: it starts the
// plugin itself, from its plugin folder. So a throw-away PACKER_PLUGIN_PATH
// holds, under the plugin's canonical name and with its _SHA256SUM, a copy
// of this tool acting as a shim (debug_shim.go): `describe` runs the
// plugin built for debugging; `start` runs it under Delve and relays
// Packer's connection to it, answering Packer's keepalive while the plugin
// is held. Every process of the run carries the shim's configuration path
// in its environment, so none outlives it.

// shimEnv names the shim's configuration file in the environment of
// Packer and of everything it starts.
const shimEnv = "PACKER_PLUGIN_DEV_DEBUG_SHIM"

// shimConfig is what the shim needs, written by `debug TEMPLATE`.
type shimConfig struct {
	Plugin   string   `json:"plugin"`   // the plugin built for debugging
	Dlv      string   `json:"dlv"`      // Delve
	Listen   string   `json:"listen"`   // Delve's address
	Breaks   []string `json:"breaks"`   // set before the plugin runs
	Continue bool     `json:"continue"` // run without waiting for a client
	Status   string   `json:"status"`   // unix socket `debug` reads progress from
}

func debugPackerRun(ctx context.Context, opts *DebugOptions) error {
	ios := opts.Factory.IOStreams
	template, err := filepath.Abs(opts.Path)
	if err != nil {
		return err
	}
	project, err := opts.project(template)
	if err != nil {
		return err
	}
	packer, err := opts.packerBinary()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find this tool's own binary for the shim: %w", err)
	}
	dlv, tmp, bin, err := opts.prepare(ctx, project)
	if err != nil {
		return err
	}
	defer scratch.RemoveAll(tmp)
	source, err := opts.source(project, strings.TrimPrefix(filepath.Base(bin), "packer-plugin-"))
	if err != nil {
		return err
	}
	installed, err := installShim(ctx, self, bin, source, filepath.Join(tmp, "plugins"))
	if err != nil {
		return err
	}

	status, err := net.Listen("unix", filepath.Join(tmp, "status.sock"))
	if err != nil {
		return err
	}
	defer status.Close()
	go relayStatus(status, ios.ErrOut)
	cfgPath := filepath.Join(tmp, "shim.json")
	cfg := shimConfig{Plugin: bin, Dlv: dlv, Listen: opts.Listen, Breaks: opts.Breaks, Continue: opts.Continue, Status: status.Addr().String()}
	data, _ := json.Marshal(cfg)
	if err := os.WriteFile(cfgPath, data, 0o600); err != nil {
		return err
	}
	// Whatever happens, nothing of the run outlives it.
	defer harness.KillMarked(shimEnv + "=" + cfgPath)

	fmt.Fprintf(ios.ErrOut, "installed %s for Packer (PACKER_PLUGIN_PATH=%s)\n", filepath.Base(installed), filepath.Join(tmp, "plugins"))
	fmt.Fprint(ios.ErrOut, debugger.Instructions(opts.Listen))
	sub := "build"
	if opts.Validate {
		sub = "validate"
	}
	args := append(append([]string{sub}, opts.PackerArgs...), template)
	fmt.Fprintf(ios.ErrOut, "\nrunning %s %s\n", packer, joinArgs(args))
	cmd := exec.CommandContext(ctx, packer, args...)
	cmd.Env = append(os.Environ(),
		"PACKER_PLUGIN_PATH="+filepath.Join(tmp, "plugins"),
		"CHECKPOINT_DISABLE=1",
		shimEnv+"="+cfgPath)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = ios.In, ios.Out, ios.ErrOut
	// Ctrl-C is Packer's to handle first: it cancels the build and kills
	// its plugins; what is left then is killed by the deferred KillMarked.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 30 * time.Second
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return &InterruptedError{Summary: "interrupted: Packer, the plugin and Delve were ended"}
	case err != nil:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return &FailedError{Summary: fmt.Sprintf("packer %s exited with status %d", sub, exit.ExitCode())}
		}
		return fmt.Errorf("packer %s: %w", sub, err)
	}
	return nil
}

// project is --project, else the nearest folder above the template with a
// go.mod, else the current folder.
func (o *DebugOptions) project(template string) (string, error) {
	if o.Project != "" {
		return filepath.Abs(o.Project)
	}
	for dir := filepath.Dir(template); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return filepath.Abs(".")
}

// packerBinary is --packer, else $PACKER, else packer on PATH.
func (o *DebugOptions) packerBinary() (string, error) {
	p := o.Packer
	if p == "" {
		p = o.Factory.Getenv("PACKER")
	}
	if p == "" {
		found, err := exec.LookPath("packer")
		if err != nil {
			return "", fmt.Errorf("no packer on PATH: give one with --packer PATH or $PACKER")
		}
		p = found
	}
	if fi, err := os.Stat(p); err != nil || fi.IsDir() {
		return "", fmt.Errorf("packer %s: not a file; give the path of a packer binary with --packer", p)
	}
	return p, nil
}

// source is --source, else the default for the project's module path.
func (o *DebugOptions) source(project, name string) (string, error) {
	if o.Source != "" {
		_, _, _, err := release.ParseSource(o.Source)
		return o.Source, err
	}
	data, err := os.ReadFile(filepath.Join(project, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("%s is not a plugin project (%v): give it with --project", project, err)
	}
	mod := modfile.ModulePath(data)
	src, err := release.DefaultSource(mod, name)
	if err != nil {
		return "", fmt.Errorf("%w; give the template's source with --source github.com/OWNER/NAME", err)
	}
	return src, nil
}

// installShim places this tool's binary into pluginDir under the name and
// checksum Packer expects for the plugin bin, as `packer plugins install
// --path` would place bin itself.
func installShim(ctx context.Context, self, bin, source, pluginDir string) (string, error) {
	host, ns, name, err := release.ParseSource(source)
	if err != nil {
		return "", err
	}
	d, err := harness.Describe(ctx, bin)
	if err != nil {
		return "", err
	}
	h := release.Host()
	n := release.Name{Plugin: name, Version: d.Version, APIVersion: d.APIVersion, OS: h.OS, Arch: h.Arch}
	dir := filepath.Join(pluginDir, host, ns, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	dst := filepath.Join(dir, n.Binary())
	in, err := os.Open(self)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return "", err
	}
	sum := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, sum), in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return dst, os.WriteFile(dst+"_SHA256SUM", []byte(hex.EncodeToString(sum.Sum(nil))), 0o644)
}

// relayStatus copies what each shim says to w, line by line.
func relayStatus(ln net.Listener, w io.Writer) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			s := bufio.NewScanner(c)
			for s.Scan() {
				fmt.Fprintln(w, s.Text())
			}
		}()
	}
}

func joinArgs(args []string) string {
	b, _ := json.Marshal(args)
	return string(b)
}
