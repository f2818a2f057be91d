# Reads example/file-facts.txt with the sample-file-facts data source and prints
# its digest from a local provisioner. From the project root, after
# `make install`:
#   packer build example/file-facts.pkr.hcl
# (`packer init example/file-facts.pkr.hcl` installs a released version instead.)
packer {
  required_plugins {
    sample = {
      source  = "github.com/acme/sample"
      version = ">= 0.1.0"
    }
  }
}

data "sample-file-facts" "hello" {
  path = "${path.root}/file-facts.txt"
}

source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]

  provisioner "shell-local" {
    inline = ["echo 'file-facts: file-facts.txt has ${data.sample-file-facts.hello.size} bytes, sha256 ${data.sample-file-facts.hello.sha256}'"]
  }
}
