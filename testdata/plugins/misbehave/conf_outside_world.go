package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// Components that wait on the outside world, as cloud plugins do: each
// defect ignores the ctx core cancels, and its twin ("-ctx") passes it on.
// Nothing answers them in the suite's sandbox, so they wait until
// cancelled, or for ever.

// confAPI is the cloud API the components call; off the machine, so the
// suite's World holds the connection.
const confAPI = "https://api.misbehave.example/v1/images"

// confCall makes one API request with ctx, through HTTPS_PROXY when
// proxied (the default transport), else directly (a name to resolve and a
// connect). timeout bounds the request itself, as SDK clients often do.
func confCall(ctx context.Context, proxied bool, timeout time.Duration) error {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if !proxied {
		tr.Proxy = nil
	}
	client := &http.Client{Transport: tr, Timeout: timeout}
	req, err := http.NewRequestWithContext(ctx, "GET", confAPI, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// confBuilderAPI calls the API in Run, then builds as confBuilder does.
type confBuilderAPI struct {
	confBuilder
	todo bool // every call uses context.TODO(), as some SDK clients are called
}

func (b *confBuilderAPI) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	ui.Say("importing the SSH key")
	callCtx := ctx
	if b.todo {
		callCtx = context.TODO()
	}
	if err := confCall(callCtx, true, 0); err != nil {
		return nil, fmt.Errorf("importing the SSH key: %w", err)
	}
	return b.confBuilder.Run(ctx, ui, hook)
}

// confBuilderPoll waits for the machine in a loop, each poll a request
// that gives up after a while; the defect's loop never reads ctx.
type confBuilderPoll struct {
	confBuilder
	todo bool
}

func (b *confBuilderPoll) Run(ctx context.Context, ui packer.Ui, hook packer.Hook) (packer.Artifact, error) {
	ui.Say("waiting for the instance to become ready")
	for {
		callCtx := ctx
		if b.todo {
			callCtx = context.TODO()
		} else if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := confCall(callCtx, false, 500*time.Millisecond); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return b.confBuilder.Run(ctx, ui, hook)
}

// confPPAPI uploads its input to the API before it post-processes, over a
// direct connection.
type confPPAPI struct {
	confPP
	todo bool
	// cleanup deletes what the failed import left, with
	// context.Background() as cleanups must (ctx is already done), which
	// a real endpoint answers.
	cleanup bool
}

func (p *confPPAPI) PostProcess(ctx context.Context, ui packer.Ui, in packer.Artifact) (packer.Artifact, bool, bool, error) {
	ui.Say("importing the image")
	callCtx := ctx
	if p.todo {
		callCtx = context.TODO()
	}
	if err := confCall(callCtx, false, 0); err != nil {
		if p.cleanup {
			_ = confCall(context.Background(), true, 0)
		}
		return nil, false, false, fmt.Errorf("importing the image: %w", err)
	}
	return p.confPP.PostProcess(ctx, ui, in)
}

// confProvisionerRemote runs a long remote command; the defect gives it
// context.Background(), so it waits for the command whatever core says.
type confProvisionerRemote struct {
	confProvisioner
	background bool
}

func (p *confProvisionerRemote) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, _ map[string]any) error {
	runCtx := ctx
	if p.background {
		runCtx = context.Background()
	}
	cmd := &packer.RemoteCmd{Command: "apt-get -y upgrade"}
	if err := cmd.RunWithUi(runCtx, comm, ui); err != nil {
		return err
	}
	if cmd.ExitStatus() != 0 {
		return fmt.Errorf("%q exited with %d", cmd.Command, cmd.ExitStatus())
	}
	return nil
}

func init() {
	builders["api-todo"] = &confBuilderAPI{confBuilder{name: "api-todo"}, true}
	builders["api-ctx"] = &confBuilderAPI{confBuilder{name: "api-ctx"}, false}
	builders["poll-todo"] = &confBuilderPoll{confBuilder{name: "poll-todo"}, true}
	builders["poll-ctx"] = &confBuilderPoll{confBuilder{name: "poll-ctx"}, false}
	postProcessors["api-todo"] = &confPPAPI{confPP{name: "api-todo"}, true, false}
	postProcessors["api-ctx"] = &confPPAPI{confPP{name: "api-ctx"}, false, false}
	postProcessors["api-ctx-cleanup"] = &confPPAPI{confPP{name: "api-ctx-cleanup"}, false, true}
	provisioners["remote-background"] = &confProvisionerRemote{confProvisioner{name: "remote-background"}, true}
	provisioners["remote-ctx"] = &confProvisionerRemote{confProvisioner{name: "remote-ctx"}, false}
}

// confProvisionerDownloads reads a file of the machine before it works, as
// provisioners that detect the OS do; the sample gives the file.
type confProvisionerDownloads struct{ confProvisioner }

func (p *confProvisionerDownloads) Provision(ctx context.Context, ui packer.Ui, comm packer.Communicator, data map[string]any) error {
	var osRelease strings.Builder
	if err := comm.Download("/etc/os-release", &osRelease); err != nil {
		return fmt.Errorf("detecting the OS: %w", err)
	}
	ui.Say("machine: " + strings.TrimSpace(osRelease.String()))
	return p.confProvisioner.Provision(ctx, ui, comm, data)
}

func init() {
	provisioners["downloads-remote"] = &confProvisionerDownloads{confProvisioner{name: "downloads-remote"}}
}
