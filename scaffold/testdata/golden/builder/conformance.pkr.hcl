# A valid configuration body for the sample builder, used by
# `packer-plugin-dev test` to drive the plugin the way Packer core does.
path    = "conformance-output.txt"
content = "written by the conformance run\n"
