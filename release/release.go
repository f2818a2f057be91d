package release

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scratch"
)

// Options describe one release.
type Options struct {
	Dir            string   // the plugin's module root
	Version        string   // X.Y.Z; ignored when Snapshot
	Snapshot       bool     // version from git describe, prerelease dev
	Name           string   // plugin name; default from module path or folder
	VersionPackage string   // import path; default discovered
	Main           string   // main package; default "."
	Targets        []Target // default DefaultTargets
	OutDir         string   // default <Dir>/dist
	Parallel       int      // concurrent go builds; default 2
	SignKey        string   // gpg key to sign the checksum file with
	Compression    int      // deflate level; default DefaultCompression
	GoCmd          string   // default "go"
	Getenv         func(string) string
	// Progress is called once per target, as its archive is written.
	Progress func(Archive)
}

// Archive is one written zip.
type Archive struct {
	Target Target        `json:"target"`
	File   string        `json:"file"`
	SHA256 string        `json:"sha256"`
	Size   int64         `json:"size"`
	Build  time.Duration `json:"build_ns"`
}

// Result is what a release produced, after verification.
type Result struct {
	Plugin         string               `json:"plugin"`
	Module         string               `json:"module"`
	VersionPackage string               `json:"version_package"`
	Version        string               `json:"version"`
	APIVersion     string               `json:"api_version"`
	OutDir         string               `json:"out_dir"`
	Archives       []Archive            `json:"archives"`
	Checksums      string               `json:"checksums"`
	Signature      string               `json:"signature,omitempty"`
	Describe       *harness.Description `json:"describe"`
	Elapsed        time.Duration        `json:"elapsed_ns"`
}

// VerifyError lists what is wrong with what a release wrote: the release
// ran, and a check of its output failed.
type VerifyError struct{ Problems []string }

func (e *VerifyError) Error() string {
	return "release verification failed:\n  " + strings.Join(e.Problems, "\n  ")
}

// Plan is what a release resolves from the project before building.
type Plan struct {
	Module         string
	Plugin         string
	VersionPackage VersionPackage
	Version        string // X.Y.Z
	Prerelease     string // "" or "dev" (snapshot)
}

// FullVersion is X.Y.Z or X.Y.Z-dev.
func (p Plan) FullVersion() string {
	if p.Prerelease == "" {
		return p.Version
	}
	return p.Version + "-" + p.Prerelease
}

// Resolve reads the module, the plugin name, the version package and the
// version, without building anything.
func Resolve(ctx context.Context, o Options) (Plan, error) {
	p, err := ResolveProject(o)
	if err != nil {
		return p, err
	}
	if o.Snapshot {
		p.Version, err = SnapshotVersion(ctx, o.Dir, p.VersionPackage.Version)
		p.Prerelease = "dev"
		return p, err
	}
	if o.Version == "" {
		return p, fmt.Errorf("no version: pass --version X.Y.Z, or --snapshot for a development build")
	}
	if err := ValidateReleaseVersion(o.Version); err != nil {
		return p, err
	}
	p.Version = o.Version
	return p, nil
}

// ResolveProject reads the module path, plugin name and version package of
// the project in o.Dir, building nothing: what a build needs, checked first.
func ResolveProject(o Options) (Plan, error) {
	o.defaults()
	var p Plan
	var err error
	if p.Module, err = naming.ModulePath(o.Dir); err != nil {
		return p, err
	}
	if o.Name != "" {
		if err := ValidatePluginName(o.Name); err != nil {
			return p, fmt.Errorf("--name: %w", err)
		}
		p.Plugin = o.Name
	} else if p.Plugin, err = naming.PluginName(p.Module, absDir(o.Dir)); err != nil {
		return p, err
	}
	if o.VersionPackage != "" {
		p.VersionPackage, err = LoadVersionPackage(o.Dir, p.Module, o.VersionPackage)
	} else {
		p.VersionPackage, err = FindVersionPackage(o.Dir, p.Module)
	}
	return p, err
}

func absDir(dir string) string {
	if a, err := filepath.Abs(dir); err == nil {
		return a
	}
	return dir
}

