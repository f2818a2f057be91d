package release

import (
	"strings"
	"testing"
)

func TestFormatChecksumsEndsEveryLine(t *testing.T) {
	a, b := strings.Repeat("a", 64), strings.Repeat("b", 64)
	got := string(FormatChecksums([]Checksum{{SHA256: b, File: "z.zip"}, {SHA256: a, File: "a.zip"}}))
	want := a + "  a.zip\n" + b + "  z.zip\n"
	if got != want {
		t.Fatalf("FormatChecksums = %q, want %q (sorted, two spaces, last newline)", got, want)
	}
	parsed, err := ParseChecksums([]byte(got))
	if err != nil || len(parsed) != 2 || parsed[0].File != "a.zip" || parsed[1].SHA256 != b {
		t.Fatalf("ParseChecksums(FormatChecksums) = %v, %v", parsed, err)
	}
}

func TestParseChecksumsRejects(t *testing.T) {
	sum := strings.Repeat("0", 64)
	for _, tc := range []struct{ data, want string }{
		{sum + "  a.zip\n" + sum + "  b.zip", "has no newline"},
		{"", "empty"},
		{sum + " a.zip\n", "want"},
		{strings.ToUpper(strings.Repeat("a", 64)) + "  a.zip\n", "want"},
		{strings.Repeat("g", 64) + "  a.zip\n", "not hex"},
		{sum[:60] + "  a.zip\n", "want"},
	} {
		_, err := ParseChecksums([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseChecksums(%q) = %v, want error containing %q", tc.data, err, tc.want)
		}
	}
}
