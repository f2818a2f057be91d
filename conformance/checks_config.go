package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Checks of the configuration phase, which `packer validate` and the start
// of `packer build` run for every component: ConfigSpec, then
// Prepare/Configure, HCL2 or legacy JSON.

var checkConfigSpec = &Check{
	ID: "config.spec", Kinds: onAll,
	Summary: "ConfigSpec (and a datasource's OutputSpec) answers and encodes over the plugin RPC under protobuf and under gob, the two codecs core uses",
	run:     runConfigSpec,
	repro:   reproValidateFails("packer validate fails (or crashes) reading the component's ConfigSpec"),
}

var checkConfigSideEffects = &Check{
	// Not NeedsConfig: without an accepted configuration it still
	// configures with the last one tried.
	ID: "config.side-effects", Kinds: onAll,
	Summary: "no file, network or process side effect while starting, during ConfigSpec, Prepare/Configure (HCL2 and JSON) and OutputSpec",
	run:     runConfigSideEffects,
	repro:   reproSideEffects,
}

var checkConfigUnknownKey = &Check{
	ID: "config.unknown-key", Kinds: onLegacy, NeedsConfig: true,
	Summary: "an unknown key in a JSON template is rejected with an error naming it",
	run:     runUnknownKey,
	repro:   reproUnknownKey,
}

var checkConfigWrongType = &Check{
	ID: "config.wrong-type", Kinds: onLegacy, NeedsConfig: true,
	Summary: "a wrong-typed value in a JSON template is rejected with an error naming the key, not a panic",
	run:     runWrongType,
	repro:   reproWrongType,
}

var checkConfigCoreKeys = &Check{
	ID: "config.core-keys", Kinds: onAll, NeedsConfig: true,
	Summary:   `the injected packer_* keys (HCL2 string bools, JSON real bools) and "<unknown>" placeholders, as packer validate sends them, are accepted`,
	run:       runCoreKeys,
	repro:     reproValidateFails("packer validate fails: the component rejects the keys Packer injects into every configuration"),
	warnRepro: reproPlaceholder,
}

var checkConfigRepeatable = &Check{
	ID: "config.repeatable", Kinds: onAll, NeedsConfig: true,
	Summary: "Prepare/Configure called again with the same configuration (as core does before each run) behaves the same",
	run:     runRepeatable,
	repro:   reproRepeatable,
}

// specCodecs are the two ways core receives a spec: protobuf when every
// installed plugin describes protocol v2, gob otherwise or with
// PACKER_FORCE_GOB. The spec must travel both ways.
var specCodecs = []struct {
	name, when, hint string
	gob              bool
}{
	{
		name: "protobuf", when: "core's codec when every installed plugin describes protocol v2",
		hint: "Under protobuf only AttrSpec, BlockSpec, BlockListSpec and ObjectSpec with Bool, String, Number, List and Map types encode; generate the spec with `packer-sdc mapstructure-to-hcl2`",
	},
	{
		name: "gob", when: "core's codec when a plugin without protocol v2 is installed, or with PACKER_FORCE_GOB", gob: true,
		hint: "Under gob every spec and cty type in it must be registered with encoding/gob (hcldec's specs and cty's primitive and collection types are; dynamic and capsule types are not)",
	},
}

func runConfigSpec(t *checkEnv) error {
	var failed, passed []string
	for _, codec := range specCodecs {
		if !codec.gob && !t.suite.desc.SpeaksProtobuf() {
			t.Notef("protobuf not tried: core uses gob with a plugin that does not describe protocol v2")
			continue
		}
		opts := t.options()
		opts.Gob = codec.gob
		p, err := t.startWith(opts)
		if err != nil {
			return err
		}
		n, err := specUnder(t, p, codec.name)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s\n(%s) %s", err, codec.when, codec.hint))
			continue
		}
		passed = append(passed, fmt.Sprintf("%s (%s)", codec.name, plural(n, "attribute")))
	}
	if len(failed) > 0 {
		msg := strings.Join(failed, "\n")
		if len(passed) > 0 {
			msg += "\nencodes under " + strings.Join(passed, ", ")
		}
		return failf("%s", msg)
	}
	t.Notef("encodes under %s", strings.Join(passed, " and "))
	return nil
}

// specUnder asks p, started with one codec, for its ConfigSpec (and a
// datasource's OutputSpec) and returns the number of attributes.
func specUnder(t *checkEnv, p *harness.Plugin, codec string) (int, error) {
	spec, err := p.ConfigSpec()
	if err != nil {
		return 0, fmt.Errorf("ConfigSpec failed under %s: %v", codec, err)
	}
	if t.setup.specErr == nil && len(spec) != len(t.setup.spec) {
		return 0, fmt.Errorf("ConfigSpec answered %d attributes, then %d in a fresh process under %s: the spec must not depend on state", len(t.setup.spec), len(spec), codec)
	}
	if t.Component.Kind == harness.KindDatasource {
		if _, err := p.OutputSpec(); err != nil {
			return 0, fmt.Errorf("OutputSpec failed under %s: %v", codec, err)
		}
	}
	return len(spec), nil
}