func (o *Options) defaults() {
	// go build runs in Dir: every path handed to it must be absolute.
	o.Dir = absDir(o.Dir)
	if o.Main == "" {
		o.Main = "."
	}
	if !strings.HasPrefix(o.Main, ".") && !filepath.IsAbs(o.Main) {
		o.Main = "./" + o.Main // a folder, not an import path
	}
	if len(o.Targets) == 0 {
		o.Targets = DefaultTargets
	}
	if o.OutDir == "" {
		o.OutDir = filepath.Join(o.Dir, "dist")
	}
	o.OutDir = absDir(o.OutDir)
	if o.Parallel <= 0 {
		o.Parallel = 2
	}
	if o.Compression == 0 {
		o.Compression = DefaultCompression
	}
	if o.GoCmd == "" {
		o.GoCmd = "go"
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
}

// DefaultCompression is the deflate level of the archives. With
// klauspost/compress, level 2 costs 0.6x the CPU of the standard library's
// fastest level and compresses slightly better; on 2 cores the builds leave
// no idle CPU, so packaging time is this CPU time.
const DefaultCompression = 2

// built is a binary waiting to be zipped.
type built struct {
	target Target
	bin    string
	took   time.Duration
}

// Release builds, packages, verifies and optionally signs.
func Release(ctx context.Context, o Options) (*Result, error) {
	start := time.Now()
	o.defaults()
	plan, err := Resolve(ctx, o)
	if err != nil {
		return nil, err
	}
	if o.Compression < flate.BestSpeed || o.Compression > flate.BestCompression {
		return nil, fmt.Errorf("compression level %d: want 1 (fastest) to 9 (smallest)", o.Compression)
	}
	if o.SignKey != "" {
		if err := CheckSignKey(ctx, o.SignKey); err != nil {
			return nil, err
		}
	}
	mtime, err := ArchiveTime(o.Getenv)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, err
	}
	// Everything is made in a staging folder next to the output and moves
	// in only once verified (and signed): a release that fails leaves the
	// output folder as it was, an earlier release of the version included.
	stage, err := scratch.MkdirTemp(o.OutDir, stagingPrefix)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	work := filepath.Join(stage, ".build")
	if err := os.Mkdir(work, 0o755); err != nil {
		return nil, err
	}
	out := o.OutDir
	o.OutDir = stage

	archives, describe, err := buildAndPackage(ctx, o, plan, work, mtime)
	if err != nil {
		return nil, err
	}

	rank := map[Target]int{}
	for i, t := range o.Targets {
		rank[t] = i
	}
	sort.Slice(archives, func(i, j int) bool { return rank[archives[i].Target] < rank[archives[j].Target] })
	var sums []Checksum
	for _, a := range archives {
		sums = append(sums, Checksum{SHA256: a.SHA256, File: a.File})
	}
	sumsName := ChecksumsName(plan.Plugin, plan.FullVersion())
	sumsPath := filepath.Join(o.OutDir, sumsName)
	if err := writeFileAtomic(sumsPath, FormatChecksums(sums)); err != nil {
		return nil, err
	}
	if err := Verify(o.OutDir, sumsName, plan.Prerelease != "", archiveFiles(archives)); err != nil {
		return nil, err
	}
	res := &Result{
		Plugin: plan.Plugin, Module: plan.Module, VersionPackage: plan.VersionPackage.ImportPath,
		Version: plan.FullVersion(), APIVersion: describe.APIVersion, OutDir: out,
		Archives: archives, Checksums: sumsName, Describe: describe,
	}
	if o.SignKey != "" {
		if res.Signature, err = Sign(ctx, sumsPath, o.SignKey); err != nil {
			return nil, err
		}
	}
	if err := publish(stage, out, plan); err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// stagingPrefix starts the name of a release's staging folder in the output
// folder (scratch adds the releasing process's pid).
const stagingPrefix = ".release-"

// publish replaces the version's files in out with the staged ones.
func publish(stage, out string, plan Plan) error {
	if err := removeStale(out, plan); err != nil {
		return err
	}
	files, err := os.ReadDir(stage)
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		if err := os.Rename(filepath.Join(stage, f.Name()), filepath.Join(out, f.Name())); err != nil {
			return fmt.Errorf("moving %s into %s: %w", f.Name(), out, err)
		}
	}
	return nil
}

