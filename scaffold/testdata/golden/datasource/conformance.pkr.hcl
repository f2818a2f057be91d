# Configuration `packer-plugin-dev test` gives the data source when it plays
# Packer core against the plugin ("default": the component registered under
# the plugin's own name). The test runs the plugin in an empty sandbox, so
# the data source reads a file every Unix system has.
datasource "default" {
  path = "/dev/null"
}
