package cli

import _ "github.com/rogpeppe/go-internal/testscript"
