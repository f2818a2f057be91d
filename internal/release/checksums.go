package release

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// Checksum is one line of a SHA256SUMS file.
type Checksum struct {
	SHA256 string // lowercase hex
	File   string
}

// FormatChecksums renders sha256sum-style lines, sorted by file name, each
// ending in a newline: Packer reads lines up to \n and silently drops a last
// line without one.
func FormatChecksums(sums []Checksum) []byte {
	sorted := append([]Checksum(nil), sums...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].File < sorted[j].File })
	var b bytes.Buffer
	for _, s := range sorted {
		fmt.Fprintf(&b, "%s  %s\n", s.SHA256, s.File)
	}
	return b.Bytes()
}

// ParseChecksums reads a SHA256SUMS file strictly: every line is
// "<64 lowercase hex>  <file>\n", the last one included.
func ParseChecksums(data []byte) ([]Checksum, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("checksum file is empty")
	}
	if data[len(data)-1] != '\n' {
		last := data[bytes.LastIndexByte(data, '\n')+1:]
		return nil, fmt.Errorf("last line %q has no newline: Packer would ignore it and that platform would not install", last)
	}
	var out []Checksum
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		sum, file, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || strings.ToLower(sum) != sum || file == "" {
			return nil, fmt.Errorf("line %d %q: want \"<sha256 hex>  <file>\"", i+1, line)
		}
		if _, err := hex.DecodeString(sum); err != nil {
			return nil, fmt.Errorf("line %d: %q is not hex", i+1, sum)
		}
		out = append(out, Checksum{SHA256: sum, File: file})
	}
	return out, nil
}
