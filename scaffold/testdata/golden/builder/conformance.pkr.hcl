# Configuration `packer-plugin-dev test` gives the builder when it plays
# Packer core against the plugin ("default": the component registered under
# the plugin's own name). Relative paths are inside the test's sandbox.
builder "default" {
  path    = "conformance-output.txt"
  content = "written by the conformance run\n"
}
