package conformance

// The suite judged on code nobody here wrote: components built into
// Packer 1.16.0, served as one plugin, configured from their docs. Every
// FAIL must be a defect real Packer shows; the only one known is the sleep
// provisioner's panic in Prepare (real Packer crashes on
// `provisioner "sleep" { duration = "1s" }` too).

import (
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

// builtinVerdicts are the verdicts other than PASS that the built-in
// components get, each with why it is right: kind/name/check -> status and
// a part of the message.
var builtinVerdicts = map[string]struct {
	status report.Status
	want   string
}{
	// Prepare decodes into **Provisioner and panics.
	"provisioner/sleep/config.side-effects": {report.Fail, "the plugin crashed during Prepare: panic: interface conversion: **sleep.Provisioner is not config.flatConfigurer"},
	// The same crash, reported once.
	"provisioner/sleep/config.core-keys":      {report.Skip, "not judged: the plugin crashes during Prepare (reported under config.side-effects)"},
	"provisioner/sleep/config.repeatable":     {report.Skip, "not judged"},
	"provisioner/sleep/provisioner.provision": {report.Skip, "not judged"},
	"provisioner/sleep/provisioner.cancel":    {report.Skip, "not judged"},
	// The SDK's communicator config rejects "<unknown>" as a type.
	"builder/null/config.core-keys": {report.Warn, "Communicator type <unknown> is invalid"},
	// They create their output before reading the input.
	"post-processor/checksum/postprocess.result": {report.Warn, "left behind what it created"},
	"post-processor/compress/postprocess.result": {report.Warn, "left behind what it created"},
}

func TestBuiltinComponents(t *testing.T) {
	skipShort(t, "runs Packer's built-in components as a plugin")
	// The slow ones (Packer's built-ins, the misbehaving components,
	// real Packer runs) overlap: most of their time is waiting.
	t.Parallel()
	bin, err := packertest.Builtins()
	if err != nil {
		t.Fatal(err)
	}
	r, err := RunSuite(testContext(t), Options{
		Binary:       bin,
		SampleConfig: "testdata/builtins.pkr.hcl",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Components) != 10 {
		t.Fatalf("%d components in the report, want the 10 served", len(r.Components))
	}
	if res, _ := r.Result("", "", "plugin.describe"); res.Status != report.Pass {
		t.Errorf("plugin.describe: %s %s", res.Status, res.Message)
	}
	if len(r.Incomplete) > 0 {
		t.Errorf("incomplete: %q", r.Incomplete)
	}
	// The one FAIL is shown by its repro in real Packer (it crashes), and so
	// is the WARN real Packer shows with some templates.
	packer, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range writeRepros(t, r, t.TempDir(), bin, "", 2).AllResults() {
		switch {
		case res.Status == report.Fail && res.Repro == nil:
			t.Errorf("%s failed without a repro", res.ID)
		case res.Status == report.Fail:
			if code, out := runRepro(t, res.Repro.Dir, packer); code != 1 || !strings.Contains(out, "PACKER CRASH") && !strings.Contains(out, "panic") {
				t.Errorf("%s: repro.sh exited %d, want 1 with Packer's crash:\n%s", res.ID, code, out)
			}
		case res.Repro != nil:
			// The null builder's communicator from a datasource.
			if code, out := runRepro(t, res.Repro.Dir, packer); code != 1 {
				t.Errorf("%s %s: repro.sh exited %d, want 1:\n%s", res.ID, res.Status, code, out)
			}
		}
	}
	for _, c := range r.Components {
		if !strings.HasPrefix(c.Config, "the sample configuration at testdata/builtins.pkr.hcl:") {
			t.Errorf("%s %s: configuration from %q", c.Kind, c.Name, c.Config)
		}
		for _, res := range c.Checks {
			key := c.Kind + "/" + c.Name + "/" + res.ID
			want, listed := builtinVerdicts[key]
			switch {
			case listed:
				if res.Status != want.status || !strings.Contains(res.Message, want.want) {
					t.Errorf("%s: %s %q\nwant %s containing %q", key, res.Status, res.Message, want.status, want.want)
				}
			case res.Status == report.Skip && strings.HasSuffix(res.ID, ".cancel") && strings.Contains(res.Message, nothingToCancel):
				// A component that only computes has nothing to cancel.
			case withoutProject(res):
				// Packer's own docs are not in its module.
			case res.Status != report.Pass:
				t.Errorf("%s: %s %s", key, res.Status, res.Message)
			}
		}
	}
}
