# Configuration `packer-plugin-dev test` gives the post-processor when it
# plays Packer core against the plugin ("default": the component registered
# under the plugin's own name). Relative paths are inside the test's sandbox.
post-processor "default" {
  output = "conformance.sha256sums"
}