func runConfigSideEffects(t *checkEnv) error {
	// Without an accepted configuration, configuring with the last one
	// tried still shows what configuring does: a side effect that made
	// Configure fail (a request with no network) happened all the same.
	cfg, cfgErr := t.Config()
	if cfgErr != nil {
		if t.setup.attempt == nil {
			return cfgErr
		}
		cfg = t.setup.attempt
	}
	kind := t.Component.Kind
	var findings, rejected []string
	kinds := map[string]bool{}
	// A process is judged over its whole life: closed first, so that
	// what it did after the call returned, up to its kill, counts too.
	collect := func(p *harness.Plugin, path string) {
		p.Close()
		for _, e := range sideEffects(p.Events()) {
			findings = append(findings, fmt.Sprintf("%s: %s", path, e))
			kinds[string(e.Kind)] = true
		}
	}

	// HCL2: what `packer validate` and `packer build` do.
	p, err := t.Start()
	if err != nil {
		return err
	}
	if _, err := p.ConfigSpec(); err != nil {
		return failf("ConfigSpec failed: %v", errorText(err))
	}
	if _, err := configure(p, hcl2Args(kind, cfg.Value)); err != nil {
		rejected = append(rejected, fmt.Sprintf("%s (HCL2) rejected %s: %s", configureName(kind), cfg.Source, errorText(err)))
	} else if kind == harness.KindDatasource {
		if _, err := p.OutputSpec(); err != nil {
			return failf("OutputSpec failed: %v", errorText(err))
		}
	}
	collect(p, "HCL2")

	// Legacy JSON: ConfigSpec is never called. Whether the JSON form is
	// accepted is for builder.prepare; what configuring does is seen
	// either way.
	if supportsJSON(kind) {
		pj, err := t.Start()
		if err != nil {
			return err
		}
		if _, err := configure(pj, jsonArgs(kind, maps.Clone(cfg.JSON))); err != nil {
			t.Notef("the JSON form was rejected: %s", errorText(err))
		}
		collect(pj, "JSON")
	}
	// Setup's processes ran through every other check of the component
	// (this one runs last): what their Configure did at any time counts.
	for _, sp := range t.setup.closeKept() {
		collect(sp, "setup")
	}
	if len(findings) > 0 {
		t.reproNote("kinds", strings.Join(slices.Sorted(maps.Keys(kinds)), ", "))
		return failFindings("side effects during configuration (packer validate runs this code; do the work in Run/Provision/PostProcess/Execute instead):", findings, "")
	}
	if cfgErr != nil {
		return cfgErr
	}
	if len(rejected) > 0 {
		t.Notef("%s", strings.Join(rejected, "; "))
	}
	t.Notef("observed with %s%s", p.TraceMode(), containmentNote(p.Protections()))
	return nil
}

// containmentNote says what held a contained process, for a PASS's
// evidence: ", contained (namespaces, landlock, seccomp, descriptors)",
// or which protection was off.
func containmentNote(ps []harness.Protection) string {
	var on, off []string
	for _, p := range ps {
		if p.On {
			on = append(on, p.Name)
		} else {
			off = append(off, p.Name)
		}
	}
	switch {
	case len(ps) == 0:
		return ", not contained"
	case len(off) > 0:
		return fmt.Sprintf(", contained by %s; off: %s (see the report's header)", orNone(on), strings.Join(off, ", "))
	}
	return ", contained by " + strings.Join(on, ", ")
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "nothing"
	}
	return strings.Join(s, ", ")
}

// unknownKey is the key the suite adds; it names itself so an author
// seeing it in an error knows where it came from.
const unknownKey = "conformance_unknown_key"

func runUnknownKey(t *checkEnv) error {
	cfg, err := t.jsonConfig()
	if err != nil {
		return err
	}
	p, err := t.Start()
	if err != nil {
		return err
	}
	raw := maps.Clone(cfg.JSON)
	raw[unknownKey] = "x"
	_, err = configure(p, jsonArgs(t.Component.Kind, raw))
	if err == nil {
		return failf("%s accepted the unknown key %q: a misspelt option is silently ignored; decode with the SDK's config.Decode, which rejects unknown keys", configureName(t.Component.Kind), unknownKey)
	}
	if !strings.Contains(errorText(err), unknownKey) {
		t.Warnf("the error for the unknown key %q does not name it, so the user cannot tell which key is wrong: %s", unknownKey, errorText(err))
	}
	return nil
}

