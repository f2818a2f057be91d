package release

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// Verify checks a release folder the way Packer's installer will see it:
// the checksum file's name and format, every listed archive's name, bytes
// and content. want, if not nil, lists archives that must all be listed.
// dev accepts vX.Y.Z-dev names (snapshots).
func Verify(dir, checksumsFile string, dev bool, want []string) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	plugin, version, err := ParseChecksumsName(checksumsFile)
	if err != nil {
		return &VerifyError{Problems: []string{err.Error()}}
	}
	data, err := os.ReadFile(filepath.Join(dir, checksumsFile))
	if err != nil {
		return err
	}
	sums, err := ParseChecksums(data)
	if err != nil {
		return &VerifyError{Problems: []string{fmt.Sprintf("%s: %v", checksumsFile, err)}}
	}
	hashes, hashErrs := hashAll(dir, sums)
	listed := map[string]bool{}
	for i, s := range sums {
		listed[s.File] = true
		parse := ParseArchiveName
		if dev {
			parse = ParseSnapshotArchiveName
		}
		n, err := parse(s.File)
		if err != nil {
			add("%v", err)
			continue
		}
		if n.Plugin != plugin || n.Version != version {
			add("%s is listed in %s but names plugin %s version %s", s.File, checksumsFile, n.Plugin, n.Version)
		}
		got, err := hashes[i], hashErrs[i]
		if err != nil {
			add("%s is listed in %s but cannot be read: %v", s.File, checksumsFile, err)
			continue
		}
		if got != s.SHA256 {
			add("%s has sha256 %s but %s lists %s: rebuild the release, do not edit archives after it", s.File, got, checksumsFile, s.SHA256)
		}
		if err := checkZip(filepath.Join(dir, s.File), n.Binary()); err != nil {
			add("%s: %v", s.File, err)
		}
	}
	for _, w := range want {
		if !listed[w] {
			add("%s was built but is not listed in %s", w, checksumsFile)
		}
	}
	if len(problems) > 0 {
		return &VerifyError{Problems: problems}
	}
	return nil
}

// hashAll hashes the listed files on every CPU at once: it is the tail of a
// release, after the last build, so nothing else overlaps it.
func hashAll(dir string, sums []Checksum) ([]string, []error) {
	hashes := make([]string, len(sums))
	errs := make([]error, len(sums))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, s := range sums {
		g.Go(func() error {
			// Every file's error is kept, not only the first.
			hashes[i], errs[i] = sha256File(filepath.Join(dir, s.File))
			return nil
		})
	}
	g.Wait()
	return hashes, errs
}

// checkZip checks that the archive holds exactly one executable, named bin.
func checkZip(path, bin string) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("not a readable zip: %v", err)
	}
	defer zr.Close()
	if len(zr.File) != 1 {
		return fmt.Errorf("holds %d files, want exactly one, %s", len(zr.File), bin)
	}
	f := zr.File[0]
	if f.Name != bin {
		return fmt.Errorf("holds %q, want %q: Packer looks for the binary named like the archive", f.Name, bin)
	}
	if f.Mode()&0o111 == 0 {
		return fmt.Errorf("%s is not executable (mode %v)", f.Name, f.Mode())
	}
	return nil
}
