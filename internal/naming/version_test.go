package naming

import "testing"

func TestIsCore(t *testing.T) {
	for v, want := range map[string]bool{
		"1.2.3": true, "0.0.0": true, "10.20.30": true,
		"v1.2.3": false, "1.2": false, "1.2.3-dev": false, "1.2.3+meta": false, "01.2.3": false, "1.2.3.4": false, "": false,
	} {
		if got := IsCore(v); got != want {
			t.Errorf("IsCore(%q) = %v, want %v", v, got, want)
		}
	}
}
