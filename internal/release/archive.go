package release

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klauspost/compress/flate"
)

// zipEpoch is every archive entry's modification time, so archives depend
// only on the binary's bytes (SOURCE_DATE_EPOCH overrides it).
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// ArchiveTime returns the entry time: SOURCE_DATE_EPOCH if set, else 1980-01-01.
func ArchiveTime(getenv func(string) string) (time.Time, error) {
	v := getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return zipEpoch, nil
	}
	var secs int64
	if _, err := fmt.Sscanf(v, "%d", &secs); err != nil || secs < zipEpoch.Unix() {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970, not before 1980 (zip cannot store earlier times)", v)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// WriteZip writes a zip at dst holding only bin under entry, mode 0755,
// deflated at level. It returns the zip's sha256 (hashed while writing)
// and size. The file appears under dst only once complete.
func WriteZip(dst, bin, entry string, mtime time.Time, level int) (sum string, size int64, err error) {
	in, err := os.Open(bin)
	if err != nil {
		return "", 0, err
	}
	defer in.Close()
	h := sha256.New()
	var cw *countWriter
	err = writeAtomic(dst, 0o644, func(out io.Writer) error {
		cw = &countWriter{w: io.MultiWriter(out, h)}
		zw := zip.NewWriter(cw)
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(w, level)
		})
		hdr := &zip.FileHeader{Name: entry, Method: zip.Deflate, Modified: mtime}
		hdr.SetMode(0o755)
		w, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, in); err != nil {
			return err
		}
		return zw.Close()
	})
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sha256File hashes a file.
func sha256File(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
