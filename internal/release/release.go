package release

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/klauspost/compress/flate"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
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
	// Warn is called with what the author should know before publishing
	// (a dirty git tree, a tag that disagrees with Version).
	Warn func(string)
}

// DefaultCompression is the deflate level of the archives. With
// klauspost/compress, level 2 costs 0.6x the CPU of the standard library's
// fastest level and compresses slightly better; on 2 cores the builds leave
// no idle CPU, so packaging time is this CPU time.
const DefaultCompression = 2

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

// A step is one stage of a release, run in order over the release's state.
type step struct {
	name string
	run  func(ctx context.Context, r *run) error
}

// steps are a release, in order. Everything is made in a staging folder
// next to the output and moves in only at publish: a release that fails
// leaves the output folder as it was, an earlier release of the version
// included.
var steps = []step{
	// Every target built, Parallel at a time, each binary zipped as soon
	// as it is built (packaging hides behind the builds).
	{"build and package", buildAndPackage},
	{"checksum", writeChecksums},
	// The folder read back as Packer's installer will read it.
	{"verify", verifyStaged},
	{"sign", signChecksums},
	{"publish", publish},
}

// run is the state one release's steps share.
type run struct {
	o       Options
	plan    Plan
	out     string // the output folder
	madeOut bool   // out did not exist before this release
	stage   string // where everything is made (o.OutDir points here)
	work    string // binaries, inside stage
	mtime   time.Time

	describe  *harness.Description // the host binary's, from the build
	archives  []Archive            // in o.Targets' order once packaged
	checksums string               // file name, in stage
	signature string               // file name, in stage, when signed
}

// Release builds, packages, verifies and optionally signs: every step, in
// order, after checking what can be checked before building.
func Release(ctx context.Context, o Options) (_ *Result, err error) {
	start := time.Now()
	r, err := prepare(ctx, o)
	if err != nil {
		return nil, err
	}
	defer func() {
		os.RemoveAll(r.stage)
		// An output folder this release made goes again when it fails:
		// the folder is left as it was, that is, missing.
		if err != nil && r.madeOut {
			os.Remove(r.out)
		}
	}()
	for _, s := range steps {
		if err := s.run(ctx, r); err != nil {
			return nil, err
		}
	}
	return &Result{
		Plugin: r.plan.Plugin, Module: r.plan.Module, VersionPackage: r.plan.VersionPackage.ImportPath,
		Version: r.plan.FullVersion(), APIVersion: r.describe.APIVersion, OutDir: r.out,
		Archives: r.archives, Checksums: r.checksums, Signature: r.signature, Describe: r.describe,
		Elapsed: time.Since(start),
	}, nil
}

// prepare resolves the plan, checks the options and makes the staging
// folder.
func prepare(ctx context.Context, o Options) (*run, error) {
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
	if o.Warn != nil {
		for _, w := range gitWarnings(ctx, o.Dir, plan.Version, o.Snapshot) {
			o.Warn(w)
		}
	}
	mtime, err := ArchiveTime(o.Getenv)
	if err != nil {
		return nil, err
	}
	_, statErr := os.Stat(o.OutDir)
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, err
	}
	stage, err := scratch.MkdirTemp(o.OutDir, stagingPrefix)
	if err != nil {
		return nil, err
	}
	work := filepath.Join(stage, ".build")
	if err := os.Mkdir(work, 0o755); err != nil {
		os.RemoveAll(stage)
		return nil, err
	}
	r := &run{o: o, plan: plan, out: o.OutDir, madeOut: statErr != nil, stage: stage, work: work, mtime: mtime}
	r.o.OutDir = stage
	return r, nil
}

// writeChecksums writes the SHA256SUMS file of the archives, which are put
// in the order of the targets asked for.
func writeChecksums(_ context.Context, r *run) error {
	rank := map[Target]int{}
	for i, t := range r.o.Targets {
		rank[t] = i
	}
	sort.Slice(r.archives, func(i, j int) bool { return rank[r.archives[i].Target] < rank[r.archives[j].Target] })
	var sums []Checksum
	for _, a := range r.archives {
		sums = append(sums, Checksum{SHA256: a.SHA256, File: a.File})
	}
	r.checksums = ChecksumsName(r.plan.Plugin, r.plan.FullVersion())
	return writeFileAtomic(filepath.Join(r.stage, r.checksums), FormatChecksums(sums))
}

func verifyStaged(_ context.Context, r *run) error {
	var files []string
	for _, a := range r.archives {
		files = append(files, a.File)
	}
	return Verify(r.stage, r.checksums, r.plan.Prerelease != "", files)
}

func signChecksums(ctx context.Context, r *run) error {
	if r.o.SignKey == "" {
		return nil
	}
	var err error
	r.signature, err = Sign(ctx, filepath.Join(r.stage, r.checksums), r.o.SignKey)
	return err
}
