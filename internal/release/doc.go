// Package release builds a Packer plugin for every platform Packer's release
// template builds and packages it under the names Packer's installer accepts:
// one zip per target, a SHA256SUMS file, an optional detached signature. It
// verifies what it wrote before reporting success, and installs a host build
// into Packer's plugin folder the way `packer plugins install --path` does.
//
// The naming and layout rules are those Packer 1.16.0's installer accepts;
// the tests install releases into a real Packer 1.16.0 to prove them.
// Packer core's code is not copied.
package release
