package release

import (
	"io"
	"os"
	"path/filepath"
)

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
