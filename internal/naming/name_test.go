package naming

import (
	"strings"
	"testing"
)

func TestValidateName(t *testing.T) {
	for _, name := range []string{"a", "compress-manifest", "s3", "3d-print", "x-y-z"} {
		if err := ValidateName(name); err != nil {
			t.Errorf("ValidateName(%q) = %v, want nil", name, err)
		}
	}
	for _, tc := range []struct{ name, want string }{
		{"", "plugin name is empty"},
		{"packer-plugin-foo", `drop the prefix and use "foo"`},
		{"packer-foo", `starts with "packer-", which Packer rejects: use "foo"`},
		{"foo--bar", `consecutive dashes, which Packer rejects: use single dashes, e.g. "foo-bar"`},
		{"-foo", `starts or ends with a dash: use "foo"`},
		{"foo-", `starts or ends with a dash: use "foo"`},
		{"Foo", `uppercase letters; Packer folds plugin names to lowercase: use "foo"`},
		{"foo.bar", `plugin name "foo.bar" contains '.'`},
		{"foo_bar", `contains '_': use only lowercase letters, digits and single dashes, e.g. "foo-bar"`},
		{"héllo", `contains 'é'`},
		{"a b", `contains ' '`},
		{"Foo_Bar", `use "foo-bar"`},
		{"My Plugin!", `use "my-plugin"`},
		{"packer-Bad--x", `use "bad-x"`},
		{"föö", `e.g. "foo"`},
		{strings.Repeat("a", 300), "plugin name is 300 characters long: keep it to 64"},
	} {
		err := ValidateName(tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ValidateName(%q) = %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	// Whatever the error offers instead must itself be accepted.
	for _, bad := range []string{"Foo_Bar", "My Plugin!", "a..b", "PACKER-x", "__", "héllo", "foo.bar",
		"packer-Bad--x", "föö", "packer-packer-x", strings.Repeat("ab-", 40)} {
		if got := suggestName(bad); ValidateName(got) != nil {
			t.Errorf("suggestName(%q) = %q, which ValidateName rejects: %v", bad, got, ValidateName(got))
		}
	}
}
