package scaffold

import (
	"strings"
	"testing"
)

func TestMergeGoModRaisesTheGoVersion(t *testing.T) {
	deps := []byte("require github.com/hashicorp/packer-plugin-sdk v0.6.10\n")
	for _, tc := range []struct {
		name, gomod string
		raised      bool
		want        []string
		not         []string
	}{
		{"older go and toolchain", "module m\n\ngo 1.24.12\n\ntoolchain go1.24.12\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.6.1\n", true,
			[]string{"\ngo 1.25.11\n", "packer-plugin-sdk v0.6.10\n"}, []string{"toolchain"}},
		{"newer go kept, toolchain too", "module m\n\ngo 1.26.1\n\ntoolchain go1.26.3\n", false,
			[]string{"\ngo 1.26.1\n", "toolchain go1.26.3", "packer-plugin-sdk v0.6.10\n"}, nil},
		{"same versions", "module m\n\ngo 1.25.11\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.6.10\n", false,
			[]string{"\ngo 1.25.11\n"}, nil},
		{"newer SDK never lowered", "module m\n\ngo 1.25.11\n\nrequire github.com/hashicorp/packer-plugin-sdk v0.7.0\n", false,
			[]string{"packer-plugin-sdk v0.7.0\n"}, []string{"v0.6.10"}},
		{"go 1.25 without patch is older", "module m\n\ngo 1.25\n", true, []string{"\ngo 1.25.11\n"}, nil},
	} {
		out, raised, err := mergeGoMod([]byte(tc.gomod), deps, "1.25.11")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if raised != tc.raised {
			t.Errorf("%s: raised = %v, want %v", tc.name, raised, tc.raised)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s: no %q in\n%s", tc.name, w, out)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(string(out), n) {
				t.Errorf("%s: %q left in\n%s", tc.name, n, out)
			}
		}
	}
}
