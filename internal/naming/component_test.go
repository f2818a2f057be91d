package naming

import "testing"

func TestComponentAddress(t *testing.T) {
	for _, tc := range []struct{ plugin, component, want string }{
		{"docker", DefaultComponent, "docker"},
		{"docker", "push", "docker-push"},
		{"sha-manifest", "tarball", "sha-manifest-tarball"},
	} {
		if got := ComponentAddress(tc.plugin, tc.component); got != tc.want {
			t.Errorf("ComponentAddress(%q, %q) = %q, want %q", tc.plugin, tc.component, got, tc.want)
		}
	}
}