// wrongValue returns a JSON value the attribute's type cannot take.
func wrongValue(ty cty.Type) any {
	if ty.IsMapType() || ty.IsObjectType() {
		return "not-a-map"
	}
	return map[string]any{"conformance": "wrong type"}
}

// maxWrongTypeKeys bounds how many attributes get a wrong value.
const maxWrongTypeKeys = 8

func runWrongType(t *checkEnv) error {
	cfg, err := t.jsonConfig()
	if err != nil {
		return err
	}
	attrs := userAttrs(t.setup.spec)
	if len(attrs) == 0 {
		return skipf("the ConfigSpec has no attributes")
	}
	if len(attrs) > maxWrongTypeKeys {
		attrs = attrs[:maxWrongTypeKeys]
	}
	p, err := t.Start()
	if err != nil {
		return err
	}
	var problems, unnamed, tried []string
	for _, a := range attrs {
		raw := maps.Clone(cfg.JSON)
		v := wrongValue(a.Type)
		raw[a.Name] = v
		_, err := configure(p, jsonArgs(t.Component.Kind, raw))
		if p.Exited() {
			t.reproNote("key", a.Name)
			t.reproNote("value", jsonText(v))
			// The crash itself fails the check with the panic text.
			return failf("%s panicked on %s = %#v (a %s attribute): report a configuration error instead", configureName(t.Component.Kind), a.Name, v, a.Type.FriendlyName())
		}
		tried = append(tried, a.Name)
		switch {
		case err == nil:
			if len(problems) == 0 {
				t.reproNote("key", a.Name)
				t.reproNote("value", jsonText(v))
			}
			problems = append(problems, fmt.Sprintf("%s = %#v was accepted for a %s attribute", a.Name, v, a.Type.FriendlyName()))
		case !namesKey(errorText(err), a.Name):
			unnamed = append(unnamed, fmt.Sprintf("the error for %s = %#v does not name %q: %s", a.Name, v, a.Name, errorText(err)))
		}
	}
	if len(unnamed) > 0 {
		t.Warnf("%s\nThe user cannot tell which setting is wrong; the SDK's config.Decode names it", strings.Join(unnamed, "\n"))
	}
	if len(problems) > 0 {
		return failFindings("a JSON template with a wrong-typed value passes, and the value is silently dropped or misread; decode with the SDK's config.Decode:", problems, "")
	}
	t.Notef("tried %s", strings.Join(tried, ", "))
	return nil
}

// namesKey reports whether an error message names the attribute key. The
// SDK's mapstructure names a field by its tag, or an untagged field by its
// Go name ('Force' for force, 'BootWait' for boot_wait), so case and
// underscores do not count.
func namesKey(msg, key string) bool {
	fold := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }
	return strings.Contains(fold(msg), fold(key))
}

// jsonText is v as JSON, for repro notes.
func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// unknownPlaceholder is what `packer validate` sends for a string whose
// value is not known yet (a variable, a datasource output).
const unknownPlaceholder = "<unknown>"

