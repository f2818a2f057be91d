package conformance

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/release"
)

// Checks about the plugin as a whole: its description, and that every
// component starts (which is also each component's setup).

var checkDescribe = &Check{
	ID:      "plugin.describe",
	Summary: "describe prints valid JSON: semver version, api_version x5.0, protocol v2, at least one component; warns on names that collide with Packer built-ins",
}

var checkHandshake = &Check{
	ID:      "plugin.handshake",
	Kinds:   allKinds,
	Summary: "the component starts as core starts it, prints a valid handshake line first, and answers ConfigSpec",
	run:     runSetup,
}

func init() {
	register(checkDescribe)
	register(checkHandshake)
}

// semver is what Packer accepts as a plugin version.
var semver = regexp.MustCompile(`^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// builtins are the component names Packer 1.16.0 ships inside its own
// binary, by kind.
var builtins = map[harness.Kind][]string{
	harness.KindBuilder:       {"file", "null"},
	harness.KindProvisioner:   {"breakpoint", "file", "powershell", "shell", "shell-local", "windows-restart", "windows-shell"},
	harness.KindPostProcessor: {"artifice", "checksum", "compress", "manifest", "shell-local"},
	harness.KindDatasource:    {"hcp-packer-artifact", "hcp-packer-image", "hcp-packer-iteration", "hcp-packer-version", "http", "null"},
}

// pluginName is the name Packer gives the plugin: the binary's name
// without "packer-plugin-" and any "_v1.2.3_x5.0_os_arch" suffix; "" when
// the binary is not named that way.
func pluginName(bin string) string {
	base := strings.TrimSuffix(filepath.Base(bin), ".exe")
	name, ok := strings.CutPrefix(base, "packer-plugin-")
	if !ok {
		return ""
	}
	if i := strings.Index(name, "_v"); i > 0 {
		name = name[:i]
	}
	return name
}

// BinaryName is the name to build a plugin project in folder dir under,
// as Packer names plugin binaries: packer-plugin-<name>. The name comes
// from the module path when it follows the packer-plugin-<name> convention
// (the same rule release uses), else from the folder's name without a
// "packer-plugin-" or "packer-<kind>-" prefix.
func BinaryName(dir string) string {
	if module, err := release.ReadModulePath(dir); err == nil {
		if name, err := release.PluginName(module, ""); err == nil {
			return "packer-plugin-" + name
		}
	}
	name := filepath.Base(filepath.Clean(dir))
	for _, prefix := range []string{"packer-plugin-", "packer-builder-", "packer-post-processor-", "packer-provisioner-", "packer-datasource-"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" {
			name = rest
			break
		}
	}
	return "packer-plugin-" + name
}

// templateName is how a template refers to component c of plugin name.
func templateName(plugin string, c harness.Component) string {
	switch {
	case c.Name == harness.DefaultName:
		return plugin
	case plugin == "":
		return c.Name
	}
	return plugin + "-" + c.Name
}

func describeResult(s *suite, err error) CheckResult {
	res := CheckResult{ID: checkDescribe.ID, Log: []string{}}
	if err != nil {
		res.Status, res.Message = StatusFail, err.Error()
		return res
	}
	d := s.desc
	var fails, warns []string
	if !semver.MatchString(d.Version) {
		fails = append(fails, fmt.Sprintf("version %q is not a semantic version (1.2.3): set it with plugin.Set.SetVersion(version.NewPluginVersion(...)); Packer refuses to install the plugin otherwise", d.Version))
	}
	if d.APIVersion != "x5.0" {
		fails = append(fails, fmt.Sprintf("api_version is %q, Packer 1.16 speaks x5.0: build with packer-plugin-sdk v0.5 or later (v0.6.10 recommended)", d.APIVersion))
	}
	if d.ProtocolVersion != "v2" {
		fails = append(fails, fmt.Sprintf("protocol_version is %q, want \"v2\": build with a current packer-plugin-sdk", d.ProtocolVersion))
	}
	comps := d.Components()
	if len(comps) == 0 {
		fails = append(fails, "describe lists no component: register at least one with plugin.NewSet().Register*")
	}
	name := pluginName(s.bin)
	for _, c := range comps {
		full := templateName(name, c)
		for _, b := range builtins[c.Kind] {
			if full == b {
				warns = append(warns, fmt.Sprintf("%s %q is also the name of a %s built into Packer: templates using %q get Packer's own", c.Kind, full, c.Kind, full))
			}
		}
	}
	warns = append(warns, s.sample.unused(d)...)
	switch {
	case len(fails) > 0:
		res.Status, res.Message = StatusFail, strings.Join(append(fails, warns...), "\n")
	case len(warns) > 0:
		res.Status, res.Message = StatusWarn, strings.Join(warns, "\n")
	default:
		res.Status = StatusPass
		res.Message = fmt.Sprintf("version %s, %s", d.Version, plural(len(comps), "component"))
	}
	return res
}

// componentSetup is what setup learnt about a component, shared by its
// checks.
type componentSetup struct {
	startErr error
	spec     hcldec.ObjectSpec
	specErr  error
	config   *validConfig
	sample   *validConfig // the accepted sample block, if any
	noConfig string       // why there is no valid configuration
	// hung says which setup call hit the call deadline: every other
	// scenario would wait as long, so they skip instead.
	hung string
}

// noteHang records a setup call that hit the call deadline.
func (s *componentSetup) noteHang(call string, err error) {
	if errors.Is(err, harness.ErrCallTimeout) {
		s.hung = fmt.Sprintf("%s did not answer within the call deadline during setup (--call-timeout); the other scenarios would hang the same way", call)
	}
}

// blocked says why no other check can run, or "".
func (s *componentSetup) blocked() string {
	if s.startErr != nil {
		return "the component did not start (see plugin.handshake)"
	}
	if s.hung != "" {
		return s.hung
	}
	return ""
}

// runSetup starts the component, reads its ConfigSpec and finds a
// configuration it accepts: the empty one, else the sample block. Only the
// start is judged here; what ConfigSpec and Prepare do is judged by the
// config.* checks, but a call that hangs here fails it: every other check
// is skipped for it, so nothing else would.
func runSetup(t *T) (err error) {
	defer func() {
		if err == nil && t.setup.hung != "" {
			err = Failf("%s", t.setup.hung)
		}
	}()
	p, err := t.Start()
	if err != nil {
		t.setup.startErr = err
		t.setup.noConfig = "the component did not start (see plugin.handshake)"
		return err
	}
	t.ignoreCrashes = true
	h := p.Handshake()
	t.Notef("handshake %s|%s|%s", h.APIMajor, h.APIMinor, h.Network)

	kind := t.Component.Kind
	spec, err := p.ConfigSpec()
	if err != nil {
		t.setup.noteHang("ConfigSpec", err)
		t.setup.specErr = err
		t.setup.noConfig = "ConfigSpec failed (see config.spec)"
		return nil
	}
	t.setup.spec = spec

	empty, diags := hcldec.Decode(hcl.EmptyBody(), spec, nil)
	if diags.HasErrors() {
		t.setup.noConfig = fmt.Sprintf("the ConfigSpec cannot decode an empty block: %s", diags.Error())
		return nil
	}
	_, emptyErr := configure(p, hcl2Args(kind, empty))
	t.setup.noteHang(configureName(kind), emptyErr)
	if t.setup.hung != "" {
		return nil
	}
	if errors.Is(emptyErr, harness.ErrPluginCrashed) {
		// A crash is not a rejection: run the checks with the empty
		// configuration so each reports the crash with its panic text.
		t.Notef("the component crashed on the empty configuration")
		t.setup.config = &validConfig{Source: "the empty configuration", Value: empty, JSON: map[string]interface{}{}}
		return nil
	}
	block := t.suite.sample.block(t.Component)
	if emptyErr == nil {
		t.setup.config = &validConfig{Source: "the empty configuration", Value: empty, JSON: map[string]interface{}{}}
		if block != nil {
			// The sample's values exercise more (placeholders replace
			// them); a rejected sample is noted, not fatal, here.
			if cfg, err := sampleConfigFor(p, spec, block); err == nil {
				t.setup.sample = cfg
			} else {
				t.Notef("%v", err)
			}
		}
		return nil
	}
	if block == nil {
		where := SampleConfigName + " in the plugin's project"
		if t.suite.sample.path != "" {
			where = t.suite.sample.path
		}
		label := t.Component.Name
		if label == harness.DefaultName {
			label = "default"
		}
		t.setup.noConfig = fmt.Sprintf("the empty configuration is rejected (%s) and no sample configuration is given: add a block `%s %q { ... }` with a valid configuration to %s (or pass --config)",
			firstLine(errorText(emptyErr)), kind, label, where)
		return nil
	}
	if p.Exited() {
		if p, err = t.Start(); err != nil {
			t.setup.noConfig = "the component crashed on the empty configuration and did not restart"
			return nil
		}
	}
	cfg, err := sampleConfigFor(p, spec, block)
	if err != nil {
		t.setup.noteHang(configureName(kind), err)
		t.setup.noConfig = err.Error()
		return nil
	}
	t.setup.config, t.setup.sample = cfg, cfg
	return nil
}

// sampleConfigFor decodes a sample block against spec and configures p
// with it.
func sampleConfigFor(p *harness.Plugin, spec hcldec.ObjectSpec, block *hcl.Block) (*validConfig, error) {
	kind := p.Component().Kind
	val, diags := hcldec.Decode(block.Body, spec, nil)
	if diags.HasErrors() {
		return nil, fmt.Errorf("the sample configuration at %s does not match the ConfigSpec: %s", block.DefRange, diags.Error())
	}
	if _, err := configure(p, hcl2Args(kind, val)); err != nil {
		return nil, fmt.Errorf("the sample configuration at %s is rejected: %w", block.DefRange, err)
	}
	js, err := jsonFromCty(val)
	if err != nil {
		return nil, fmt.Errorf("the sample configuration at %s cannot be written as JSON: %v", block.DefRange, err)
	}
	return &validConfig{Source: "the sample configuration at " + block.DefRange.String(), Value: val, JSON: js}, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}
