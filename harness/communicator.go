package harness

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// CommandRecord is one command the plugin started on the communicator.
type CommandRecord struct {
	Command string
	Stdin   []byte // what the plugin fed on stdin, if anything
	Exit    int    // the exit status the communicator answered
}

// TransferRecord is one upload or download.
type TransferRecord struct {
	Op      string // "upload", "upload-dir", "download", "download-dir"
	Remote  string // the machine-side path
	Local   string // the plugin-side folder, for the -dir variants
	Data    []byte // bytes uploaded or downloaded (files only)
	Mode    os.FileMode
	Exclude []string
	Missing bool // a download of a file the machine does not have
}

// Response is how the communicator answers a command.
type Response struct {
	Stdout, Stderr string
	Exit           int
	Err            error // returned from Start instead of running
}

// Communicator is the packer.Communicator the harness serves to a
// provisioner (or a hook). It records commands, uploads and downloads and
// answers as told; it is safe for concurrent use. By default every command
// succeeds with no output and downloads of unknown files fail.
type Communicator struct {
	// World, when set, holds every command: Start returns, and the command
	// runs until the ctx given to Start is done or the World closes
	// (through the plugin RPC, Start's ctx is never done: the SDK serves it
	// context.TODO(), as core's communicator gets it).
	World *World

	mu        sync.Mutex
	respond   func(cmd string) Response
	files     map[string][]byte
	commands  []CommandRecord
	transfers []TransferRecord
}

var _ packer.Communicator = (*Communicator)(nil)

// Respond sets how commands are answered.
func (c *Communicator) Respond(f func(cmd string) Response) {
	c.mu.Lock()
	c.respond = f
	c.mu.Unlock()
}

// SetFile makes a remote file available to Download (and records uploads
// into the same map, so an upload can be downloaded back).
func (c *Communicator) SetFile(remote string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	c.files[remote] = append([]byte(nil), data...)
}

// Commands returns the commands started so far.
func (c *Communicator) Commands() []CommandRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]CommandRecord(nil), c.commands...)
}

// Transfers returns uploads and downloads so far, in order.
func (c *Communicator) Transfers() []TransferRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]TransferRecord(nil), c.transfers...)
}

// Uploads returns only the uploads (files and folders).
func (c *Communicator) Uploads() []TransferRecord { return c.filter("upload", "upload-dir") }

// Downloads returns only the downloads (files and folders).
func (c *Communicator) Downloads() []TransferRecord { return c.filter("download", "download-dir") }

func (c *Communicator) filter(ops ...string) []TransferRecord {
	var out []TransferRecord
	for _, t := range c.Transfers() {
		for _, op := range ops {
			if t.Op == op {
				out = append(out, t)
			}
		}
	}
	return out
}

// Start answers cmd at once: it writes the response's output and sets the
// exit status, as a remote command that finished immediately.
func (c *Communicator) Start(ctx context.Context, cmd *packer.RemoteCmd) error {
	c.mu.Lock()
	respond := c.respond
	c.mu.Unlock()
	var stdin []byte
	if cmd.Stdin != nil {
		stdin, _ = io.ReadAll(cmd.Stdin)
	}
	resp := Response{}
	if respond != nil {
		resp = respond(cmd.Command)
	}
	c.mu.Lock()
	c.commands = append(c.commands, CommandRecord{Command: cmd.Command, Stdin: stdin, Exit: resp.Exit})
	c.mu.Unlock()
	if resp.Err != nil {
		return resp.Err
	}
	if c.World != nil && c.World.holding() {
		release := c.World.hold(fmt.Sprintf("remote command %q", cmd.Command))
		go func() {
			select {
			case <-ctx.Done():
				release("cancelled")
			case <-c.World.done:
			}
			cmd.SetExited(packer.CmdDisconnect)
		}()
		return nil
	}
	go func() {
		if cmd.Stdout != nil && resp.Stdout != "" {
			_, _ = io.WriteString(cmd.Stdout, resp.Stdout)
		}
		if cmd.Stderr != nil && resp.Stderr != "" {
			_, _ = io.WriteString(cmd.Stderr, resp.Stderr)
		}
		cmd.SetExited(resp.Exit)
	}()
	return nil
}

// Upload records the file and its bytes and keeps them for Download.
func (c *Communicator) Upload(dst string, r io.Reader, fi *os.FileInfo) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("harness communicator: read upload to %s: %w", dst, err)
	}
	rec := TransferRecord{Op: "upload", Remote: dst, Data: data}
	if fi != nil && *fi != nil {
		rec.Mode = (*fi).Mode()
	}
	c.SetFile(dst, data)
	c.record(rec)
	return nil
}

// UploadDir records the request; nothing is copied.
func (c *Communicator) UploadDir(dst, src string, exclude []string) error {
	c.record(TransferRecord{Op: "upload-dir", Remote: dst, Local: src, Exclude: exclude})
	return nil
}

// Download writes a file set with SetFile or uploaded before, and records it.
func (c *Communicator) Download(src string, w io.Writer) error {
	c.mu.Lock()
	data, ok := c.files[src]
	c.transfers = append(c.transfers, TransferRecord{Op: "download", Remote: src, Data: data, Missing: !ok})
	c.mu.Unlock()
	if !ok {
		return fmt.Errorf("harness communicator: no remote file %s; known: %v", src, c.known())
	}
	_, err := w.Write(data)
	return err
}

// DownloadDir records the request; nothing is copied.
func (c *Communicator) DownloadDir(src, dst string, exclude []string) error {
	c.record(TransferRecord{Op: "download-dir", Remote: src, Local: dst, Exclude: exclude})
	return nil
}

func (c *Communicator) record(t TransferRecord) {
	c.mu.Lock()
	c.transfers = append(c.transfers, t)
	c.mu.Unlock()
}

func (c *Communicator) known() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var names []string
	for k := range c.files {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
