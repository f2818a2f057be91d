package conformance

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Checks about the plugin as a whole: its description, and that every
// component starts (which is also each component's setup).

// idDescribe is plugin.describe's id, which its result also carries.
const idDescribe = "plugin.describe"

var checkDescribe = &Check{
	ID:      idDescribe,
	plugin:  func(s *suite) CheckResult { return describeResult(s, s.describeErr) },
	Summary: "describe prints valid JSON: semver version, api_version x5.0, protocol v2, at least one component; warns on names that collide with Packer built-ins and on side effects",
	repro:   reproDescribe,
}

var checkHandshake = &Check{
	ID:      "plugin.handshake",
	Kinds:   allKinds,
	Summary: "the component starts as core starts it, prints a valid handshake line first, and answers ConfigSpec",
	run:     runSetup,
	repro:   reproValidateFails("packer validate fails: Packer cannot start or talk to the component"),
}

// displayName is how reports, --component and the sample file name c: its
// registered name, or the plugin's name for the component registered
// under the SDK's default name ("default" when the binary is not named
// packer-plugin-<name>).
func displayName(plugin string, c harness.Component) string {
	if c.Name != harness.DefaultName {
		return c.Name
	}
	if plugin == "" {
		return "default"
	}
	return plugin
}

// templateName is how a template refers to component c of plugin name.
func templateName(plugin string, c harness.Component) string {
	return naming.ComponentAddress(plugin, c.Name)
}

func describeResult(s *suite, err error) CheckResult {
	res := CheckResult{ID: idDescribe, Log: []string{}}
	if err != nil {
		res.Status, res.Message = StatusFail, err.Error()
		return res
	}
	d := s.desc
	var fails, warns []string
	if _, err := naming.ParseVersion(d.Version); err != nil {
		fails = append(fails, fmt.Sprintf("version %q is not a semantic version (1.2.3): set it with plugin.Set.SetVersion(version.NewPluginVersion(...)); Packer refuses to install the plugin otherwise", d.Version))
	}
	if d.APIVersion != harness.APIVersion {
		fails = append(fails, fmt.Sprintf("api_version is %q, Packer 1.16 speaks %s: build with packer-plugin-sdk v0.5 or later (v0.6.10 recommended)", d.APIVersion, harness.APIVersion))
	}
	if !d.SpeaksProtobuf() {
		warns = append(warns, fmt.Sprintf("protocol_version is %q, not \"v2\": Packer talks gob to this plugin, and to every other plugin of a build that uses it; build with packer-plugin-sdk v0.6.0 or later, the first to describe protocol_version (plugin/set.go; v0.6.10 recommended)", d.ProtocolVersion))
	}
	comps := d.Components()
	if len(comps) == 0 {
		fails = append(fails, "describe lists no component: register at least one with plugin.NewSet().Register*")
	}
	name := naming.FromBinary(s.bin)
	for _, c := range comps {
		full := templateName(name, c)
		if naming.IsBuiltin(string(c.Kind), full) {
			warns = append(warns, fmt.Sprintf("%s %q is also the name of a %s built into Packer: templates using %q get Packer's own", c.Kind, full, c.Kind, full))
		}
	}
	if effects := sideEffects(d.Events); len(effects) > 0 {
		lines := make([]string, len(effects))
		for i, e := range effects {
			lines[i] = "  " + e.String()
		}
		warns = append(warns, "describe has side effects; core runs describe on every installed plugin each time it loads plugins (packer build, validate, inspect, ...), so they happen on every Packer command (the harness killed what describe left running):\n"+strings.Join(lines, "\n"))
	}
	warns = append(warns, s.sample.unused(d)...)
	res.Status, res.Message = verdict(fails, warns, fmt.Sprintf("version %s, %s", d.Version, plural(len(comps), "component")))
	return res
}

