package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// A repro turns a finding into something the author runs in real Packer:
// a folder with a minimal template that uses only the component and
// Packer's built-ins, a README saying what real Packer will do wrong, and
// repro.sh, which installs the plugin into a throw-away plugin folder and
// HOME, runs the Packer command with $PACKER (else packer on PATH), and
// exits 1 when the misbehaviour shows, 0 when it does not, 2 when it could
// not tell.

// Repro is where a finding's reproduction is and, once run, what real
// Packer did.
type Repro struct {
	// Dir is the repro's folder.
	Dir string `json:"dir"`
	// Command is the Packer command it runs, for people.
	Command string `json:"command"`
	// Packer is the version of Packer that ran it; empty until run.
	Packer string `json:"packer,omitempty"`
	// Confirmed is set once run and real Packer told: true when it showed
	// the misbehaviour, false when it ran clean. Run (Packer set) and
	// unset, the repro could not tell (Packer or the template failed
	// first, a tool was missing): Output says why.
	Confirmed *bool `json:"confirmed,omitempty"`
	// Output is what repro.sh printed when it did not confirm.
	Output string `json:"output,omitempty"`
}

// summary is one line (and the output when not confirmed) for reports.
func (r *Repro) summary() string {
	where := "repro: " + r.Command
	if r.Dir != "" {
		where = "repro: " + r.Dir
	}
	output := strings.ReplaceAll(tailLines(r.Output, 15), "\n", "\n  ")
	switch {
	case r.Packer == "":
		return where
	case r.Confirmed == nil:
		return where + " (could not tell in " + r.Packer + "):\n  " + output
	case *r.Confirmed:
		return where + " (confirmed in " + r.Packer + ")"
	}
	return where + " (NOT reproduced in " + r.Packer + "):\n  " + output
}

// tailLines is the last n lines of s.
func tailLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// reproCase is what a check hands its repro: the component as the check
// configured it, and details of the finding.
type reproCase struct {
	comp   harness.Component
	body   string         // the configuration as HCL2 attributes and blocks
	json   map[string]any // the same as a legacy JSON template gives it
	input  *inputSpec
	detail map[string]string // check-specific: "key", "value", "error", ...
	// env is what the component's conformance block adds to the plugin's
	// environment ("NAME=value"): repro.sh exports it, so real Packer runs
	// the plugin as the check ran it.
	env []string
}

// reproNote records a detail of this finding for its repro.
func (t *checkEnv) reproNote(key, value string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.reproDetail == nil {
		t.reproDetail = map[string]string{}
	}
	t.reproDetail[key] = value
}

// reproCase is the repro input of the check t ran.
func (t *checkEnv) reproCase() *reproCase {
	rc := &reproCase{comp: t.Component, json: map[string]any{}, input: t.input(), detail: t.reproDetail}
	if b := t.suite.sample.block(t.Component); b != nil {
		rc.env = b.env
	}
	cfg := t.setup.config
	if cfg == nil {
		cfg = t.setup.attempt
	}
	if cfg != nil {
		rc.json = cfg.JSON
		rc.body = hclBody(cfg)
	}
	return rc
}

// hclBody writes a configuration as the inside of an HCL2 block: the
// sample file block's own text (so nested blocks stay blocks), else its
// attributes' values (an example template's may read variables).
func hclBody(cfg *validConfig) string {
	if cfg.block != nil && cfg.block.text != "" {
		return cfg.block.text
	}
	f := hclwrite.NewEmptyFile()
	if !cfg.Value.IsNull() {
		for _, name := range ctyAttrNames(cfg.Value.Type()) {
			v := cfg.Value.GetAttr(name)
			if v.IsNull() || !v.IsKnown() || naming.IsCoreKey(name) {
				continue
			}
			f.Body().SetAttributeValue(name, v)
		}
	}
	return string(f.Bytes())
}

