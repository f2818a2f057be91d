// Package conformance checks a Packer plugin against the contract Packer
// core relies on. It is organised like csi-test's sanity suite: the checks
// live in one file per component kind (builder.go, postprocessor.go,
// provisioner.go, datasource.go) plus the checks every component shares
// (plugin.go, config.go, artifact.go); each check runs with a per-check
// context (T) that starts fresh plugin processes in fresh sandboxes through
// the harness and tears them down; what describe lists decides which checks
// apply, and a check that cannot run says skip and why.
//
// The package never starts a process itself (the harness does) and only
// gotest.go, the entry point for authors' own `go test`, imports testing.
package conformance
