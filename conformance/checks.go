package conformance

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Status is a check's verdict.
type Status string

// The four verdicts, in report order of severity.
const (
	StatusPass Status = "pass"
	StatusFail Status = "fail"
	StatusWarn Status = "warn"
	StatusSkip Status = "skip"
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
	repro, warnRepro reproRecipe
	// run judges one component; plugin judges the plugin as a whole (a
	// check without Kinds).
	run    func(t *checkEnv) error
	plugin func(s *suite) CheckResult
}

// AppliesTo reports whether the check runs for components of kind k.
func (c *Check) AppliesTo(k harness.Kind) bool {
	return slices.Contains(c.Kinds, k)
}

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

// verdict is the status and message of findings: any failure fails (the
// warnings said after it), else any warning warns, else pass.
func verdict(fails, warns []string, pass string) (Status, string) {
	switch {
	case len(fails) > 0:
		return StatusFail, strings.Join(append(fails, warns...), "\n")
	case len(warns) > 0:
		return StatusWarn, strings.Join(warns, "\n")
	}
	return StatusPass, pass
}

// skipError ends a check with status skip; failError and plain errors end
// it with status fail.
type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }

// skipf ends a check as skipped, saying why.
func skipf(format string, args ...any) error {
	return &skipError{reason: fmt.Sprintf(format, args...)}
}

// failf ends a check as failed with a message that names what is wrong and
// how to fix it.
func failf(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// findingsError fails a check with separate findings (one side effect, one
// attribute, ...), so that each can be acknowledged on its own and a new
// one still fails.
type findingsError struct {
	intro    string
	findings []string
	hint     string
}

// failFindings fails a check with findings, introduced by intro and
// followed by hint (either may be empty).
func failFindings(intro string, findings []string, hint string) error {
	return &findingsError{intro: intro, findings: findings, hint: hint}
}

func (e *findingsError) Error() string {
	var b strings.Builder
	b.WriteString(e.intro)
	for _, f := range e.findings {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		if e.intro != "" {
			b.WriteString("  ")
		}
		b.WriteString(strings.ReplaceAll(f, "\n", "\n    "))
	}
	if e.hint != "" {
		b.WriteString("\n" + e.hint)
	}
	return b.String()
}

// findingsOf splits a check's failure into its findings.
func findingsOf(err error) *findingsError {
	var fe *findingsError
	if errors.As(err, &fe) {
		return fe
	}
	return &findingsError{findings: []string{err.Error()}}
}

func isSkip(err error) (string, bool) {
	var s *skipError
	if errors.As(err, &s) {
		return s.reason, true
	}
	return "", false
}
