package sample

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hashicorp/packer-plugin-sdk/multistep"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
)

// stepWriteFile creates the configured file and records it in
// generated_data. Its Cleanup removes the file when the build fails or is
// cancelled, so a failed build leaves nothing behind.
type stepWriteFile struct {
	created string
}

func (s *stepWriteFile) Run(ctx context.Context, state multistep.StateBag) multistep.StepAction {
	cfg := state.Get("config").(*Config)
	ui := state.Get("ui").(packersdk.Ui)

	if err := ctx.Err(); err != nil {
		state.Put("error", err)
		return multistep.ActionHalt
	}
	if _, err := os.Stat(cfg.Path); err == nil && !cfg.PackerForce {
		state.Put("error", fmt.Errorf("%s already exists: remove it or run packer build -force", cfg.Path))
		return multistep.ActionHalt
	}
	if dir := filepath.Dir(cfg.Path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			state.Put("error", fmt.Errorf("create directory for %s: %w", cfg.Path, err))
			return multistep.ActionHalt
		}
	}
	if err := os.WriteFile(cfg.Path, []byte(cfg.Content), 0o644); err != nil {
		state.Put("error", fmt.Errorf("write %s: %w", cfg.Path, err))
		return multistep.ActionHalt
	}
	s.created = cfg.Path
	// The artifact lists the absolute path: whoever reads it later need not
	// share this process's working directory.
	abs, err := filepath.Abs(cfg.Path)
	if err != nil {
		state.Put("error", fmt.Errorf("resolve %s: %w", cfg.Path, err))
		return multistep.ActionHalt
	}
	state.Put("artifact_path", abs)
	sum := sha256.Sum256([]byte(cfg.Content))
	digest := hex.EncodeToString(sum[:])
	state.Put("sha256", digest)
	state.Put("generated_data", map[string]interface{}{
		"OutputPath":   cfg.Path,
		"OutputSHA256": digest,
	})
	ui.Say(fmt.Sprintf("Wrote %s (%d bytes, sha256 %s)", cfg.Path, len(cfg.Content), digest))
	return multistep.ActionContinue
}

func (s *stepWriteFile) Cleanup(state multistep.StateBag) {
	_, cancelled := state.GetOk(multistep.StateCancelled)
	_, halted := state.GetOk(multistep.StateHalted)
	if s.created != "" && (cancelled || halted) {
		os.Remove(s.created)
	}
}
