package sample

import (
	"context"
	"errors"
	"io"
	"os"

	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

// errNoMachine is what a provisioner gets if it tries to reach a machine.
var errNoMachine = errors.New("the sample builder creates a local file and has no machine to connect to: use provisioners that run locally, such as shell-local")

// noCommunicator is handed to provisioners: this builder has no machine.
type noCommunicator struct{}

var _ packersdk.Communicator = noCommunicator{}

func (noCommunicator) Start(context.Context, *packersdk.RemoteCmd) error { return errNoMachine }
func (noCommunicator) Upload(string, io.Reader, *os.FileInfo) error      { return errNoMachine }
func (noCommunicator) UploadDir(string, string, []string) error          { return errNoMachine }
func (noCommunicator) Download(string, io.Writer) error                  { return errNoMachine }
func (noCommunicator) DownloadDir(string, string, []string) error        { return errNoMachine }
