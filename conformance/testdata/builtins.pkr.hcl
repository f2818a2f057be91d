# Sample configuration for Packer 1.16.0's own components served as a plugin
# (testdata/plugins/builtins), each from its documentation.
builder "file" {
  content = "built by the file builder\n"
  target  = "file-builder.txt"
}
builder "null" {
  communicator = "none"
}
post-processor "artifice" {
  files = ["artifice-input.txt"]
}
post-processor "checksum" {
  checksum_types = ["sha256"]
  output         = "packer_{{.BuildName}}_{{.ChecksumType}}.checksum"
}
post-processor "compress" {
  output = "compressed.tar.gz"
}
post-processor "manifest" {
  output = "manifest.json"
}
post-processor "shell-local" {
  inline = ["echo post-processed"]
}
provisioner "shell-local" {
  inline = ["echo provisioned"]
}
provisioner "sleep" {
  duration = "1s"
}
datasource "null" {
  input = "conformance"
}
