# A valid configuration body for the sample data source, used by
# `packer-plugin-dev test` to drive the plugin the way Packer core does.
path = "conformance.pkr.hcl"
