# Builds a file with the sample builder, then shows it from a local
# provisioner. From the project root, after `make install`:
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

variable "path" {
  type        = string
  default     = "sample-output.txt"
  description = "File the build creates."
}

source "sample" "example" {
  path    = var.path
  content = "hello from sample\n"
}

build {
  sources = ["source.sample.example"]

  # build.OutputPath is generated data set by the builder.
  provisioner "shell-local" {
    inline = ["echo \"sample wrote ${build.OutputPath}: $(cat ${build.OutputPath})\""]
  }
}
