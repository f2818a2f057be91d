# The plugin's entry on the Packer integrations page
# (https://developer.hashicorp.com/packer/integrations), read from the
# default branch by HashiCorp's integration-release-action when a
# notify-integration-release workflow runs. The READMEs next to it are
# compiled from docs/ by `go generate ./...`: edit docs/, not them.
integration {
  name        = "Sample"
  description = "A Packer post-processor that writes a SHA-256 checksum manifest of its input files."
  identifier  = "packer/acme/sample"
  # "hcp-ready": the plugin's builders give HCP Packer the metadata of what
  # they build (packer-plugin-dev add sets it with the first builder);
  # "archived": the plugin is no longer maintained.
  flags = ["hcp-ready"]
  docs {
    process_docs    = true
    readme_location = "./README.md"
    external_url    = "https://github.com/acme/packer-plugin-sample"
  }
  license {
    type = "MPL-2.0"
    url  = "https://github.com/acme/packer-plugin-sample/blob/main/LICENSE"
  }
  # post-processor "sample", docs in docs/post-processors/sample.mdx
  component {
    type = "post-processor"
    name = "Sample"
    slug = "sample"
  }
  # builder "sample-tarball", docs in docs/builders/sample-tarball.mdx
  component {
    type = "builder"
    name = "Sample Tarball"
    slug = "sample-tarball"
  }
  # provisioner "sample-remote-run", docs in docs/provisioners/sample-remote-run.mdx
  component {
    type = "provisioner"
    name = "Sample Remote Run"
    slug = "sample-remote-run"
  }
  # datasource "sample-file-facts", docs in docs/datasources/sample-file-facts.mdx
  component {
    type = "data-source"
    name = "Sample File Facts"
    slug = "sample-file-facts"
  }
  # packer-plugin-dev:add inserts the blocks of new components above this line.
}
