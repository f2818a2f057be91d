package conformance

import (
	"fmt"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// Checks about the plugin as a whole: its description, and that every
// component starts (which is also each component's setup, setup.go).

// idDescribe is plugin.describe's id, which its result also carries.
const idDescribe = "plugin.describe"

var checkDescribe = &Check{
	ID:      idDescribe,
	run:     runDescribe,
	Summary: "describe prints valid JSON: semver version, api_version x5.0, protocol v2, at least one component; warns on names that collide with Packer built-ins and on side effects",
	repro:   reproDescribe,
}

var checkHandshake = &Check{
	ID:      "plugin.handshake",
	Kinds:   onAll,
	Summary: "the component starts as core starts it, prints a valid handshake line first, and answers ConfigSpec",
	run:     runSetup,
	repro:   reproValidateFails("packer validate fails: Packer cannot start or talk to the component"),
}

// templateName is how a template refers to component c of plugin name.
func templateName(plugin string, c harness.Component) string {
	return naming.ComponentAddress(plugin, c.Name)
}

func runDescribe(t *checkEnv) error {
	s := t.suite
	if s.describeErr != nil {
		return s.describeErr
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
	warns = append(warns, s.sample.Unused(d)...)
	return t.findings(fails, warns, fmt.Sprintf("version %s, %s", d.Version, plural(len(comps), "component")))
}
