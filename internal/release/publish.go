package release

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// stagingPrefix starts the name of a release's staging folder in the output
// folder (scratch adds the releasing process's pid).
const stagingPrefix = ".release-"

// publish replaces the version's files in the output folder with the
// staged ones.
func publish(_ context.Context, r *run) error {
	if err := removeStale(r.out, r.plan); err != nil {
		return err
	}
	files, err := os.ReadDir(r.stage)
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		if err := os.Rename(filepath.Join(r.stage, f.Name()), filepath.Join(r.out, f.Name())); err != nil {
			return fmt.Errorf("moving %s into %s: %w", f.Name(), r.out, err)
		}
	}
	return nil
}

// removeStale deletes what an earlier release of the same plugin version
// left in dir, so the folder holds exactly what the new checksum file lists.
func removeStale(dir string, plan Plan) error {
	old, err := filepath.Glob(filepath.Join(dir, namePrefix+plan.Plugin+"_v"+plan.FullVersion()+"_*"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return fmt.Errorf("removing the earlier release's %s: %w", f, err)
		}
	}
	return nil
}

// checkDescribe runs the host binary's describe and checks the version the
