# Configuration `packer-plugin-dev test` gives each component when it plays
# Packer core against the plugin: one block per component, labelled with the
# name main.go registers it under ("default": the one registered under the
# plugin's own name). Relative paths are inside the test's sandbox.

post-processor "default" {
  output = "conformance.sha256sums"
}

builder "tarball" {
  path    = "conformance-output.txt"
  content = "written by the conformance run\n"
}

provisioner "remote-run" {
  command = "echo conformance"
}

datasource "file-facts" {
  # The sandbox is empty: a file every Unix system has.
  path = "/dev/null"
}

# packer-plugin-dev:add inserts the blocks of new components above this line.
