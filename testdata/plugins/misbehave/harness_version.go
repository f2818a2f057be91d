package main

import "github.com/hashicorp/packer-plugin-sdk/version"

// pluginVersion is what describe reports (main passes it to SetVersion).
var pluginVersion = version.NewPluginVersion("0.3.1", "", "")
