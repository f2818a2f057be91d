# Runs a command with the sample provisioner on a machine reached over
# SSH (Packer's built-in null builder connects to an existing host).
# From the project root, after `make install`:
#   packer build -var host=127.0.0.1 -var port=22 -var username=$USER \
#     -var private_key_file=$HOME/.ssh/id_ed25519 example
variable "host" {
  type        = string
  description = "SSH host of the machine to provision."
}

variable "port" {
  type    = number
  default = 22
}

variable "username" {
  type = string
}

variable "private_key_file" {
  type        = string
  description = "Private key accepted by the host for username."
}

source "null" "example" {
  communicator         = "ssh"
  ssh_host             = var.host
  ssh_port             = var.port
  ssh_username         = var.username
  ssh_private_key_file = var.private_key_file
}

build {
  sources = ["source.null.example"]

  provisioner "sample" {
    command = "echo \"sample ran on $(uname -n)\""
  }
}
