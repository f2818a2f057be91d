# Reads example/hello.txt with the sample data source and prints its
# digest from a local provisioner. From the project root, after
# `make install`:
#   packer build example
data "sample" "hello" {
  path = "${path.root}/hello.txt"
}

source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]

  provisioner "shell-local" {
    inline = ["echo 'sample: hello.txt has ${data.sample.hello.size} bytes, sha256 ${data.sample.hello.sha256}'"]
  }
}