// blockText is the text of a block's attributes and nested blocks but the
// conformance meta block, for repro templates.
func blockText(src []byte, body hcl.Body) string {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return ""
	}
	type piece struct {
		start, end int
	}
	var ps []piece
	for _, a := range sb.Attributes {
		ps = append(ps, piece{a.SrcRange.Start.Byte, a.SrcRange.End.Byte})
	}
	for _, b := range sb.Blocks {
		if b.Type == metaBlock {
			continue
		}
		ps = append(ps, piece{b.TypeRange.Start.Byte, b.Body.SrcRange.End.Byte})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].start < ps[j].start })
	var out strings.Builder
	for _, p := range ps {
		out.Write(src[p.start:p.end])
		out.WriteByte('\n')
	}
	return out.String()
}

// recipeOf is the recipe of check id's verdict s: its FAIL's, or its WARN's
// when core shows that too.
func recipeOf(id string, s Status) reproRecipe {
	c := lookup(id)
	switch {
	case c == nil:
		return nil
	case s == StatusFail:
		return c.repro
	case s == StatusWarn:
		return c.warnRepro
	}
	return nil
}

// crashInOwnScenario are the checks whose repro feeds the component what
// the check fed it (a wrong or unknown key, a datasource's output), so it
// shows a crash that input provokes too.
var crashInOwnScenario = map[string]bool{"config.wrong-type": true, "config.unknown-key": true, "datasource.output": true}

// recipeFor is the recipe of a result: a crash's own, else the check's.
func recipeFor(res *CheckResult) reproRecipe {
	if res.crash != (crashID{}) && !crashInOwnScenario[res.ID] {
		return reproCrash(res.crash.call)
	}
	return recipeOf(res.ID, res.Status)
}

// reproRecipe builds the repro of a finding: the files besides repro.sh's
// common part, the command, and the check that tells whether real Packer
// misbehaved.
type reproRecipe func(rc *reproCase, e *reproEnv) (*reproPlan, error)

// reproEnv is what every recipe knows about the plugin.
type reproEnv struct {
	plugin string // the plugin's name, as installed
	source string // github.com/<ns>/<plugin>
	// cancelTimeout is how long a cancelled build may take, in seconds.
	cancelTimeout int
	// tool is this program, whose hidden world command the cancel repros
	// run ("" when it cannot be found).
	tool string
}

// templateName is how the repro's templates call the component.
func (e *reproEnv) templateName(c harness.Component) string { return templateName(e.plugin, c) }

// reproPlan is one repro: its files, what repro.sh runs, and the README's
// words.
type reproPlan struct {
	files map[string]string
	// run is the bash that runs Packer in "$work/build" and sets shown=1
	// when the misbehaviour shows (shown=2 when it cannot tell).
	run string
	// command is the Packer command, for the README and the report.
	command string
	// expect says what real Packer does wrong.
	expect string
}

