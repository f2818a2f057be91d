# Configuration `packer-plugin-dev test` gives each component when it plays
# Packer core against the plugin: one block per component, labelled with the
# name main.go registers it under ("default": the one registered under the
# plugin's own name). Relative paths are inside the test's sandbox.

post-processor "default" {
  output = "conformance.sha256sums"
}

# packer-plugin-dev:add inserts the blocks of new components above this line.
