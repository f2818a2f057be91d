package conformance

import (
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// defect is one row of the proof table: check id on the component must
// end with status, and its message must contain want.
type defect struct {
	kind, name, check string
	status            report.Status
	want              string
}

// defects: every check failing (or warning) for its own defect. Each
// component of the misbehave plugin breaks exactly one rule.
var defects = []defect{
	{"post-processor", "stdout-noise", "plugin.handshake", report.Fail, "before its handshake"},
	{"post-processor", "no-handshake", "plugin.handshake", report.Fail, "no handshake line"},
	{"post-processor", "protocol-4", "plugin.handshake", report.Fail, "protocol version 4"},
	{"post-processor", "wrong-api", "plugin.handshake", report.Fail, "API"},
	{"post-processor", "exits-early", "plugin.handshake", report.Fail, "exit"},
	// The harness's "hangs" never returns from Configure: the other
	// checks skip, so setup must fail.
	{"post-processor", "hangs", "plugin.handshake", report.Fail, "Configure did not answer within the call deadline"},
	{"post-processor", "bad-spec", "config.spec", report.Fail, "ConfigSpec failed under protobuf"},
	{"post-processor", "conf-bad-spec", "config.spec", report.Fail, "ConfigSpec failed under protobuf"},
	{"post-processor", "writes-cwd", "config.side-effects", report.Fail, "during Configure"},
	{"post-processor", "writes-tmp", "config.side-effects", report.Fail, "during Configure"},
	{"post-processor", "writes-home", "config.side-effects", report.Fail, "during Configure"},
	{"post-processor", "writes-deleted", "config.side-effects", report.Fail, "remove"},
	{"post-processor", "tcp-closed-port", "config.side-effects", report.Fail, "connect"},
	// Configure fails for want of a network, but the request was made.
	{"post-processor", "http-in-configure", "config.side-effects", report.Fail, "connect (connect) tcp 127.0.0.1:1 refused by landlock: EACCES (permission denied) during Configure"},
	{"post-processor", "probes-version", "config.side-effects", report.Warn, "acknowledged at testdata/conformance.pkr.hcl:44: Configure checks the tool's version"},
	{"post-processor", "stale-ack", "config.side-effects", report.Warn, "the finding acknowledged at testdata/conformance.pkr.hcl:54 (wrote a cache file once) no longer occurs"},
	{"post-processor", "child-process", "config.side-effects", report.Fail, "exec"},
	{"post-processor", "accepts-unknown-key", "config.unknown-key", report.Fail, "accepted the unknown key"},
	{"post-processor", "wrong-type-panics", "config.wrong-type", report.Fail, "interface conversion"},
	// Only a template that sets the value from an unevaluated datasource
	// sends "<unknown>": a warning.
	{"post-processor", "rejects-unknown-placeholder", "config.core-keys", report.Warn, "output: output \"<unknown>\""},
	{"post-processor", "not-repeatable", "config.repeatable", report.Fail, "second Configure"},
	{"post-processor", "panics", "config.side-effects", report.Fail, "panics in Configure on purpose"},
	{"post-processor", "nil-artifact", "postprocess.result", report.Fail, "neither an artifact nor an error"},
	// Core does not rely on a failed post-processor cleaning up: hygiene.
	{"post-processor", "leaves-files-on-error", "postprocess.result", report.Warn, "left behind"},
	{"post-processor", "keep-own-input", "postprocess.keep", report.Fail, "lost its files"},
	{"post-processor", "force-without-keep", "postprocess.keep", report.Warn, "forceOverride=true with keep=false"},
	{"post-processor", "destroys-input", "postprocess.input", report.Fail, "called Destroy on its input"},
	{"post-processor", "modifies-input", "postprocess.input", report.Fail, "modified input files"},
	// The cancel lands where the plugin waits on the outside world, which
	// stands still; a plugin that does not pass ctx there never returns.
	{"post-processor", "api-todo", "postprocess.cancel", report.Fail, "did not return within 1s of being cancelled (cancelled "},
	{"post-processor", "api-todo", "postprocess.cancel", report.Fail, "into PostProcess, while it waited on a connection to api.misbehave.example:443)"},
	{"post-processor", "artifact-missing-files", "artifact.contract", report.Fail, "do not exist"},
	{"post-processor", "artifact-missing-relative", "artifact.contract", report.Fail, "misbehave-artifact-missing-relative.out.sha256 (relative to the plugin's working directory: "},
	{"builder", "hcl2-only", "builder.prepare", report.Fail, "legacy JSON"},
	{"builder", "no-hook", "builder.run", report.Fail, "packer_provision hook"},
	// Prepare declared OutputPath, so build.OutputPath goes missing.
	{"builder", "no-generated-data", "builder.run", report.Warn, "declared the generated variables OutputPath"},
	{"builder", "api-todo", "builder.cancel", report.Fail, "while it waited on a connection to api.misbehave.example:443 through HTTPS_PROXY)"},
	{"builder", "poll-todo", "builder.cancel", report.Fail, "while it waited on a connection to api.misbehave.example:443)"},
	// HCP Packer: none is a warning; what core cannot decode, or an image
	// without a provider, loses the build's record.
	{"builder", "hcp-missing", "artifact.hcp-metadata", report.Warn, "the artifact has no HCP Packer metadata"},
	{"builder", "hcp-malformed", "artifact.hcp-metadata", report.Fail, "does not decode as core decodes it into []image.Image"},
	{"builder", "hcp-incomplete", "artifact.hcp-metadata", report.Fail, "does not contain a valid ProviderName"},
	{"provisioner", "remote-background", "provisioner.cancel", report.Fail, "into Provision, while it waited on remote command \"apt-get -y upgrade\")"},
	{"datasource", "wrong-output", "datasource.output", report.Fail, "does not conform to OutputSpec"},
	{"datasource", "nil-value", "datasource.output", report.Fail, "crashed during Execute"},
}

// goodComponents must pass every check (or skip one that cannot apply).
// Besides the plain good ones, each is right in a way the suite once
// judged wrong.
var goodComponents = []harness.Component{
	// mapstructure names an untagged field by its Go name ('Force').
	{Kind: harness.KindPostProcessor, Name: "untagged-field"},
	// Core destroys an artifact once: a second Destroy may fail.
	{Kind: harness.KindPostProcessor, Name: "destroy-not-idempotent"},
	// No generated variables declared, no generated_data.
	{Kind: harness.KindBuilder, Name: "no-generated-vars"},
	// Accept only artifice's artifacts, or only their builder's (given as
	// input_artifact in the sample).
	{Kind: harness.KindPostProcessor, Name: "artifice-only"},
	{Kind: harness.KindPostProcessor, Name: "tarball-only"},
	// Empty configuration valid, Execute needs the sample's path.
	{Kind: harness.KindDatasource, Name: "reads-path"},
	// Needs the environment its sample gives.
	{Kind: harness.KindPostProcessor, Name: "needs-env"},
	// Downloads a file the sample's remote_files gives the machine.
	{Kind: harness.KindProvisioner, Name: "downloads-remote"},
	// Works locally, never through the communicator (as shell-local).
	{Kind: harness.KindProvisioner, Name: "no-communicator"},
	// Asks glibc's local name service socket, as cgo lookups do.
	{Kind: harness.KindPostProcessor, Name: "libc-lookup"},
	{Kind: harness.KindBuilder, Name: "conf-good"},
	{Kind: harness.KindPostProcessor, Name: "conf-good"},
	{Kind: harness.KindProvisioner, Name: "conf-good"},
	{Kind: harness.KindDatasource, Name: "conf-good"},
	{Kind: harness.KindPostProcessor, Name: "requires-output"},
	// Files() lists a path relative to the working directory core shares
	// with the plugin.
	{Kind: harness.KindPostProcessor, Name: "relative-files"},
}

// harnessGoodComponents are the harness's own well-behaved components, one
// of each kind: the suite must find nothing wrong with them either.
var harnessGoodComponents = []harness.Component{
	{Kind: harness.KindBuilder, Name: "good"},
	{Kind: harness.KindPostProcessor, Name: "good"},
	{Kind: harness.KindProvisioner, Name: "good"},
	{Kind: harness.KindDatasource, Name: "good"},
}

var (
	misbehaveOnce   sync.Once
	misbehaveReport *Run
	misbehaveErr    error
)

// timedOut are the defective components whose defect is to not answer in
// time: they are judged with short deadlines, so that the tests do not wait
// minutes for them.
var timedOut = map[string]bool{"no-handshake": true, "hangs": true, "api-todo": true, "poll-todo": true, "remote-background": true}

// misbehaveSuite runs the suite once on every component the tests look at:
// those in timedOut with short deadlines, the others with the suite's
// defaults, which a loaded machine cannot reach by accident.
func misbehaveSuite(t *testing.T) *Run {
	t.Helper()
	bin := testBin(t)
	misbehaveOnce.Do(func() {
		var quick, patient []harness.Component
		patient = append(append(patient, goodComponents...), harnessGoodComponents...)
		for _, tw := range cancelTwins {
			patient = append(patient, harness.Component{Kind: harness.Kind(tw.kind), Name: tw.name})
		}
		seen := map[harness.Component]bool{}
		for _, d := range defects {
			c := harness.Component{Kind: harness.Kind(d.kind), Name: d.name}
			switch {
			case seen[c]:
			case timedOut[d.name]:
				quick = append(quick, c)
			default:
				patient = append(patient, c)
			}
			seen[c] = true
		}
		ctx := testContext(t)
		opts := Options{
			Binary:       bin,
			SampleConfig: "testdata/conformance.pkr.hcl",
			// Most scenarios wait on a plugin more than they use a CPU:
			// many more run at once than there are CPUs.
			Parallel: 16,
		}
		var g errgroup.Group
		var reports [2]*Run
		g.Go(func() (err error) {
			o := opts
			o.Only = patient
			reports[0], err = RunSuite(ctx, o)
			return err
		})
		g.Go(func() (err error) {
			o := opts
			o.Only = quick
			o.CancelTimeout, o.CallTimeout = time.Second, 10*time.Second
			o.Harness = harness.Options{StartTimeout: 5 * time.Second}
			reports[1], err = RunSuite(ctx, o)
			return err
		})
		if misbehaveErr = g.Wait(); misbehaveErr != nil {
			return
		}
		r := reports[0]
		r.Components = append(r.Components, reports[1].Components...)
		r.Incomplete = append(r.Incomplete, reports[1].Incomplete...)
		r.repros = append(r.repros, reports[1].repros...)
		r.Summary = r.Counts()
		misbehaveReport = r
	})
	if misbehaveErr != nil {
		t.Fatal(misbehaveErr)
	}
	return misbehaveReport
}

func TestEveryCheckFailsForItsDefect(t *testing.T) {
	// The slow ones (Packer's built-ins, the misbehaving components,
	// real Packer runs) overlap: most of their time is waiting.
	t.Parallel()
	r := misbehaveSuite(t)
	for _, d := range defects {
		t.Run(d.kind+"/"+d.name+"/"+d.check, func(t *testing.T) {
			res, ok := r.Result(d.kind, d.name, d.check)
			if !ok {
				t.Fatalf("%s did not run", d.check)
			}
			if res.Status != d.status || !strings.Contains(res.Message, d.want) {
				t.Fatalf("got %s %q\nwant %s containing %q", res.Status, res.Message, d.status, d.want)
			}
			if res.Status == report.Fail && len(res.Log) == 0 && d.check != "plugin.handshake" {
				t.Errorf("a failure carries no plugin log")
			}
		})
	}
}

// TestOnlyTheDefectFails: each defective component passes every check but
// the one its defect breaks (and the checks that depend on that one).
func TestOnlyTheDefectFails(t *testing.T) {
	r := misbehaveSuite(t)
	// Checks that also see some defects, by design.
	alsoFails := map[string][]string{
		"wrong-type-panics": {"config.wrong-type"},
		"no-handshake":      {},
		"bad-spec":          {"config.spec"},
		"conf-bad-spec":     {"config.spec"},
		// The crash is reported once (see TestCrashReportedOnce).
		"panics":         {"config.side-effects"},
		"keep-own-input": {"postprocess.keep"},
		"hcl2-only":      {"builder.prepare"},
	}
	good := map[string]bool{}
	for _, c := range append(append([]harness.Component(nil), goodComponents...), harnessGoodComponents...) {
		good[string(c.Kind)+"/"+c.Name] = true
	}
	for _, comp := range r.Components {
		if good[comp.Kind+"/"+comp.Name] {
			continue
		}
		allowed := map[string]bool{}
		for _, d := range defects {
			if d.kind == comp.Kind && d.name == comp.Name {
				allowed[d.check] = true
			}
		}
		for _, id := range alsoFails[comp.Name] {
			allowed[id] = true
		}
		for _, res := range comp.Checks {
			if res.Status == report.Fail && !allowed[res.ID] {
				t.Errorf("%s %s: %s failed too: %s", comp.Kind, comp.Name, res.ID, res.Message)
			}
		}
	}
}

// A crash is reported once, under the first check that provoked it; the
// checks that would only crash the same way say so.
func TestCrashReportedOnce(t *testing.T) {
	r := misbehaveSuite(t)
	comp := findComponent(t, r.Report, harness.Component{Kind: harness.KindPostProcessor, Name: "panics"})
	fails := 0
	for _, res := range comp.Checks {
		switch {
		case res.Status == report.Fail:
			fails++
			if res.ID != "config.side-effects" || !strings.Contains(res.Message, "panics in Configure on purpose") {
				t.Errorf("%s fails: %s", res.ID, res.Message)
			}
		case res.Status == report.Skip && res.ID != "postprocess.cancel" && !withoutProject(res):
			if !strings.Contains(res.Message, "not judged: the plugin crashes during Configure (reported under config.side-effects)") {
				t.Errorf("%s skips: %s", res.ID, res.Message)
			}
		}
	}
	if fails != 1 {
		t.Errorf("the crash failed %d checks, want 1", fails)
	}
	if res, _ := r.Result("post-processor", "panics", "plugin.handshake"); res.Status != report.Pass || strings.Contains(res.Message, "crash") {
		t.Errorf("plugin.handshake: %s %q", res.Status, res.Message)
	}
}

func TestGoodComponentsPassEveryCheck(t *testing.T) {
	assertPassEveryCheck(t, misbehaveSuite(t), goodComponents)
}

// The harness's "good" components, of all four kinds, pass the whole
// suite: the builder's artifact carries generated_data as core's do.
func TestHarnessGoodComponentsPassEveryCheck(t *testing.T) {
	assertPassEveryCheck(t, misbehaveSuite(t), harnessGoodComponents)
}

// assertPassEveryCheck fails unless every check applicable to each
// component ran and passed; a cancel check may skip because the call never
// waited on anything it could be cancelled in, which is the truth for a
// component that only computes.
func assertPassEveryCheck(t *testing.T, r *Run, comps []harness.Component) {
	t.Helper()
	for _, c := range comps {
		comp := findComponent(t, r.Report, c)
		for _, res := range comp.Checks {
			if res.Status == report.Skip && strings.HasSuffix(res.ID, ".cancel") && strings.Contains(res.Message, nothingToCancel) {
				continue
			}
			if withoutProject(res) {
				continue
			}
			if res.Status != report.Pass {
				t.Errorf("%s %s: %s %s: %s", c.Kind, c.Name, res.ID, res.Status, res.Message)
			}
		}
		want := 0
		for _, ch := range Checks() {
			if ch.AppliesTo(c.Kind) {
				want++
			}
		}
		if len(comp.Checks) != want {
			t.Errorf("%s: %d checks ran, want every applicable one (%d)", c, len(comp.Checks), want)
		}
	}
}

// withoutProject tells a check that reads the project's files skipping,
// as it must, when the suite runs on the bare test binary.
func withoutProject(res report.CheckResult) bool {
	return res.Status == report.Skip && res.Message == noProjectFolder
}

func findComponent(t *testing.T, r *report.Report, c harness.Component) report.ComponentReport {
	t.Helper()
	for _, comp := range r.Components {
		if comp.Kind == string(c.Kind) && comp.Name == c.Name {
			return comp
		}
	}
	t.Fatalf("%s not in the report", c)
	return report.ComponentReport{}
}

// config.spec runs the spec through both codecs and reports each: the
// BlockAttrsSpec of bad-spec and the set type of conf-bad-spec fail
// protobuf only, gob carries them; a good spec passes both. (No spec
// protobuf carries breaks gob: every type ToProto accepts is registered
// with gob.)
func TestConfigSpecReportsEachCodec(t *testing.T) {
	r := misbehaveSuite(t)
	for name, gob := range map[string]string{"bad-spec": "encodes under gob (1 attribute)", "conf-bad-spec": "encodes under gob (11 attributes)"} {
		res, ok := r.Result("post-processor", name, "config.spec")
		if !ok {
			t.Fatalf("config.spec did not run on %s", name)
		}
		if res.Status != report.Fail || !strings.Contains(res.Message, "ConfigSpec failed under protobuf") ||
			!strings.Contains(res.Message, gob) || strings.Contains(res.Message, "failed under gob") {
			t.Errorf("%s: %s %q", name, res.Status, res.Message)
		}
	}
	for _, kind := range []string{"builder", "post-processor", "provisioner", "datasource"} {
		res, ok := r.Result(kind, "conf-good", "config.spec")
		if !ok || res.Status != report.Pass || res.Message != "encodes under protobuf (10 attributes) and gob (10 attributes)" {
			t.Errorf("%s conf-good: %s %q", kind, res.Status, res.Message)
		}
	}
}

// cancelTwins pass ctx where their defects ignore it: each cancel check
// passes, saying where the cancel landed, and the main scenario, which
// needs the outside world, skips and says what it waited on.
var cancelTwins = []struct {
	kind, name, cancel, main, where string
}{
	{"builder", "api-ctx", "builder.cancel", "builder.run", "a connection to api.misbehave.example:443 through HTTPS_PROXY"},
	{"builder", "poll-ctx", "builder.cancel", "builder.run", "a connection to api.misbehave.example:443"},
	{"post-processor", "api-ctx", "postprocess.cancel", "postprocess.result", "a connection to api.misbehave.example:443"},
	// Its cleanup after the cancel calls the API with context.Background():
	// after the cancel the world answers, as a real endpoint would.
	{"post-processor", "api-ctx-cleanup", "postprocess.cancel", "postprocess.result", "a connection to api.misbehave.example:443"},
	{"provisioner", "remote-ctx", "provisioner.cancel", "", `remote command "apt-get -y upgrade"`},
}

func TestCancelTwinsPassWithEvidence(t *testing.T) {
	r := misbehaveSuite(t)
	for _, tw := range cancelTwins {
		t.Run(tw.kind+"/"+tw.name, func(t *testing.T) {
			res, _ := r.Result(tw.kind, tw.name, tw.cancel)
			if res.Status != report.Pass || !strings.Contains(res.Message, "while it waited on "+tw.where+";") || !strings.Contains(res.Message, "after the cancel, failing with") || !strings.Contains(res.Message, "context canceled") {
				t.Errorf("%s: %s %q, want a pass that says it was cancelled while waiting on %s and how it returned", tw.cancel, res.Status, res.Message, tw.where)
			}
			if tw.main == "" {
				return
			}
			res, _ = r.Result(tw.kind, tw.name, tw.main)
			if res.Status != report.Skip || !strings.Contains(res.Message, "waited on "+tw.where+", outside the sandbox") {
				t.Errorf("%s: %s %q, want a skip naming what it waited on", tw.main, res.Status, res.Message)
			}
		})
	}
}
