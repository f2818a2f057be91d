# Writes a checksum manifest of a build's files with the sample
# post-processor. Packer's null builder makes no files, so a local
# provisioner creates one and the built-in artifice post-processor turns it
# into the artifact that sample reads. From the project root, after
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

variable "input" {
  type        = string
  default     = "sample-input.txt"
  description = "File the build creates and checksums."
}

variable "output" {
  type        = string
  default     = "sample.sha256sums"
  description = "Where the checksum manifest goes."
}

source "null" "example" {
  communicator = "none"
}

build {
  sources = ["source.null.example"]

  provisioner "shell-local" {
    inline = ["echo 'hello from sample' > ${var.input}"]
  }

  post-processors {
    post-processor "artifice" {
      files = [var.input]
    }
    post-processor "sample" {
      output = var.output
    }
  }
}