// componentSetup is what setup learnt about a component, shared by its
// checks.
type componentSetup struct {
	startErr error
	spec     hcldec.ObjectSpec
	specErr  error
	// config is the configuration the checks use; noConfig says why there
	// is none. attempt is the last configuration tried when none was
	// accepted, so config.side-effects still sees what configuring does.
	config   *validConfig
	attempt  *validConfig
	noConfig string
	// jsonErr is why the configuration's legacy JSON form was rejected
	// (nil when accepted, or for datasources, which have none); found on
	// first use by a check of the JSON path.
	jsonOnce sync.Once
	jsonErr  error
	// warnings are what the accepted configuration's Prepare warned of.
	warnings []string
	// generated are the variables a builder's Prepare declared.
	generated []string
	// incomplete is set when the checks that need a configuration cannot
	// run for want of one the author can give.
	incomplete bool
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

// runSetup starts the component, reads its ConfigSpec and finds the
// configuration the checks use: the component's block in the sample file,
// else a block of the project's example templates, else the empty one.
// Only the start is judged here; what ConfigSpec and Prepare do is judged
// by the config.* checks, but a call that hangs here fails it: every other
// check is skipped for it, so nothing else would.
func runSetup(t *checkEnv) (err error) {
	defer func() {
		if err == nil && t.setup.hung != "" {
			err = failf("%s", t.setup.hung)
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

	spec, err := p.ConfigSpec()
	if err != nil {
		t.setup.noteHang("ConfigSpec", err)
		t.setup.specErr = err
		t.setup.noConfig = "ConfigSpec failed (see config.spec)"
		return nil
	}
	t.setup.spec = spec

	// try configures a fresh process (the last one may have crashed) with
	// cfg; done reports whether setup has its answer.
	try := func(cfg *validConfig) (done bool, err error) {
		if p.Exited() {
			if p, err = t.Start(); err != nil {
				t.setup.noConfig = "the component crashed while configured and did not start again"
				return true, err
			}
		}
		t.setup.attempt = cfg
		var prep prepared
		prep, err = configure(p, hcl2Args(t.Component.Kind, cfg.Value))
		t.setup.generated, t.setup.warnings = prep.GeneratedVars, prep.Warnings
		t.setup.noteHang(configureName(t.Component.Kind), err)
		switch {
		case t.setup.hung != "":
			return true, err
		case err == nil || errors.Is(err, harness.ErrPluginCrashed):
			// A crash is not a rejection: the checks run with this
			// configuration and the first one reports the crash.
			t.setup.config = cfg
			return true, nil
		}
		return false, err
	}

	var rejected []string
	sample := t.suite.sample.block(t.Component)
	candidates := examplesFor(t.suite.examples, t.suite.sample.plugin, t.Component)
	if sample != nil {
		candidates = []*sampleBlock{sample}
	}
	for _, b := range candidates {
		cfg, err := decodeBlock(spec, b)
		if err == nil {
			var done bool
			if done, err = try(cfg); done {
				return nil
			}
			err = fmt.Errorf("%s is rejected: %s", b.where, errorText(err))
		}
		if b == sample {
			t.setup.noConfig = err.Error() + "\nFix the block, or pass --config with another file"
			t.setup.incomplete = true
			return nil
		}
		rejected = append(rejected, err.Error())
	}

	empty, diags := hcldec.Decode(hcl.EmptyBody(), spec, nil)
	if diags.HasErrors() {
		t.setup.noConfig = fmt.Sprintf("the ConfigSpec cannot decode an empty block: %s", diags.Error())
		return nil
	}
	emptyCfg := &validConfig{Source: "the empty configuration", Value: empty, JSON: map[string]any{}}
	done, emptyErr := try(emptyCfg)
	if done {
		return nil
	}
	where := SampleConfigName + " in the plugin's project"
	if t.suite.sample.path != "" {
		where = t.suite.sample.path
	}
	t.setup.noConfig = fmt.Sprintf("the empty configuration is rejected:\n  %s\nand no sample configuration is given: add a block `%s %q { ... }` with a valid configuration to %s (or pass --config)",
		indentRest(errorText(emptyErr), 2), t.Component.Kind, displayName(t.suite.sample.plugin, t.Component), where)
	if len(rejected) > 0 {
		t.setup.noConfig += "\nThe example templates' blocks did not do:\n  " + strings.Join(rejected, "\n  ")
	}
	t.setup.incomplete = true
	return nil
}

// jsonFormErr is why a fresh process rejects the valid configuration in
// its legacy JSON form, nil when it accepts it (and for datasources). The
// first check of the JSON path that asks finds out, once per component.
func (t *checkEnv) jsonFormErr() error {
	t.setup.jsonOnce.Do(func() {
		cfg := t.setup.config
		if cfg == nil || !supportsJSON(t.Component.Kind) {
			return
		}
		p, err := t.Start()
		if err == nil {
			_, err = configure(p, jsonArgs(t.Component.Kind, maps.Clone(cfg.JSON)))
		}
		t.setup.jsonErr = err
	})
	return t.setup.jsonErr
}

// jsonConfig is the valid configuration for a check of the legacy JSON
// path, or a skip when its JSON form is rejected altogether.
func (t *checkEnv) jsonConfig() (*validConfig, error) {
	cfg, err := t.Config()
	if err != nil {
		return nil, err
	}
	// A crash is no rejection: the check runs, crashes the same way, and
	// reports it (or says it was not judged because of it).
	if err := t.jsonFormErr(); err != nil && !errors.Is(err, harness.ErrPluginCrashed) {
		return nil, skipf("the JSON form of %s is rejected altogether, so the JSON path was not checked (builders: see builder.prepare):\n%s", cfg.Source, errorText(err))
	}
	return cfg, nil
}

// decodeBlock decodes a sample or example block against spec.
func decodeBlock(spec hcldec.ObjectSpec, b *sampleBlock) (*validConfig, error) {
	val, diags := hcldec.Decode(b.body, spec, b.ctx)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s does not match the ConfigSpec: %s", b.where, diags.Error())
	}
	js, err := jsonFromCty(val)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be written as JSON: %v", b.where, err)
	}
	return &validConfig{Source: b.where, Value: val, JSON: js, block: b}, nil
}
