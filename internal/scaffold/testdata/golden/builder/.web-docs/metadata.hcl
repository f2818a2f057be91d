# The plugin's entry on the Packer integrations page
# (https://developer.hashicorp.com/packer/integrations), read from the
# default branch by HashiCorp's integration-release-action when a
# notify-integration-release workflow runs. The READMEs next to it are
# compiled from docs/ by `go generate ./...`: edit docs/, not them.
integration {
  name        = "Sample"
  description = "A Packer builder that produces a file artifact."
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
  # builder "sample", docs in docs/builders/sample.mdx
  component {
    type = "builder"
    name = "Sample"
    slug = "sample"
  }
  # packer-plugin-dev:add inserts the blocks of new components above this line.
}
