// Command packer-plugin-dev scaffolds, tests and releases HashiCorp Packer
// plugins.
package main

import (
	"os"

	"github.com/packer-plugin-dev/packer-plugin-dev/cmd/packer-plugin-dev/internal/cli"
)

func main() {
	os.Exit(int(cli.Main()))
}
