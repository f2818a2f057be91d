// Package conformance checks a Packer plugin against the contract Packer
// core relies on: the checks and the runner only, organised like
// csi-test's sanity suite.
//
// The checks are one ordered list (checks.go), each a value with one run
// signature, func(*checkEnv) error, and its own repro recipe; they live in
// one file per subject: checks_plugin.go (plugin.*), checks_config.go
// (config.*), checks_builder.go, checks_postprocessor.go,
// checks_provisioner.go, checks_datasource.go, checks_artifact.go and
// checks_artifact_hcp.go (artifact.*), checks_docs_spec.go and
// checks_docs_metadata.go (docs.*); their recipes are in recipes.go.
//
// The runner: suite.go plans what runs for which component and runs it;
// setup.go is each component's setup (the plugin.handshake scenario);
// env.go is the per-check context (checkEnv), which starts fresh plugin
// processes in fresh sandboxes through the harness and tears them down;
// verdict.go holds judge, the one function that turns a scenario's
// outcome (error, skip, findings, acknowledgements, crash, interruption)
// into a verdict. Scenario pieces: configure.go (configuring as core
// does), cancel.go (cancelling where the plugin waits), artifacts.go
// (input artifacts and the files an artifact lists), reprocase.go (what a
// finding's repro is made of).
//
// What describe lists decides which checks apply; a check that cannot run
// says skip and why. Around it: package report holds the verdict as data
// and renders it, package sample reads the sample configuration and the
// example templates, package repro writes and runs repros, and package
// conformancetest is the entry point for authors' own `go test`. The
// package never starts a process itself (the harness does) and never
// imports testing.
package conformance
