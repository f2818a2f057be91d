//go:build !unix

package scratch

// Alive cannot tell here and says true: nothing is taken for stale.
func Alive(int) bool { return true }
