package release

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

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
