//go:build linux

package observe

import "golang.org/x/sys/unix"

const auditArch = unix.AUDIT_ARCH_AARCH64

// legacyWatched is empty: arm64 has only the *at variants (see watched).
var legacyWatched []sysDesc

// legacyRefusals is empty: arm64 has no syscalls of its own to refuse.
var legacyRefusals []refusal

// legacyPathRefusals is empty: arm64 has only the *at variants.
var legacyPathRefusals []pathRefusal
