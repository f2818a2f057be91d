package release

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// built is a binary waiting to be zipped.
type built struct {
	target Target
	bin    string
	took   time.Duration
}

// buildAndPackage runs the build and package stages together: each binary
// is zipped as soon as it is built, so packaging hides behind the builds.
func buildAndPackage(ctx context.Context, r *run) error {
	g, ctx := errgroup.WithContext(ctx)
	binaries := make(chan built, len(r.o.Targets)+1) // never blocks a build
	apiReady := make(chan struct{})
	buildsDone := make(chan struct{})
	g.Go(func() error {
		defer close(binaries)
		defer close(buildsDone)
		return build(ctx, r, binaries, apiReady)
	})
	g.Go(func() error { return pack(ctx, r, binaries, apiReady, buildsDone) })
	return g.Wait()
}

// build builds every target, Parallel at a time, and sends the binaries
// to be archived. The host target builds first: its describe gives the API
// version every name needs (apiReady is closed once r.describe is set), and
// a wrong version stops the other builds.
func build(ctx context.Context, r *run, binaries chan<- built, apiReady chan<- struct{}) error {
	ldflags := LDFlags(r.plan.VersionPackage, r.plan.Version, r.plan.Prerelease)
	host := Host()
	order := []Target{host}
	hostArchived := false
	for _, t := range r.o.Targets {
		if t == host {
			hostArchived = true
		} else {
			order = append(order, t)
		}
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(r.o.Parallel)
	for _, t := range order {
		g.Go(func() error {
			if ctx.Err() != nil {
				return nil // another build failed: its error is the one reported
			}
			bin := filepath.Join(r.work, t.OS+"_"+t.Arch+exeSuffix(t))
			began := time.Now()
			if err := goBuild(ctx, r.o.GoCmd, r.o.Dir, r.o.Main, ldflags, bin, t); err != nil {
				return err
			}
			took := time.Since(began)
			if t == host {
				d, err := checkDescribe(ctx, bin, r.plan)
				if err != nil {
					return err
				}
				r.describe = d
				close(apiReady)
				if !hostArchived {
					return nil
				}
			}
			binaries <- built{target: t, bin: bin, took: took}
			return nil
		})
	}
	return g.Wait()
}

// pack zips each binary as it arrives and records the archives in
// r.archives, telling o.Progress of each. While builds run, one zipper
// overlaps packaging with them without taking more than one core from the
// compiler; once they are done, Parallel more finish the rest.
func pack(ctx context.Context, r *run, binaries <-chan built, apiReady, buildsDone <-chan struct{}) error {
	select {
	case <-apiReady:
	case <-ctx.Done():
		return nil // the build failed: its error is the one reported
	}
	var mu sync.Mutex
	g, zctx := errgroup.WithContext(ctx)
	zipper := func() error {
		for b := range binaries {
			if zctx.Err() != nil {
				continue
			}
			a, err := r.zip(b)
			if err != nil {
				return err
			}
			mu.Lock()
			r.archives = append(r.archives, a)
			if r.o.Progress != nil {
				r.o.Progress(a)
			}
			mu.Unlock()
		}
		return nil
	}
	g.Go(zipper)
	g.Go(func() error {
		select {
		case <-buildsDone:
		case <-zctx.Done():
			return nil
		}
		for range r.o.Parallel {
			g.Go(zipper)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// zip writes one target's archive under the name Packer's installer looks
// for, and removes the binary (the host's stays, for describe and install).
func (r *run) zip(b built) (Archive, error) {
	n := Name{Plugin: r.plan.Plugin, Version: r.plan.FullVersion(), APIVersion: r.describe.APIVersion, OS: b.target.OS, Arch: b.target.Arch}
	sum, size, err := WriteZip(filepath.Join(r.stage, n.Archive()), b.bin, n.Binary(), r.mtime, r.o.Compression)
	if err != nil {
		return Archive{}, fmt.Errorf("writing %s: %w", n.Archive(), err)
	}
	if b.target != Host() {
		os.Remove(b.bin)
	}
	return Archive{Target: b.target, File: n.Archive(), SHA256: sum, Size: size, Build: b.took}, nil
}
