package repro

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// The templates recipes write: a component in an HCL2 or legacy JSON
// template, fed by Packer's built-ins.

// HCLFiles is the usual template file set.
func HCLFiles(tmpl string) map[string]string { return map[string]string{"repro.pkr.hcl": tmpl} }

// JSONTemplate is a legacy JSON template using the component with raw as
// its configuration, on the null builder for the other kinds.
func JSONTemplate(e *Env, c harness.Component, raw map[string]any) string {
	conf := map[string]any{"type": e.TemplateName(c)}
	maps.Copy(conf, raw)
	null := map[string]any{"type": "null", "communicator": "none"}
	tmpl := map[string]any{}
	switch c.Kind {
	case harness.KindBuilder:
		tmpl["builders"] = []any{conf}
	case harness.KindProvisioner:
		tmpl["builders"] = []any{null}
		tmpl["provisioners"] = []any{conf}
	case harness.KindPostProcessor:
		tmpl["builders"] = []any{null}
		tmpl["post-processors"] = []any{conf}
	}
	b, _ := json.MarshalIndent(tmpl, "", "  ")
	return string(b) + "\n"
}

// HCLTemplate is an HCL2 template using the component configured with
// body, fed by Packer's built-ins: a null builder, for a post-processor a
// shell-local provisioner writing its input and artifice turning it into an
// artifact. extra follows the component: in the post-processor chain for a
// post-processor, in the build block otherwise.
func HCLTemplate(e *Env, c harness.Component, body, extra string) string {
	name := e.TemplateName(c)
	var b strings.Builder
	switch c.Kind {
	case harness.KindBuilder:
		fmt.Fprintf(&b, "source %q \"repro\" {\n%s}\n\nbuild {\n  sources = [\"source.%s.repro\"]\n%s}\n", name, indent(body), name, extra)
		return b.String()
	case harness.KindDatasource:
		fmt.Fprintf(&b, "data %q \"repro\" {\n%s}\n\n", name, indent(body))
	}
	b.WriteString("source \"null\" \"repro\" {\n  communicator = \"none\"\n}\n\nbuild {\n  sources = [\"source.null.repro\"]\n")
	switch c.Kind {
	case harness.KindProvisioner:
		fmt.Fprintf(&b, "  provisioner %q {\n%s  }\n", name, indent(indent(body)))
	case harness.KindPostProcessor:
		b.WriteString("  provisioner \"shell-local\" {\n    inline = [\"printf 'repro input\\\\n' > image.raw\"]\n  }\n")
		fmt.Fprintf(&b, "  post-processors {\n    post-processor \"artifice\" {\n      files = [\"image.raw\"]\n    }\n    post-processor %q {\n%s    }\n%s  }\n", name, indent(indent(indent(body))), indent(extra))
		extra = ""
	}
	b.WriteString(extra)
	b.WriteString("}\n")
	return b.String()
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// ShellQuote quotes s for bash.
func ShellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
