// Package cli builds the packer-plugin-dev command tree. Commands are built,
// not global: each NewCmdX takes a Factory and an optional run function so
// tests can observe the parsed options without running the command.
package cli

import (
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/iostreams"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/prompt"
)

// Factory carries what every command needs from its environment.
type Factory struct {
	IOStreams *iostreams.IOStreams
	// Prompter is only used when IOStreams.CanPrompt() is true.
	Prompter prompt.Prompter
	// Getenv reads the environment; tests replace it.
	Getenv func(string) string
}
