package release

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestWriteZipIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.WriteFile(bin, bytes.Repeat([]byte("plugin bytes "), 10000), 0o700); err != nil {
		t.Fatal(err)
	}
	mtime, err := ArchiveTime(func(string) string { return "" })
	if err != nil || !mtime.Equal(time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("ArchiveTime = %v, %v", mtime, err)
	}
	a, b := filepath.Join(dir, "a.zip"), filepath.Join(dir, "b.zip")
	sumA, _, err := WriteZip(a, bin, "packer-plugin-x_v1.0.0_x5.0_linux_amd64", mtime, DefaultCompression)
	if err != nil {
		t.Fatal(err)
	}
	// A different file time on disk must not change the archive.
	os.Chtimes(bin, time.Now(), time.Now().Add(-time.Hour))
	sumB, size, err := WriteZip(b, bin, "packer-plugin-x_v1.0.0_x5.0_linux_amd64", mtime, DefaultCompression)
	if err != nil {
		t.Fatal(err)
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if sumA != sumB || !bytes.Equal(da, db) || int64(len(db)) != size {
		t.Fatalf("two zips of the same binary differ (sums %s %s, size %d of %d)", sumA, sumB, size, len(db))
	}
	if got, _ := sha256File(b); got != sumB {
		t.Fatalf("WriteZip returned sha256 %s, file has %s", sumB, got)
	}
	zr, err := zip.OpenReader(b)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f := zr.File[0]
	if f.Mode().Perm() != 0o755 || !f.Modified.Equal(mtime) {
		t.Fatalf("entry mode %v time %v, want 0755 and %v", f.Mode(), f.Modified, mtime)
	}
	if fi, _ := os.Stat(b); fi.Mode().Perm() != 0o644 {
		t.Fatalf("zip file mode %v", fi.Mode())
	}
}

func TestArchiveTimeFromSourceDateEpoch(t *testing.T) {
	got, err := ArchiveTime(func(string) string { return "1700000000" })
	if err != nil || got.Unix() != 1700000000 {
		t.Fatalf("ArchiveTime = %v, %v", got, err)
	}
	for _, bad := range []string{"yesterday", "100"} {
		if _, err := ArchiveTime(func(string) string { return bad }); err == nil {
			t.Errorf("ArchiveTime accepted SOURCE_DATE_EPOCH=%s", bad)
		}
	}
}
