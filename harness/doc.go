// Package harness plays Packer core against a plugin binary.
//
// It runs `describe`, starts one process per component exactly as core does
// (`BIN start <kind> --protobuf <name>` with the magic cookie and port range),
// validates the handshake line, connects with the plugin SDK's RPC client
// (protobuf on) and hands out clients for the four component kinds whose
// every method call is recorded as a Call: its duration, error, the plugin's
// stderr lines written during it, a panic's text, and the side effects
// (files, network, processes) the plugin had while it was in flight.
//
// Each process runs in a sandbox (fresh working directory, HOME and TMPDIR
// under one harness-owned temp folder) and is observed by
// harness/internal/observe: syscall tracing on Linux, a filesystem snapshot
// diff of the sandbox elsewhere; Plugin.TraceMode says which ran.
//
// The package also serves what core serves to a plugin (UI, Hook,
// Communicator, FileArtifact) and builds configuration the two ways core
// feeds it (HCL2 and legacy JSON). It never imports testing.
//
// Close always kills the process tree and removes the socket and sandbox;
// Leftovers reports anything of this process's that is still around.
package harness
