package naming

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// ValidateName checks a plugin name the way Packer checks the name part of a
// plugin source (github.com/<owner>/<name>): letters, digits and single
// dashes, no leading or trailing dash, no "packer-" prefix. Packer folds
// case, so only lowercase is accepted here: the binary name, the install
// path and the HCL2 block label must all agree.
func ValidateName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("plugin name is empty: give a name such as %q", "checksum-manifest")
	case len(name) > MaxNameLength:
		return fmt.Errorf("plugin name is %d characters long: keep it to %d, since it becomes the repository, binary and release file names (e.g. %q)",
			len(name), MaxNameLength, suggestName(name))
	case strings.HasPrefix(name, "packer-plugin-"):
		return fmt.Errorf("plugin name %q starts with %q: drop the prefix and use %q (the repository and binary get the prefix automatically)",
			name, "packer-plugin-", suggestName(name))
	case strings.HasPrefix(name, "packer-"):
		return fmt.Errorf("plugin name %q starts with %q, which Packer rejects: use %q",
			name, "packer-", suggestName(name))
	case strings.Contains(name, "--"):
		return fmt.Errorf("plugin name %q has consecutive dashes, which Packer rejects: use single dashes, e.g. %q",
			name, suggestName(name))
	case strings.HasPrefix(name, "-") || strings.HasSuffix(name, "-"):
		return fmt.Errorf("plugin name %q starts or ends with a dash: use %q", name, suggestName(name))
	}
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
		case r >= 'A' && r <= 'Z':
			return fmt.Errorf("plugin name %q has uppercase letters; Packer folds plugin names to lowercase: use %q",
				name, suggestName(name))
		default:
			return fmt.Errorf("plugin name %q contains %q: use only lowercase letters, digits and single dashes, e.g. %q",
				name, r, suggestName(name))
		}
	}
	return nil
}

// MaxNameLength bounds a plugin name: with the prefix, version and
// platform it makes file names (packer-plugin-NAME_v1.2.3_x5.0_linux_amd64)
// and a GitHub repository name, which holds at most 100 characters.
const MaxNameLength = 64

// plainLetters takes accents off letters (é -> e), so a suggestion keeps
// the name's letters.
var plainLetters = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// suggestName turns an invalid name into a valid one to offer in an error:
// lowercase, accents off, every other character a dash, single dashes,
// none at the ends, no "packer-" prefix, at most MaxNameLength long. The
// suggestion always passes ValidateName.
func suggestName(name string) string {
	if plain, _, err := transform.String(plainLetters, name); err == nil {
		name = plain
	}
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	s := strings.Trim(collapseDashes(b.String()), "-")
	for strings.HasPrefix(s, "packer-") {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "packer-plugin-"), "packer-")
	}
	if len(s) > MaxNameLength {
		s = strings.TrimRight(s[:MaxNameLength], "-")
	}
	if s == "" || s == "packer" || s == "packer-plugin" {
		return "my-plugin"
	}
	return s
}

func collapseDashes(s string) string {
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return s
}
