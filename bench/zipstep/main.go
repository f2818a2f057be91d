// Command zipstep runs release's packaging step alone, for bench/release.sh:
// it zips every binary in a folder the way release does (one at a time,
// overlapping nothing) and writes the SHA256SUMS file.
//
//	zipstep BINDIR OUTDIR
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/release"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: zipstep BINDIR OUTDIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "zipstep:", err)
		os.Exit(1)
	}
}

func run(binDir, outDir string) error {
	entries, err := os.ReadDir(binDir)
	if err != nil {
		return err
	}
	mtime, err := release.ArchiveTime(os.Getenv)
	if err != nil {
		return err
	}
	var sums []release.Checksum
	for _, e := range entries {
		base := strings.TrimSuffix(e.Name(), ".exe")
		archive := base + ".zip"
		sum, _, err := release.WriteZip(filepath.Join(outDir, archive), filepath.Join(binDir, e.Name()), e.Name(), mtime, release.DefaultCompression)
		if err != nil {
			return err
		}
		sums = append(sums, release.Checksum{SHA256: sum, File: archive})
	}
	return os.WriteFile(filepath.Join(outDir, "SHA256SUMS"), release.FormatChecksums(sums), 0o644)
}
