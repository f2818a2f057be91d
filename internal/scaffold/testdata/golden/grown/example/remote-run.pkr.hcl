# Runs a command with the sample-remote-run provisioner on a machine reached over
# SSH (Packer's built-in null builder connects to an existing host). The
# defaults are this machine's sshd as you, with your ssh-agent's keys; from
# the project root, after `make install`:
#   packer build -var private_key_file=$HOME/.ssh/id_ed25519 example/remote-run.pkr.hcl
# (the key's .pub in ~/.ssh/authorized_keys; add -var host=... -var port=...
# -var username=... for another machine). `packer validate` needs nothing.
packer {
  required_plugins {
    sample = {
      source  = "github.com/acme/sample"
      version = ">= 0.1.0"
    }
  }
}

variable "host" {
  type        = string
  default     = "127.0.0.1"
  description = "SSH host of the machine to provision."
}

variable "port" {
  type    = number
  default = 22
}

variable "username" {
  type    = string
  default = env("USER")
}

variable "private_key_file" {
  type        = string
  default     = ""
  description = "Private key accepted by the host for username; empty uses ssh-agent."
}

source "null" "example" {
  communicator         = "ssh"
  ssh_host             = var.host
  ssh_port             = var.port
  ssh_username         = var.username
  ssh_private_key_file = var.private_key_file
  ssh_agent_auth       = var.private_key_file == ""
}

build {
  sources = ["source.null.example"]

  provisioner "sample-remote-run" {
    command = "echo \"remote-run ran on $(uname -n)\""
  }
}