// WriteRepros writes a repro folder under dir for every FAIL of r that has
// one, copies the plugin binary bin into dir/plugin, and records each
// folder in the report. cancelTimeout is the deadline of the cancel checks;
// tool is a packer-plugin-dev binary, whose hidden world command the cancel
// repros run ("" writes none).
func WriteRepros(r *Report, dir, bin, tool string, cancelTimeout int) error {
	env := &reproEnv{plugin: r.Plugin.Name, cancelTimeout: cancelTimeout, tool: tool}
	if env.plugin == "" {
		env.plugin = "repro"
	}
	env.source = "github.com/packer-plugin-dev/" + env.plugin
	var todo []*CheckResult
	for _, res := range r.AllResults() {
		if recipeFor(res) != nil && (res.repro != nil || res.ID == checkDescribe.ID && res.Status == StatusFail) {
			todo = append(todo, res)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	pluginDir := filepath.Join(dir, "plugin")
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return err
	}
	installed := filepath.Join(pluginDir, naming.BinaryPrefix+env.plugin)
	if err := copyFile(bin, installed, 0o755); err != nil {
		return fmt.Errorf("copying the plugin into the repro folder: %w", err)
	}
	for _, res := range todo {
		rc := res.repro
		if rc == nil {
			rc = &reproCase{}
		}
		plan, err := recipeFor(res)(rc, env)
		if err != nil {
			return err
		}
		if plan == nil {
			continue
		}
		name := res.ID
		if c := rc.comp; c.Kind != "" {
			name = fmt.Sprintf("%s-%s-%s", c.Kind, displayName(r.Plugin.Name, c), res.ID)
		}
		folder := filepath.Join(dir, name)
		if err := writeRepro(folder, res, rc, plan, env); err != nil {
			return err
		}
		res.Repro = &Repro{Dir: folder, Command: plan.command}
	}
	return nil
}

func writeRepro(folder string, res *CheckResult, rc *reproCase, plan *reproPlan, env *reproEnv) error {
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return err
	}
	for name, content := range plan.files {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	var script bytes.Buffer
	if err := reproScript.Execute(&script, map[string]string{
		"Check": res.ID, "Plugin": env.plugin, "Source": env.source, "Run": plan.run, "Command": plan.command,
		"Env": exports(rc.env),
	}); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(folder, "repro.sh"), script.Bytes(), 0o755); err != nil {
		return err
	}
	verdict := "failed this check"
	if res.Status == StatusWarn {
		verdict = "warned on this check (a risk real Packer shows with some templates, such as this one)"
	}
	readme := fmt.Sprintf("# %s: %s\n\n`packer-plugin-dev test` %s:\n\n```\n%s\n```\n\n"+
		"## What real Packer does\n\n%s\n\n## Run it\n\n```sh\nPACKER=/path/to/packer bash repro.sh   # or packer on PATH\n```\n\n"+
		"repro.sh installs the plugin (`../plugin`) into a throw-away plugin folder and HOME, runs\n\n```sh\n%s\n```\n\n"+
		"in a throw-away folder, and exits 1 when real Packer shows the misbehaviour, 0 when it does not,\n2 when it could not tell. Nothing outside the throw-away folder is touched.\n",
		res.ID, subject(rc.comp, env.plugin), verdict, res.Message, plan.expect, plan.command)
	return os.WriteFile(filepath.Join(folder, "README.md"), []byte(readme), 0o644)
}

// exports is the bash that exports env ("NAME=value" each) to Packer,
// which passes its whole environment to the plugins it starts. A name
// bash cannot export is said so in a comment.
func exports(env []string) string {
	var b strings.Builder
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if !shellName.MatchString(k) {
			fmt.Fprintf(&b, "# not exported, bash cannot name it: %s\n", strings.ReplaceAll(k, "\n", " "))
			continue
		}
		fmt.Fprintf(&b, "export %s=%s\n", k, shellQuote(v))
	}
	return b.String()
}

var shellName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// subject names what a repro is about.
func subject(c harness.Component, plugin string) string {
	if c.Kind == "" {
		return naming.BinaryPrefix + plugin
	}
	return fmt.Sprintf("%s %q of %s%s", c.Kind, displayName(plugin, c), naming.BinaryPrefix, plugin)
}

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// jsonTemplate is a legacy JSON template using the component with raw as
// its configuration, on the null builder for the other kinds.
func jsonTemplate(e *reproEnv, c harness.Component, raw map[string]any) string {
	conf := map[string]any{"type": e.templateName(c)}
	for k, v := range raw {
		conf[k] = v
	}
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

// hclTemplate is an HCL2 template using the component configured with
// body, fed by Packer's built-ins: a null builder, for a post-processor a
// shell-local provisioner writing its input and artifice turning it into an
// artifact. extra follows the component: in the post-processor chain for a
// post-processor, in the build block otherwise.
func hclTemplate(e *reproEnv, c harness.Component, body, extra string) string {
	name := e.templateName(c)
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

// ctyAttrNames lists an object type's attribute names, sorted.
func ctyAttrNames(t cty.Type) []string {
	var out []string
	if t.IsObjectType() {
		for n := range t.AttributeTypes() {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
