package conformance

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/repro"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Check is one rule of the contract. Its ID is stable: reports, --run,
// --skip and docs/checks.md use it.
type Check struct {
	ID string
	// Kinds are the component kinds the check applies to; none means the
	// check is about the plugin as a whole and runs once.
	Kinds []harness.Kind
	// Summary is the one line `test --list` prints.
	Summary string
	// NeedsConfig marks checks that need a configuration the component
	// accepts; without one they skip and say why.
	NeedsConfig bool
	// Main marks the scenario a component of its kind exists for (a build,
	// a provision, a post-process, an execute): when it does not run, the
	// run is incomplete, whatever else passed.
	Main bool
	// repro shows the check's FAIL in real Packer, and warnRepro a WARN
	// that real Packer shows with some templates; nil where core cannot
	// show it (docs/checks.md says why).
	repro, warnRepro repro.Recipe
	// run plays the check's scenario: for one component, or for the
	// plugin as a whole (a check without Kinds). Its error, warnings and
	// notes are the outcome judge turns into the verdict.
	run func(t *checkEnv) error
}

// AppliesTo reports whether the check runs for components of kind k.
func (c *Check) AppliesTo(k harness.Kind) bool {
	return slices.Contains(c.Kinds, k)
}

// Kind shorthands for check declarations.
var (
	onAll = []harness.Kind{harness.KindBuilder, harness.KindPostProcessor, harness.KindProvisioner, harness.KindDatasource}
	// onLegacy are the kinds a legacy JSON template configures, where the
	// plugin itself decodes and checks keys and types.
	onLegacy         = []harness.Kind{harness.KindBuilder, harness.KindPostProcessor, harness.KindProvisioner}
	onBuilders       = []harness.Kind{harness.KindBuilder}
	onPostProcessors = []harness.Kind{harness.KindPostProcessor}
	onProvisioners   = []harness.Kind{harness.KindProvisioner}
	onDatasources    = []harness.Kind{harness.KindDatasource}
)

// checks is every check, in the order reports list them: the plugin, its
// start, configuration, then each kind's own, then artifacts.
var checks = []*Check{
	checkDescribe,
	checkDocsMetadata,
	checkHandshake,
	checkConfigSpec,
	checkConfigSideEffects,
	checkConfigUnknownKey,
	checkConfigWrongType,
	checkConfigCoreKeys,
	checkConfigRepeatable,
	checkBuilderPrepare,
	checkBuilderRun,
	checkBuilderCancel,
	checkProvisionerProvision,
	checkProvisionerCancel,
	checkPostprocessResult,
	checkPostprocessKeep,
	checkPostprocessInput,
	checkPostprocessCancel,
	checkArtifactContract,
	checkArtifactHCPMetadata,
	checkDatasourceOutput,
	checkDocsSpec,
}

// Checks returns every check in report order.
func Checks() []*Check { return slices.Clone(checks) }

// Filter selects checks: run (a regular expression on the id, empty for
// all) and skip (exact ids). Unknown skip ids are an error so a typo does
// not silently run a check the user meant to skip.
type Filter struct {
	Run  string
	Skip []string
}

// Validate reports a --run that is not a regular expression or a --skip
// that names no check, before any slow work.
func (f Filter) Validate() error {
	_, err := f.compile()
	return err
}

func (f Filter) compile() (func(id string) (bool, string), error) {
	var re *regexp.Regexp
	if f.Run != "" {
		var err error
		if re, err = regexp.Compile(f.Run); err != nil {
			return nil, fmt.Errorf("--run %q is not a regular expression: %v", f.Run, err)
		}
	}
	skip := map[string]bool{}
	for _, id := range f.Skip {
		if lookup(id) == nil {
			return nil, fmt.Errorf("--skip %q: no such check; `packer-plugin-dev test --list` lists the ids", id)
		}
		skip[id] = true
	}
	return func(id string) (bool, string) {
		if skip[id] {
			return false, "skipped with --skip " + id
		}
		if re != nil && !re.MatchString(id) {
			return false, ""
		}
		return true, ""
	}, nil
}

func lookup(id string) *Check {
	for _, c := range checks {
		if c.ID == id {
			return c
		}
	}
	return nil
}
