// Package templates embeds the files of a generated Packer plugin project.
//
// Layout:
//
//	skeleton/       files every project gets
//	<kind>/         files of one component kind (builder, provisioner,
//	                post-processor, datasource); a path here replaces the
//	                same path in skeleton
//	deps/<kind>/    "require" (go.mod require blocks) and "go.sum" of a
//	                tidy project of that kind, written by
//	                scripts/update-template-deps.sh
//
// Files ending in ".tmpl" are Go text/templates (rendered with
// missingkey=error, the suffix dropped); every Go source is a template so
// that this module never compiles it. Other files are copied verbatim.
// "__name__" in a path is replaced by the plugin name. The template data is
// documented on scaffold's data type.
package templates

import "embed"

// FS holds every template file; "all:" keeps dot-files such as .gitignore,
// .goreleaser.yml and .github/.
//
//go:embed all:skeleton all:builder all:provisioner all:post-processor all:datasource all:deps
var FS embed.FS
