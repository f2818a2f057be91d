# Sample configuration for the misbehave test plugin: the components whose
# empty configuration is invalid, or whose values the placeholder check
# must replace with "<unknown>".
post-processor "requires-output" {
  output = "requires-output.out"
}

post-processor "rejects-unknown-placeholder" {
  output = "placeholder.out"
}

post-processor "conf-good" {
  output = "good.out"
  level  = 3
}

# Takes only artifacts of its own builder: the input it gets here.
post-processor "tarball-only" {
  conformance {
    input_artifact {
      builder_id = "acme.tarball"
      id         = "tarball-1"
      files      = ["input/image.tar"]
      state      = { generated_data = { ID = "tarball-1" } }
    }
  }
}

# Its empty configuration is valid, but Execute needs a path.
datasource "reads-path" {
  path = "/etc/passwd"
}

# Needs a token from the environment.
post-processor "needs-env" {
  conformance {
    env = { MISBEHAVE_TOKEN = "t0ken" }
  }
}

# Runs a version probe in Configure, on purpose.
post-processor "probes-version" {
  conformance {
    acknowledge "config.side-effects" {
      match  = "exec.*true"
      reason = "Configure checks the tool's version, as documented"
    }
  }
}

# An acknowledgement of a finding that no longer occurs.
post-processor "stale-ack" {
  conformance {
    acknowledge "config.side-effects" {
      reason = "wrote a cache file once"
    }
  }
}

# Reads a file of the machine before it works: the machine here has it.
provisioner "downloads-remote" {
  conformance {
    remote_files = { "/etc/os-release" = "ID=debian\n" }
  }
}
