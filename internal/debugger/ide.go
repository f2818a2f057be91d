package debugger

import (
	"encoding/json"
	"fmt"
	"net"
	"strings"
)

// VSCodeLaunch is a .vscode/launch.json that attaches VS Code's Go
// extension to Delve at addr. The plugin is built without -trimpath, so
// its source paths are the project's own and need no substitutePath.
func VSCodeLaunch(addr string) string {
	host, port := splitAddr(addr)
	cfg := map[string]any{
		"version": "0.2.0",
		"configurations": []map[string]any{{
			"name":    "packer-plugin-dev debug",
			"type":    "go",
			"request": "attach",
			"mode":    "remote",
			"host":    host,
			"port":    port,
		}},
	}
	b, _ := json.MarshalIndent(cfg, "", "  ")
	return string(b) + "\n"
}

// GoLandRemote says how to attach GoLand's "Go Remote" configuration.
func GoLandRemote(addr string) string {
	host, port := splitAddr(addr)
	return fmt.Sprintf("Run > Edit Configurations > + > Go Remote: Host %s, Port %d, then Debug", host, port)
}

// Instructions is what to print once a plugin process waits under Delve.
func Instructions(addr string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Delve listens at %s (dlv connect %s, or attach your IDE):\n\n", addr, addr)
	fmt.Fprintf(&b, "VS Code, .vscode/launch.json:\n%s\n", VSCodeLaunch(addr))
	fmt.Fprintf(&b, "GoLand: %s\n", GoLandRemote(addr))
	return b.String()
}

func splitAddr(addr string) (string, int) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return addr, 0
	}
	var port int
	fmt.Sscan(p, &port)
	return host, port
}
