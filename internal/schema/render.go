package schema

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats are the output formats Write takes.
var Formats = []string{"json", "markdown"}

// Write renders p as JSON or as markdown.
func Write(w io.Writer, p *Plugin, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	case "markdown":
		_, err := io.WriteString(w, markdown(p))
		return err
	}
	return fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, " or "))
}

// markdown lists each component's attributes the way packer-sdc
// struct-markdown writes them ("- `name` (type) - text"), required first,
// so it can feed docs.
func markdown(p *Plugin) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s %s\n", p.Name, p.Version)
	for _, c := range p.Components {
		fmt.Fprintf(&b, "\n## %s `%s`\n", c.Kind, c.Name)
		if c.Error != "" {
			fmt.Fprintf(&b, "\nThe schema could not be read: %s\n", c.Error)
			continue
		}
		if c.DocsPage != "" {
			fmt.Fprintf(&b, "\nDescriptions from %s.\n", c.DocsPage)
		}
		writeBlock(&b, c.Config, "###")
		if c.Output != nil {
			fmt.Fprintf(&b, "\n### Output\n")
			writeAttrs(&b, c.Output, func(*Attribute) bool { return true })
			writeNested(&b, c.Output, "####")
		}
	}
	return b.String()
}

func writeBlock(b *strings.Builder, blk *Block, h string) {
	if blk.hasAttrs(true) {
		fmt.Fprintf(b, "\n%s Required\n", h)
		writeAttrs(b, blk, (*Attribute).required)
	}
	if blk.hasAttrs(false) {
		fmt.Fprintf(b, "\n%s Optional\n", h)
		writeAttrs(b, blk, func(a *Attribute) bool { return !a.required() })
	}
	writeNested(b, blk, h)
}

func writeNested(b *strings.Builder, blk *Block, h string) {
	for _, name := range sortedKeys(blk.BlockTypes) {
		nb := blk.BlockTypes[name]
		fmt.Fprintf(b, "\n%s `%s` block (%s)\n", h, name, nb.NestingMode)
		if nb.Description != "" {
			fmt.Fprintf(b, "\n%s\n", nb.Description)
		}
		writeBlock(b, nb.Block, h+"#")
	}
}

// required: the spec requires the attribute, or its docs list it as
// required.
func (a *Attribute) required() bool { return a.Required || a.docsRequired }

func (blk *Block) hasAttrs(required bool) bool {
	for _, a := range blk.Attributes {
		if a.required() == required {
			return true
		}
	}
	return false
}

func writeAttrs(b *strings.Builder, blk *Block, keep func(*Attribute) bool) {
	b.WriteString("\n")
	for _, name := range sortedKeys(blk.Attributes) {
		a := blk.Attributes[name]
		if !keep(a) {
			continue
		}
		text := a.Description
		if text == "" {
			text = "Not documented."
		}
		fmt.Fprintf(b, "- `%s` (%s) - %s\n\n", name, a.ctyType.FriendlyName(), indentText(text))
	}
}

// indentText indents the lines after the first by two spaces, as
// struct-markdown does, leaving blank lines blank.
func indentText(s string) string {
	lines := strings.Split(s, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = "  " + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
