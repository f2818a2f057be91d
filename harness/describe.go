package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness/internal/observe"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Kind is a plugin component kind, spelled as `start` takes it (naming
// owns the word).
type Kind = naming.Kind

// The four component kinds.
const (
	KindBuilder       = naming.Builder
	KindPostProcessor = naming.PostProcessor
	KindProvisioner   = naming.Provisioner
	KindDatasource    = naming.Datasource
)

// Kinds lists every kind in describe's order.
var Kinds = []Kind{KindBuilder, KindPostProcessor, KindProvisioner, KindDatasource}

// Component names one component of a plugin: the process core starts is
// `BIN start <Kind> --protobuf <Name>`. Name is the registered name, so a
// component registered as the SDK's default name keeps that name here.
type Component struct {
	Kind Kind
	Name string
}

func (c Component) String() string { return string(c.Kind) + " " + c.Name }

// DefaultName is the name the SDK registers a plugin's nameless component
// under; Packer addresses it by the plugin's own name.
const DefaultName = naming.DefaultComponent

// Description is the parsed output of `BIN describe`.
type Description struct {
	Version         string   `json:"version"`
	SDKVersion      string   `json:"sdk_version"`
	APIVersion      string   `json:"api_version"`
	ProtocolVersion string   `json:"protocol_version"`
	Builders        []string `json:"builders"`
	PostProcessors  []string `json:"post_processors"`
	Provisioners    []string `json:"provisioners"`
	Datasources     []string `json:"datasources"`
	// Raw is describe's stdout as printed.
	Raw []byte `json:"-"`
	// Events are describe's side effects (Describe fills them in).
	Events []Event `json:"-"`
	// Protections are the containment describe ran under.
	Protections []Protection `json:"-"`
}

// Components lists every component describe reports, builders first, in
// describe's order.
func (d *Description) Components() []Component {
	var out []Component
	add := func(k Kind, names []string) {
		for _, n := range names {
			out = append(out, Component{Kind: k, Name: n})
		}
	}
	add(KindBuilder, d.Builders)
	add(KindPostProcessor, d.PostProcessors)
	add(KindProvisioner, d.Provisioners)
	add(KindDatasource, d.Datasources)
	return out
}

// SpeaksProtobuf reports whether core talks protobuf to the plugin: only
// when it describes protocol v2 (and every other plugin of the build does
// too, or PACKER_FORCE_GOB is unset); else core starts it without
// --protobuf and both sides use gob.
func (d *Description) SpeaksProtobuf() bool { return d.ProtocolVersion == "v2" }

// Has reports whether describe lists c.
func (d *Description) Has(c Component) bool { return slices.Contains(d.Components(), c) }

// describeTimeout bounds `describe` when ctx has no deadline.
const describeTimeout = 60 * time.Second

// Describe runs `bin describe` as core does (no plugin environment) in a
// throw-away sandbox, under observation, and parses its JSON line. Its side
// effects are in the Description's Events. Once it exits, or when ctx ends
// or 60 s pass, every process it started is killed, daemons included.
func Describe(ctx context.Context, bin string) (*Description, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, describeTimeout)
		defer cancel()
	}
	bin, err := resolveBin(bin)
	if err != nil {
		return nil, err
	}
	sb, err := newSandbox("")
	if err != nil {
		return nil, err
	}
	defer sb.remove()
	// Files, not pipes: a daemon that keeps its inherited stdout open must
	// not keep describe's output from being read.
	stdout, err := os.Create(filepath.Join(sb.Root, "describe.stdout"))
	if err != nil {
		return nil, err
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(sb.Root, "describe.stderr"))
	if err != nil {
		return nil, err
	}
	defer stderr.Close()

	cmd := exec.Command(bin, "describe")
	cmd.Dir = sb.Work
	cmd.Env = sandboxEnv(sb, nil)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	sess, err := observe.Start(cmd, observe.Options{
		Phase:         func() observe.Phase { return namedPhase(PhaseDescribe) },
		Ignore:        isLibcServiceEvent,
		SnapshotRoots: sb.snapshotRoots(),
		Marker:        sb.marker(),
		// describe is configure-only: it prints and exits.
		Confine: sb.confinement(),
	})
	if err != nil {
		return nil, fmt.Errorf("start %s describe: %w", bin, err)
	}
	trackProcess(sess.Pid())
	defer untrackProcess(sess.Pid())
	select {
	case <-sess.Done():
	case <-ctx.Done():
	}
	sess.Kill()
	runErr := sess.Wait()
	sess.Checkpoint(namedPhase(PhaseDescribe))
	out, _ := os.ReadFile(stdout.Name())
	if runErr != nil {
		errOut, _ := os.ReadFile(stderr.Name())
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s describe: no answer within the deadline (%v); the plugin must print its description and exit", bin, ctx.Err())
		}
		return nil, fmt.Errorf("%s describe failed: %v; stderr: %s", bin, runErr, tail(string(errOut), 2000))
	}
	d, err := ParseDescription(out)
	if err != nil {
		return nil, fmt.Errorf("%s describe: %w", filepath.Base(bin), err)
	}
	d.Events = sess.Events()
	d.Protections = sess.Protections()
	return d, nil
}

// ParseDescription parses describe's output: one JSON object, as the SDK's
// plugin.Set prints it. Unknown fields are ignored, as core ignores them.
func ParseDescription(out []byte) (*Description, error) {
	trimmed := bytes.TrimSpace(out)
	if len(trimmed) == 0 {
		return nil, errors.New("describe printed nothing; a plugin built with plugin.NewSet() prints a JSON description")
	}
	d := &Description{}
	if err := json.Unmarshal(trimmed, d); err != nil {
		return nil, fmt.Errorf("describe output is not the SDK's JSON description (%v): %q", err, tail(string(trimmed), 300))
	}
	d.Raw = append([]byte(nil), out...)
	return d, nil
}

// tail returns at most the last n bytes of s.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