// buildAndPackage runs the builds, Parallel at a time, and zips each binary
// as it is ready. The host target builds first: its describe gives the API
// version every name needs, and a wrong version stops the other builds.
func buildAndPackage(ctx context.Context, o Options, plan Plan, work string, mtime time.Time) ([]Archive, *harness.Description, error) {
	ldflags := LDFlags(plan.VersionPackage, plan.Version, plan.Prerelease)
	host := Host()
	order := []Target{host}
	hostArchived := false
	for _, t := range o.Targets {
		if t == host {
			hostArchived = true
		} else {
			order = append(order, t)
		}
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	fail := func(err error) { cancel(err) }

	var (
		describe *harness.Description
		apiReady = make(chan struct{})
		jobs     = make(chan Target)
		done     = make(chan built, len(order))
		wg       sync.WaitGroup
	)
	go func() {
		defer close(jobs)
		for _, t := range order {
			select {
			case jobs <- t:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range o.Parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range jobs {
				bin := filepath.Join(work, t.OS+"_"+t.Arch+exeSuffix(t))
				began := time.Now()
				if err := goBuild(ctx, o.GoCmd, o.Dir, o.Main, ldflags, bin, t); err != nil {
					fail(err)
					return
				}
				took := time.Since(began)
				if t == host {
					d, err := checkDescribe(ctx, bin, plan)
					if err != nil {
						fail(err)
						return
					}
					describe = d
					close(apiReady)
					if !hostArchived {
						continue
					}
				}
				done <- built{target: t, bin: bin, took: took}
			}
		}()
	}
	buildsDone := make(chan struct{})
	go func() { wg.Wait(); close(buildsDone); close(done) }()

	var archives []Archive
	zipped := make(chan Archive)
	zipOne := func(b built) {
		n := Name{Plugin: plan.Plugin, Version: plan.FullVersion(), APIVersion: describe.APIVersion, OS: b.target.OS, Arch: b.target.Arch}
		sum, size, err := WriteZip(filepath.Join(o.OutDir, n.Archive()), b.bin, n.Binary(), mtime, o.Compression)
		if err != nil {
			fail(fmt.Errorf("writing %s: %w", n.Archive(), err))
			return
		}
		if b.target != host {
			os.Remove(b.bin)
		}
		zipped <- Archive{Target: b.target, File: n.Archive(), SHA256: sum, Size: size, Build: b.took}
	}
	// While builds run, one zipper overlaps packaging with them without
	// taking more than one core from the compiler; once the builds are done,
	// Parallel zippers finish the rest.
	var zwg sync.WaitGroup
	zwg.Add(1 + o.Parallel)
	go func() {
		defer zwg.Done()
		select {
		case <-apiReady:
		case <-ctx.Done():
			return
		}
		for {
			select {
			case <-buildsDone:
				return
			case b, ok := <-done:
				if !ok {
					return
				}
				if ctx.Err() == nil {
					zipOne(b)
				}
			}
		}
	}()
	for range o.Parallel {
		go func() {
			defer zwg.Done()
			<-buildsDone
			for b := range done {
				if ctx.Err() == nil {
					zipOne(b) // all builds succeeded, so apiReady is closed
				}
			}
		}()
	}
	go func() { zwg.Wait(); close(zipped) }()
	for a := range zipped {
		archives = append(archives, a)
		if o.Progress != nil {
			o.Progress(a)
		}
	}
	if err := context.Cause(ctx); err != nil {
		return nil, nil, err
	}
	return archives, describe, nil

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
// -X flags should have set.
func checkDescribe(ctx context.Context, bin string, plan Plan) (*harness.Description, error) {
	d, err := harness.Describe(ctx, bin)
	if err != nil {
		return nil, err
	}
	vp := plan.VersionPackage
	if d.Version != plan.FullVersion() {
		hint := fmt.Sprintf("the -X flag did not reach %s.Version: make main pass plugin.Set.SetVersion a version built from %s.Version and %s.VersionPrerelease, or name the right package with --version-package", vp.ImportPath, vp.ImportPath, vp.ImportPath)
		if strings.Contains(d.Version, "+") && !vp.HasMetadata {
			hint = "the version carries build metadata from a variable the release does not clear: name it VersionMetadata next to Version in " + vp.ImportPath
		}
		return d, &VerifyError{Problems: []string{fmt.Sprintf("describe reports %s, want %s: %s", d.Version, plan.FullVersion(), hint)}}
	}
	if err := validateAPIVersion(d.APIVersion); err != nil {
		return d, &VerifyError{Problems: []string{fmt.Sprintf("describe reports %v: build with packer-plugin-sdk v0.6.x", err)}}
	}
	return d, nil
}

func exeSuffix(t Target) string {
	if t.OS == "windows" {
		return ".exe"
	}
	return ""
}

func archiveFiles(as []Archive) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.File)
	}
	return out
}

// writeFileAtomic writes data to path (0644) through writeAtomic.
func writeFileAtomic(path string, data []byte) error {
	return writeAtomic(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic creates path through a temporary file in its folder: write
// fills it, then it gets mode and is renamed over path, so path only ever
// holds a complete file. On any failure the temporary file is removed.
func writeAtomic(path string, mode os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// CheckSignKey fails unless gpg is on PATH and has the secret key key:
// checked before anything is built.
func CheckSignKey(ctx context.Context, key string) error {
	if _, err := exec.LookPath("gpg"); err != nil {
		return fmt.Errorf("--sign %s needs gpg on PATH and none was found: install GnuPG (apt-get install gnupg) or drop --sign", key)
	}
	out, err := exec.CommandContext(ctx, "gpg", "--batch", "--list-secret-keys", key).CombinedOutput()
	if err != nil {
		return fmt.Errorf("--sign %s: gpg has no secret key %s (%s): `gpg --list-secret-keys` lists them; in CI, import the key first", key, key, strings.TrimSpace(string(out)))
	}
	return nil
}

// Sign writes a detached, binary gpg signature of file as file.sig.
func Sign(ctx context.Context, file, key string) (string, error) {
	sig := file + ".sig"
	cmd := exec.CommandContext(ctx, "gpg", "--batch", "--yes", "--local-user", key, "--output", sig, "--detach-sign", file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", fmt.Errorf("--sign %s needs gpg on PATH: install GnuPG or drop --sign", key)
		}
		return "", fmt.Errorf("gpg could not sign %s with key %s: %v\n%s\ncheck `gpg --list-secret-keys %s` and, in CI, that the key is imported and needs no passphrase prompt", filepath.Base(file), key, err, strings.TrimSpace(string(out)), key)
	}
	return filepath.Base(sig), nil
}
