# Reads example/sample.txt with the sample data source and prints
# its digest from a local provisioner. From the project root, after
# `make install`:
#   packer build example/sample.pkr.hcl
# (`packer init example/sample.pkr.hcl` installs a released version instead.)
packer {
  required_plugins {
    sample = {
      source  = "github.com/acme/sample"
      version = ">= 0.1.0"
    }
  }
}

data "sample" "hello" {
  path = "${path.root}/sample.txt"
}

source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]

  provisioner "shell-local" {
    inline = ["echo 'sample: sample.txt has ${data.sample.hello.size} bytes, sha256 ${data.sample.hello.sha256}'"]
  }
}
