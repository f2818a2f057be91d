package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Provisioner checks: Provision against the recording communicator, and
// cancellation while a remote command runs.

var checkProvisionerProvision = &Check{
	ID: "provisioner.provision", Kinds: onProvisioners, NeedsConfig: true, Main: true,
	Summary: "Provision succeeds against a recording communicator on which every command succeeds; the message shows what went through it",
	run:     runProvision,
}

var checkProvisionerCancel = &Check{
	ID: "provisioner.cancel", Kinds: onProvisioners, NeedsConfig: true,
	Summary: "a Provision cancelled while a remote command runs (or it waits on the outside world) returns within the cancel deadline; skipped when it never waits",
	run:     runProvisionerCancel,
}

func runProvision(t *checkEnv) error {
	p, err := t.startConfigured()
	if err != nil {
		return err
	}
	comm := t.communicator(nil)
	held, err := t.untilHeld(p, func(ctx context.Context) error {
		return p.Provisioner().Provision(ctx, &harness.UI{}, comm, generatedData())
	})
	if held != nil {
		return needsOutside("Provision", held, "provisioner.provision,provisioner.cancel")
	}
	if err != nil {
		if missing := missingDownloads(comm); len(missing) > 0 {
			return skipf("Provision failed downloading %s, which the machine has no file at here, so provisioning could not be checked:\n%s\nGive the file's content in %s: conformance { remote_files = { %q = \"...\" } }", strings.Join(missing, ", "), errorText(err), sample.FileName, missing[0])
		}
		return skipf("Provision failed against a communicator on which every command succeeds, configured with %s, so provisioning could not be checked:\n%s\nIf it needs local files or settings, give them in %s (conformance { env = { ... } }), or --skip provisioner.provision,provisioner.cancel", t.setup.config.Source, errorText(err), sample.FileName)
	}
	var did []string
	for _, c := range comm.Commands() {
		did = append(did, fmt.Sprintf("ran %q (exit %d)", c.Command, c.Exit))
	}
	for _, tr := range comm.Transfers() {
		did = append(did, fmt.Sprintf("%s %s", tr.Op, tr.Remote))
	}
	if len(did) == 0 {
		// A local provisioner (shell-local) rightly never uses it.
		t.Notef("nothing went through the communicator (right for a provisioner that works locally)")
		return nil
	}
	t.Notef("%s", strings.Join(did, "; "))
	return nil
}

func runProvisionerCancel(t *checkEnv) error {
	p, err := t.startConfigured()
	if err != nil {
		return err
	}
	// Remote commands never end by themselves: core's communicator does
	// not get the provisioner's ctx either (the SDK serves Start with
	// context.TODO()), so only the provisioner can stop waiting.
	comm := t.communicator(p.World())
	return t.cancelScenario(p, "Provision", func(ctx context.Context) error {
		return p.Provisioner().Provision(ctx, &harness.UI{}, comm, generatedData())
	})
}

// communicator is the machine a provisioner works on: the files the
// sample block gives, and commands held by w when it is set.
func (t *checkEnv) communicator(w *harness.World) *harness.Communicator {
	comm := &harness.Communicator{World: w}
	if b := t.suite.sample.Block(t.Component); b != nil {
		for path, content := range b.RemoteFiles {
			comm.SetFile(path, []byte(content))
		}
	}
	return comm
}

// missingDownloads lists the remote files a provisioner asked for that the
// machine did not have.
func missingDownloads(comm *harness.Communicator) []string {
	var out []string
	for _, d := range comm.Downloads() {
		if d.Missing && !slices.Contains(out, d.Remote) {
			out = append(out, d.Remote)
		}
	}
	return out
}
