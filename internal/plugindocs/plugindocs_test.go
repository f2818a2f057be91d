package plugindocs

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadResolvesIncludesAndKeepsEachAttributesText(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("docs/datasources/acme-image.mdx", "# Image\n\n@include 'datasource/image/Config-required.mdx'\n\n@include 'missing/Partial.mdx'\n\n- `id` (string) - The image's id.\n")
	write("docs-partials/datasource/image/Config-required.mdx", "<!-- Code generated -->\n\n- `name` (string) - The image's name,\n  as the registry spells it.\n\n  Case matters.\n\n- `tags` ([]string) - Tags to match.\n\n<!-- End -->\n")
	page, err := Read(dir, "datasource", "acme-image")
	if err != nil {
		t.Fatal(err)
	}
	want := []Attribute{
		{Name: "name", Type: "string", Doc: "The image's name,\nas the registry spells it.\n\nCase matters."},
		{Name: "tags", Type: "[]string", Doc: "Tags to match."},
		{Name: "id", Type: "string", Doc: "The image's id."},
	}
	if page.Path != filepath.Join("docs", "datasources", "acme-image.mdx") || len(page.Attributes) != len(want) {
		t.Fatalf("page %+v", page)
	}
	for i, a := range want {
		if page.Attributes[i] != a {
			t.Errorf("attribute %d = %+v, want %+v", i, page.Attributes[i], a)
		}
	}
	if len(page.Unresolved) != 1 || page.Unresolved[0] != "'missing/Partial.mdx'" {
		t.Errorf("unresolved %v", page.Unresolved)
	}
	// The compiled page wins over the source.
	write(".web-docs/components/data-source/acme-image/README.md", "- `only` (bool) - Compiled.\n")
	if page, _ := Read(dir, "datasource", "acme-image"); page == nil || len(page.Attributes) != 1 || page.Attributes[0].Name != "only" {
		t.Errorf("compiled page not preferred: %+v", page)
	}
}

// A page may go by the component's template address or its registered
// name; the address wins.
func TestReadComponentTriesEachSlug(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "docs", "datasources", "commit.mdx")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("- `path` (string) - Where the repository is.\n"), 0o644)
	page, err := ReadComponent(dir, "datasource", "git-commit", "commit")
	if err != nil || page == nil || page.Path != filepath.Join("docs", "datasources", "commit.mdx") {
		t.Fatalf("ReadComponent = %+v, %v", page, err)
	}
	if got := Slugs("git", "-packer-default-plugin-name-"); len(got) != 1 || got[0] != "git" {
		t.Errorf("the default component's slugs: %v", got)
	}
}
