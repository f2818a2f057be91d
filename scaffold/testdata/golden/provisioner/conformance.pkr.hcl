# Configuration `packer-plugin-dev test` gives the provisioner when it plays
# Packer core against the plugin ("default": the component registered under
# the plugin's own name).
provisioner "default" {
  command = "echo conformance"
}
