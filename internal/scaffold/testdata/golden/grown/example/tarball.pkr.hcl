# Builds a file with the sample-tarball builder, then shows it from a local
# provisioner. From the project root, after `make install`:
#   packer build example/tarball.pkr.hcl
# (`packer init example/tarball.pkr.hcl` installs a released version instead.)
packer {
  required_plugins {
    sample = {
      source  = "github.com/acme/sample"
      version = ">= 0.1.0"
    }
  }
}

variable "path" {
  type        = string
  default     = "tarball-output.txt"
  description = "File the build creates."
}

source "sample-tarball" "example" {
  path    = var.path
  content = "hello from tarball\n"
}

build {
  sources = ["source.sample-tarball.example"]

  # build.OutputPath is generated data set by the builder.
  provisioner "shell-local" {
    inline = ["echo \"tarball wrote ${build.OutputPath}: $(cat ${build.OutputPath})\""]
  }
}
