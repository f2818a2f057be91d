package conformance

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// acksOf are the acknowledgements of config.side-effects a sample block
// gives, each matching what its pattern names.
func acksOf(t *testing.T, matches ...string) []*sample.Ack {
	t.Helper()
	src := "post-processor \"conf-good\" {\n  conformance {\n"
	for i, m := range matches {
		src += fmt.Sprintf("    acknowledge \"config.side-effects\" {\n      match  = %q\n      reason = \"reason %d\"\n    }\n", m, i)
	}
	src += "  }\n}\n"
	path := filepath.Join(t.TempDir(), sample.FileName)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := sample.Load(path, "acme", nil)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Block(confGood).Acks
}

// judge is the one place an outcome becomes a verdict: every rule on
// plain values.
func TestJudge(t *testing.T) {
	findings := failFindings("side effects:", []string{"create a.txt", "exec /bin/tar"}, "do it later")
	crashed := fmt.Errorf("Configure: %w", harness.ErrPluginCrashed)
	path := func(a *sample.Ack) string { return a.Where }
	both, one := acksOf(t, "a.txt", "tar"), acksOf(t, "a.txt")
	cases := []struct {
		name   string
		o      outcome
		status report.Status
		want   string
	}{
		{"pass says what it saw", outcome{notes: []string{"4ms", "held"}}, report.Pass, "4ms; held"},
		{"warnings warn", outcome{warnings: []string{"w1", "w2"}, notes: []string{"n"}}, report.Warn, "w1\nw2"},
		{"an error fails", outcome{err: errors.New("boom"), warnings: []string{"w"}}, report.Fail, "boom"},
		{"a skip skips", outcome{err: skipf("no %s", "config"), warnings: []string{"w"}}, report.Skip, "no config"},
		{"an interruption skips", outcome{err: errors.New("boom"), crash: "crashed", interrupted: true}, report.Skip, interruptedMessage},
		{"a crash fails with the check's words", outcome{err: errors.New("bad value"), crash: "the plugin crashed during Configure: panic: x"}, report.Fail, "bad value\nthe plugin crashed during Configure: panic: x"},
		{"a crash alone when the words only report it", outcome{err: crashed, crash: "the plugin crashed during Configure: panic: x"}, report.Fail, "the plugin crashed during Configure: panic: x"},
		{"a crash beats a skip", outcome{err: skipf("x"), crash: "crashed"}, report.Fail, "crashed"},
		{"findings fail", outcome{err: findings}, report.Fail, "side effects:\n  create a.txt\n  exec /bin/tar\ndo it later"},
		{"every finding acknowledged warns", outcome{err: findings, acks: both}, report.Warn,
			"side effects:\n  create a.txt\n        acknowledged at " + path(both[0]) + ": reason 0\n  exec /bin/tar\n        acknowledged at " + path(both[1]) + ": reason 1"},
		{"one finding open fails", outcome{err: findings, acks: one}, report.Fail,
			"side effects:\n  exec /bin/tar\ndo it later\nacknowledged:\n  create a.txt\n    acknowledged at " + path(one[0]) + ": reason 0"},
		{"an acknowledgement of nothing warns", outcome{notes: []string{"n"}, acks: one}, report.Warn,
			"the finding acknowledged at " + path(one[0]) + " (reason 0) no longer occurs: drop the acknowledgement"},
		{"not judged", skipOutcome(notJudged + "the plugin crashes during Prepare (reported under config.side-effects)"), report.Skip,
			"not judged: the plugin crashes during Prepare (reported under config.side-effects)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if status, msg := judge(c.o); status != c.status || msg != c.want {
				t.Errorf("judge = %s %q\nwant %s %q", status, msg, c.status, c.want)
			}
		})
	}
}

// A crash is reported once per component, under the first check in report
// order; the others say where.
func TestCrashesOnce(t *testing.T) {
	crash := crashID{call: "Configure", panic: "panic: x"}
	rs := crashesOnce(inReportOrder([]result{
		{CheckResult: report.CheckResult{ID: "config.repeatable", Status: report.Fail, Seconds: 2}, crash: crash},
		{CheckResult: report.CheckResult{ID: "config.side-effects", Status: report.Fail}, crash: crash},
		{CheckResult: report.CheckResult{ID: "config.spec", Status: report.Pass}},
	}))
	want := []struct {
		id     string
		status report.Status
		msg    string
	}{
		{"config.spec", report.Pass, ""},
		{"config.side-effects", report.Fail, ""},
		{"config.repeatable", report.Skip, "not judged: the plugin crashes during Configure (reported under config.side-effects)"},
	}
	for i, w := range want {
		if rs[i].ID != w.id || rs[i].Status != w.status || rs[i].Message != w.msg {
			t.Errorf("%d: %s %s %q, want %s %s %q", i, rs[i].ID, rs[i].Status, rs[i].Message, w.id, w.status, w.msg)
		}
	}
	if rs[2].Seconds != 2 || rs[2].crash != (crashID{}) {
		t.Errorf("the check not judged keeps its time and drops the crash: %+v", rs[2])
	}
}
