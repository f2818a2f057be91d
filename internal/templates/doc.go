// Package templates embeds the files of a generated Packer plugin project.
//
// Layout:
//
//	skeleton/       files every project gets once, whatever its components;
//	                the lists of components in them end in a marker line
//	                (packer-plugin-dev:add, or in main.go
//	                packer-plugin-dev:import and :register); among them
//	                internal/webdocs, which go generate runs to write
//	                docs-partials/ and .web-docs/
//	<kind>/         the files of one component of that kind (builder,
//	                provisioner, post-processor, datasource):
//	  component/    its Go package, written to <kind>/<name>/
//	  docs/, example/  its docs page (docs/<kinds>/__address__.mdx, named
//	                by the component's slug) and example template
//	  partials/     what packer-sdc struct-markdown writes from its config
//	                structs' comments, written to docs-partials/<kind>/<name>/
//	                (scripts/update-template-deps.sh refreshes them)
//	  inserts/      lines inserted at the marker of the project file of
//	                the same path (conformance.pkr.hcl, .gitignore)
//	inserts/        lines every component inserts (README.md,
//	                docs/README.md, .web-docs/metadata.hcl)
//	licenses/       the texts new --license writes to LICENSE, by SPDX id
//	deps/<kind>/    "require" (go.mod require blocks) and "go.sum" of a
//	                tidy project of that kind, written by
//	                scripts/update-template-deps.sh; adding a component
//	                merges them into the project's go.mod and go.sum
//
// Files ending in ".tmpl" are Go text/templates (rendered with
// missingkey=error, the suffix dropped); every Go source is a template so
// that this module never compiles it. Other files are copied verbatim.
// "__name__" in a path is replaced by the component's name, "__address__"
// by the name HCL2 templates call it (its slug on the integrations page).
// A component's compiled .web-docs/components/<type>/<slug>/README.md is
// not a template: scaffold compiles it from the page and partials, as the
// project's internal/webdocs does. Skeleton
// templates see scaffold's projectData, the others its componentData
// (which includes projectData). An insert is keyed by its first line: a
// file that has that line already is left alone, so adding twice inserts
// once.
package templates

import "embed"

// FS holds every template file; "all:" keeps dot-files such as .gitignore,
// .goreleaser.yml and .github/.
//
//go:embed all:skeleton all:builder all:provisioner all:post-processor all:datasource all:inserts all:deps all:licenses
var FS embed.FS
