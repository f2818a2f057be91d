# A valid configuration body for the sample provisioner, used by
# `packer-plugin-dev test` to drive the plugin the way Packer core does.
command = "echo conformance"
