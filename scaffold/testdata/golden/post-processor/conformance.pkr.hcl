# A valid configuration body for the sample post-processor, used by
# `packer-plugin-dev test` to drive the plugin the way Packer core does.
output = "conformance.sha256sums"
