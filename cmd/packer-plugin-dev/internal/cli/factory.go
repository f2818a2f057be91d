// Package cli builds the packer-plugin-dev command tree. Commands are built,
// not global: each NewCmdX takes a Factory and an optional run function so
// tests can observe the parsed options without running the command.
package cli

import (
	"os/exec"
	"strings"

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
	// GitConfig reads a git configuration value ("" when unset, or when
	// nil, as in tests: the developer's git setup must not leak into them).
	GitConfig func(key string) string
}

// gitConfig reads key through f.GitConfig.
func (f *Factory) gitConfig(key string) string {
	if f.GitConfig == nil {
		return ""
	}
	return f.GitConfig(key)
}

// systemGitConfig reads key with `git config --get`.
func systemGitConfig(key string) string {
	out, err := exec.Command("git", "config", "--get", key).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
