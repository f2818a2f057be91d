package conformance

import (
	"errors"
	"fmt"
	"strings"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// Verdicts: a scenario ends in an outcome (the check's error, what it
// warned of and noted, a crash, an interruption), and judge, the one
// place verdicts are made, turns it into a status and a message.

// outcome is what one scenario came to, before judgement.
type outcome struct {
	// err is the check's own end: nil, a skip (skipf), a failure (failf,
	// any error) or findings (failFindings), each of which may be
	// acknowledged on its own.
	err error
	// warnings make a check that did not fail warn; notes are what a pass
	// says it saw.
	warnings, notes []string
	// crash is the first panic seen in the scenario's calls, "" for none:
	// it fails the check whatever the check said.
	crash string
	// interrupted: the run was cancelled before the check finished, and
	// nothing it saw is kept (see interruptedResult).
	interrupted bool
	// acks are the author's acknowledgements of the check for this
	// component.
	acks []*sample.Ack
}

// interruptedMessage is the message of a check an interruption cut short.
const interruptedMessage = "interrupted before the check finished"

// notJudged starts the message of a check a crash reported elsewhere
// keeps from running.
const notJudged = "not judged: "

// judge turns a scenario's outcome into its verdict. An interruption
// skips; a crash fails, with the check's own words unless they only report
// the broken call; a skip skips; an error fails unless every finding in it
// is acknowledged (then it warns, with the reasons); warnings warn; else
// the check passes saying what it saw, but an acknowledgement whose
// finding is gone makes it warn, so the author drops it.
func judge(o outcome) (report.Status, string) {
	if o.interrupted {
		return report.Skip, interruptedMessage
	}
	reason, skipped := isSkip(o.err)
	switch {
	case o.crash != "":
		if o.err != nil && !skipped && !strings.Contains(o.err.Error(), harness.ErrPluginCrashed.Error()) {
			return report.Fail, o.err.Error() + "\n" + o.crash
		}
		return report.Fail, o.crash
	case skipped:
		return report.Skip, reason
	case o.err != nil:
		return acknowledge(o.acks, o.err)
	case len(o.warnings) > 0:
		return report.Warn, strings.Join(o.warnings, "\n")
	case len(o.acks) > 0:
		// Nothing was found, so nothing the acknowledgements name.
		var stale []string
		for _, a := range o.acks {
			stale = append(stale, fmt.Sprintf("the finding acknowledged at %s (%s) no longer occurs: drop the acknowledgement", a.Where, a.Reason))
		}
		return report.Warn, strings.Join(stale, "\n")
	}
	return report.Pass, strings.Join(o.notes, "; ")
}

// findings ends a check on what it found: any failure fails it, with the
// warnings said after; else each warning warns; else it passes saying pass.
func (t *checkEnv) findings(fails, warns []string, pass string) error {
	if len(fails) > 0 {
		return failf("%s", strings.Join(append(fails, warns...), "\n"))
	}
	for _, w := range warns {
		t.Warnf("%s", w)
	}
	t.Notef("%s", pass)
	return nil
}

// skipOutcome is the outcome of a scenario that did not run, saying why.
func skipOutcome(why string) outcome { return outcome{err: skipf("%s", why)} }

// acknowledge judges a failure against the author's acknowledgements: it
// stays a failure while one finding is not acknowledged, and is a warning
// carrying the reasons when every finding is.
func acknowledge(acks []*sample.Ack, err error) (report.Status, string) {
	if len(acks) == 0 {
		return report.Fail, err.Error()
	}
	fe := findingsOf(err)
	var open, known []string
	for _, f := range fe.findings {
		var by *sample.Ack
		for _, a := range acks {
			if a.Matches(f) {
				by = a
				break
			}
		}
		if by == nil {
			open = append(open, f)
			continue
		}
		known = append(known, fmt.Sprintf("%s\n    acknowledged at %s: %s", f, by.Where, by.Reason))
	}
	if len(open) > 0 {
		msg := (&findingsError{intro: fe.intro, findings: open, hint: fe.hint}).Error()
		if len(known) > 0 {
			msg += "\nacknowledged:\n  " + strings.Join(known, "\n  ")
		}
		return report.Fail, msg
	}
	return report.Warn, (&findingsError{intro: fe.intro, findings: known}).Error()
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
