package conformance

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hcldec"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Setup, the plugin.handshake scenario: each component is started, its
// spec read and the configuration its checks use found, once, for them
// all.

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
	// kept are setup's configured processes, left running through the
	// component's other checks: config.side-effects judges their whole
	// life (a Configure that acts later, or only the first time, is seen
	// there), and the runner closes them at the end.
	keptMu sync.Mutex
	kept   []*harness.Plugin
}

// keep takes over the processes t started, from its teardown.
func (s *componentSetup) keep(t *checkEnv) {
	t.mu.Lock()
	ps := t.plugins
	t.plugins = nil
	t.mu.Unlock()
	s.keptMu.Lock()
	s.kept = append(s.kept, ps...)
	s.keptMu.Unlock()
}

// closeKept ends setup's processes and returns them, once.
func (s *componentSetup) closeKept() []*harness.Plugin {
	s.keptMu.Lock()
	ps := s.kept
	s.kept = nil
	s.keptMu.Unlock()
	for _, p := range ps {
		p.Close()
	}
	return ps
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
	defer t.setup.keep(t)
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
	own := t.suite.sample.Block(t.Component)
	candidates := sample.ExamplesFor(t.suite.examples, t.suite.sample.Plugin(), t.Component)
	if own != nil {
		candidates = []*sample.Block{own}
	}
	for _, b := range candidates {
		cfg, err := decodeBlock(spec, b)
		if err == nil {
			var done bool
			if done, err = try(cfg); done {
				return nil
			}
			err = fmt.Errorf("%s is rejected: %s", b.Where, errorText(err))
		}
		if b == own {
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
	where := sample.FileName + " in the plugin's project"
	if t.suite.sample.Path() != "" {
		where = t.suite.sample.Path()
	}
	t.setup.noConfig = fmt.Sprintf("the empty configuration is rejected:\n  %s\nand no sample configuration is given: add a block `%s %q { ... }` with a valid configuration to %s (or pass --config)",
		indentRest(errorText(emptyErr), 2), t.Component.Kind, sample.DisplayName(t.suite.sample.Plugin(), t.Component), where)
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
func decodeBlock(spec hcldec.ObjectSpec, b *sample.Block) (*validConfig, error) {
	val, js, err := b.Decode(spec)
	if err != nil {
		return nil, err
	}
	return &validConfig{Source: b.Where, Value: val, JSON: js, block: b}, nil
}