func runCoreKeys(t *checkEnv) error {
	cfg, err := t.Config()
	if err != nil {
		return err
	}
	kind := t.Component.Kind
	// Each attempt runs in a fresh process, so a component that is not
	// repeatable (config.repeatable) is judged here on this rule alone.
	try := func(args []any) error {
		p, err := t.Start()
		if err != nil {
			return err
		}
		if args[0] != nil || kind == harness.KindDatasource {
			if _, err := p.ConfigSpec(); err != nil {
				return err
			}
		}
		_, err = configure(p, args)
		return err
	}
	// Every injected key with non-default values, in both forms: core
	// sends them to every component in every build.
	v := coreVars()
	v.Debug, v.Force, v.OnError = true, true, "abort"
	v.UserVariables = map[string]string{"region": "eu-west-1"}
	v.SensitiveVariables = []string{"password"}
	v.TemplatePath = "/templates/conformance.pkr.hcl"
	var problems []string
	if err := try(harness.HCL2Args(kind, v, cfg.Value)); err != nil {
		problems = append(problems, fmt.Sprintf("HCL2 with packer_debug/packer_force as the strings \"true\" (as core sends them): %s", errorText(err)))
	}
	if err := t.jsonFormErr(); supportsJSON(kind) && err != nil && !errors.Is(err, harness.ErrPluginCrashed) {
		t.Notef("JSON form not tried: the configuration's JSON form is rejected altogether")
	} else if supportsJSON(kind) {
		if err := try(harness.JSONArgs(kind, v, maps.Clone(cfg.JSON))); err != nil {
			problems = append(problems, fmt.Sprintf("JSON with every packer_* key and the placeholder map (as core sends them): %s", errorText(err)))
		}
	}
	if len(problems) > 0 {
		return failFindings("the keys Packer core injects into every configuration were rejected:", problems, "Embed common.PackerConfig with `mapstructure:\",squash\"` and decode with config.Decode")
	}

	// Placeholders: every string attribute the configuration sets becomes
	// "<unknown>"; on failure, one at a time to name the culprits. Only a
	// template that sets the attribute from an unevaluated value (a
	// datasource output in `packer validate`) sends it: a warning.
	var keys []string
	if cfg.Value.Type().IsObjectType() && !cfg.Value.IsNull() {
		for name, at := range cfg.Value.Type().AttributeTypes() {
			if at == cty.String && !naming.IsCoreKey(name) && !cfg.Value.GetAttr(name).IsNull() {
				keys = append(keys, name)
			}
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		t.Notef("no string attribute set in %s, so no placeholder tried", cfg.Source)
		return nil
	}
	withUnknown := func(names ...string) cty.Value {
		attrs := cfg.Value.AsValueMap()
		for _, n := range names {
			attrs[n] = cty.StringVal(unknownPlaceholder)
		}
		return cty.ObjectVal(attrs)
	}
	err = try(hcl2Args(kind, withUnknown(keys...)))
	if err == nil {
		t.Notef("placeholders in %s", strings.Join(keys, ", "))
		return nil
	}
	var culprits []string
	if len(keys) > 1 {
		for _, k := range keys {
			if err := try(hcl2Args(kind, withUnknown(k))); err != nil {
				if len(culprits) == 0 {
					t.reproNote("placeholder", k)
				}
				culprits = append(culprits, fmt.Sprintf("%s: %s", k, errorText(err)))
			}
		}
	}
	if len(culprits) == 0 {
		t.reproNote("placeholder", keys[0])
		culprits = append(culprits, fmt.Sprintf("%s: %s", strings.Join(keys, ", "), errorText(err)))
	}
	t.Warnf("%q placeholders were rejected. `packer validate` sends them for values not known yet, such as a datasource's output (it runs no datasource unless -evaluate-datasources), so a template that sets these attributes from one fails validate; validate such values only when they are known:\n  %s",
		unknownPlaceholder, indentRest(strings.Join(culprits, "\n"), 2))
	return nil
}

func runRepeatable(t *checkEnv) error {
	cfg, err := t.Config()
	if err != nil {
		return err
	}
	kind := t.Component.Kind
	p, err := t.Start()
	if err != nil {
		return err
	}
	if _, err := p.ConfigSpec(); err != nil {
		return failf("ConfigSpec failed: %v", errorText(err))
	}
	first, err := configure(p, hcl2Args(kind, cfg.Value))
	if err != nil {
		return failf("%s rejected %s, which it accepted during setup: %s", configureName(kind), cfg.Source, errorText(err))
	}
	second, err := configure(p, hcl2Args(kind, cfg.Value))
	if err != nil {
		// Core prepares provisioners again before each Provision and
		// configures post-processors again with the builder's generated
		// data; a builder or datasource is configured once per process.
		if kind == harness.KindProvisioner || kind == harness.KindPostProcessor {
			t.reproNote("error", errorText(err))
			return failf("the second %s with the same configuration failed: %s\nPacker calls it again at build time, with the builder's generated data, so the build fails; reset the config before decoding (packer#9596)", configureName(kind), errorText(err))
		}
		t.Warnf("the second %s with the same configuration failed (Packer calls it once per process for a %s, so nothing breaks today): %s", configureName(kind), kind, errorText(err))
		return nil
	}
	// Different answers are odd but break nothing core relies on.
	if strings.Join(first.GeneratedVars, ",") != strings.Join(second.GeneratedVars, ",") {
		t.Warnf("the second Prepare returned generated variables %q, the first %q", second.GeneratedVars, first.GeneratedVars)
	}
	if strings.Join(first.Warnings, "\n") != strings.Join(second.Warnings, "\n") {
		t.Warnf("the second Prepare returned warnings %q, the first %q", second.Warnings, first.Warnings)
	}
	return nil
}

// plural is "1 attribute", "2 attributes".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// sideEffects are the events worth reporting. A process started is
// reported by its exec, which says what ran; its fork, and the child Go's
// os/exec forks once to probe for pidfd support, add nothing. Forks alone
// are reported.
func sideEffects(events []harness.Event) []harness.Event {
	execed := slices.ContainsFunc(events, func(e harness.Event) bool {
		return e.Kind == harness.EventProcess && e.Op == "exec"
	})
	var out []harness.Event
	for _, e := range events {
		if !(execed && e.Kind == harness.EventProcess && e.Op == "fork") {
			out = append(out, e)
		}
	}
	return out
}
