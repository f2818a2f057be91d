package conformance

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// plugin.describe judges a description: a pure function of what describe
// printed and the binary's name, tested without building a plugin per case
// (the misbehave plugin's own describe runs in TestMisbehavePluginDescribes,
// a broken one in TestReproInstallRefusesBadVersion).
func TestDescribeCheck(t *testing.T) {
	valid := harness.Description{Version: "1.0.0", SDKVersion: "0.6.10", APIVersion: "x5.0", ProtocolVersion: "v2", Builders: []string{"conf-good"}}
	with := func(change func(d *harness.Description)) *harness.Description {
		d := valid
		change(&d)
		return &d
	}
	defaultPP := with(func(d *harness.Description) { d.Builders, d.PostProcessors = nil, []string{harness.DefaultName} })
	_, notJSON := harness.ParseDescription([]byte("version 1.0.0"))
	cases := []struct {
		name, binName string
		desc          *harness.Description
		err           error
		status        report.Status
		want          string
	}{
		{"valid", "packer-plugin-misbehave", &valid, nil, report.Pass, "version 1.0.0, 1 component"},
		{"bad-version", "packer-plugin-misbehave", with(func(d *harness.Description) { d.Version = "one" }), nil, report.Fail, `version "one" is not a semantic version`},
		{"bad-api", "packer-plugin-misbehave", with(func(d *harness.Description) { d.APIVersion = "x4.0" }), nil, report.Fail, `api_version is "x4.0"`},
		// Core falls back to gob for such a plugin: it works.
		{"bad-protocol", "packer-plugin-misbehave", with(func(d *harness.Description) { d.ProtocolVersion = "v1" }), nil, report.Warn, `protocol_version is "v1", not "v2": Packer talks gob to this plugin`},
		{"no-components", "packer-plugin-misbehave", with(func(d *harness.Description) { d.Builders = nil }), nil, report.Fail, "lists no component"},
		{"not-json", "packer-plugin-misbehave", nil, notJSON, report.Fail, "not the SDK's JSON description"},
		{"default-name", "packer-plugin-manifest", defaultPP, nil, report.Warn, `post-processor "manifest" is also the name of a post-processor built into Packer`},
		{"side-effects", "packer-plugin-misbehave", with(func(d *harness.Description) {
			d.Events = []harness.Event{
				{Kind: harness.EventProcess, Op: "fork", Syscall: "clone", PID: 10, Result: 11, Call: harness.PhaseDescribe, CallIndex: -1},
				{Kind: harness.EventProcess, Op: "exec", Syscall: "execve", Path: "/usr/bin/sleep", Argv: []string{"sleep", "3600"}, PID: 11, Call: harness.PhaseDescribe, CallIndex: -1},
			}
		}), nil, report.Warn, "describe has side effects; core runs describe on every installed plugin each time it loads plugins (packer build, validate, inspect, ...), so they happen on every Packer command (the harness killed what describe left running):\n  exec (execve) /usr/bin/sleep [\"sleep\" \"3600\"] during describe"},
		// The same default-named component under another plugin name is fine.
		{"default-name", "packer-plugin-tarball", defaultPP, nil, report.Pass, "1 component"},
	}
	for _, c := range cases {
		t.Run(c.name+"/"+c.binName, func(t *testing.T) {
			s := &suite{bin: "/plugins/" + c.binName, desc: c.desc, describeErr: c.err, sample: emptySample(t, naming.FromBinary(c.binName))}
			res := runCheck(s, checkDescribe)
			if res.Status != c.status || !strings.Contains(res.Message, c.want) {
				t.Fatalf("got %s %q, want %s containing %q", res.Status, res.Message, c.status, c.want)
			}
		})
	}
}

// runCheck runs check c as the suite runs a plugin-wide check, on plain
// values: no process starts.
func runCheck(s *suite, c *Check) report.CheckResult {
	return (&checkEnv{ctx: context.Background(), suite: s}).run(c).CheckResult
}

// emptySample is the sample configuration of a run without one.
func emptySample(t *testing.T, plugin string) *sample.Config {
	t.Helper()
	sc, err := sample.Load("", plugin, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestMisbehavePluginDescribes(t *testing.T) {
	r, err := RunSuite(testContext(t), Options{Binary: testBin(t), Filter: Filter{Run: `^plugin\.describe$`}})
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := r.Result("", "", "plugin.describe"); res.Status != report.Pass {
		t.Fatalf("plugin.describe on the misbehave plugin: %s %s", res.Status, res.Message)
	}
}

// A describe that double-forks a daemon is seen doing it, and warned of.
func TestDescribeSideEffectsWarn(t *testing.T) {
	t.Setenv("MISBEHAVE_DESCRIBE_DAEMON", filepath.Join(t.TempDir(), "daemon.pid"))
	r, err := RunSuite(testContext(t), Options{Binary: testBin(t), Filter: Filter{Run: `^plugin\.describe$`}})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := r.Result("", "", "plugin.describe")
	if res.Status != report.Warn || !strings.Contains(res.Message, "describe has side effects") || !strings.Contains(res.Message, "exec (execve) /bin/sh") {
		t.Fatalf("plugin.describe with a daemon: %s %s", res.Status, res.Message)
	}
}
