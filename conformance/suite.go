package conformance

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/repro"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
)

// DefaultCancelTimeout is how long a cancelled Run, Provision or
// PostProcess may take to return: the harness's.
const DefaultCancelTimeout = harness.DefaultCancelTimeout

// Options configure one run of the suite.
type Options struct {
	// Binary is the plugin binary to check.
	Binary string
	// Path is the plugin as the report names it (the project folder the
	// binary was built from, say); default Binary.
	Path string
	// SampleConfig is the sample configuration file (sample.FileName in
	// the project); empty for none.
	SampleConfig string
	// ProjectDir is the plugin's project folder, whose example templates
	// (*.pkr.hcl) configure the components the sample does not; empty for
	// none.
	ProjectDir string
	// Filter selects checks by id.
	Filter Filter
	// CancelTimeout is the deadline for returning after a cancel; default
	// DefaultCancelTimeout.
	CancelTimeout time.Duration
	// CallTimeout is the deadline of every call but a cancelled one;
	// default harness.DefaultCallTimeout.
	CallTimeout time.Duration
	// Parallel bounds how many scenarios (plugin processes) run at once;
	// default the number of CPUs.
	Parallel int
	// Only restricts the run to these components (all of them when empty);
	// describe must list them. The component registered under the SDK's
	// default name may be given as "default" or by the plugin's name.
	Only []harness.Component
	// Harness is the base of the options every plugin process starts with.
	Harness harness.Options
	// Progress, when set, is called after each check with its result.
	Progress func(Progress)
}

// Progress reports one finished check.
type Progress struct {
	Component   string // "post-processor foo", as the report names it, or "plugin"
	Result      report.CheckResult
	Done, Total int
}

// suite is the state of one run shared by every check.
type suite struct {
	bin         string
	opts        Options
	desc        *harness.Description
	describeErr error
	sample      *sample.Config
	examples    []*sample.Block
	sem         *semaphore.Weighted // bounds scenarios at once (Options.Parallel)

	mu          sync.Mutex
	traceMode   string
	containment []report.Protection
	done        int
	total       int
}

// plugin is the plugin's name, from its binary's; "" when not named
// packer-plugin-<name>.
func (s *suite) plugin() string { return naming.FromBinary(s.bin) }

func (s *suite) harnessOptions() harness.Options {
	o := s.opts.Harness
	// Core speaks protobuf to a plugin only when it describes protocol v2
	// (plugins built with SDK v0.6.0 and later, plugin/set.go), gob otherwise.
	if s.desc != nil && !s.desc.SpeaksProtobuf() {
		o.Gob = true
	}
	o.CancelTimeout = s.opts.CancelTimeout
	if s.opts.CallTimeout > 0 {
		o.CallTimeout = s.opts.CallTimeout
	}
	return o
}

func (s *suite) progress(component string, res report.CheckResult) {
	s.mu.Lock()
	s.done++
	p := Progress{Component: component, Result: res, Done: s.done, Total: s.total}
	s.mu.Unlock()
	if s.opts.Progress != nil {
		s.opts.Progress(p)
	}
}

// Run is one run of the suite: its report, and what the repros of its
// findings are made of.
type Run struct {
	*report.Report
	repros []*repro.Case
}

// Repros are the repro cases of the findings real Packer can show, in
// report order.
func (r *Run) Repros() []*repro.Case { return slices.Clone(r.repros) }

// keep turns a component's results (kind and name as the report gives
// them, both empty for the plugin) into the report's, and keeps their
// repro cases.
func (r *Run) keep(kind, name string, rs []result) []report.CheckResult {
	out := make([]report.CheckResult, 0, len(rs))
	for _, res := range rs {
		out = append(out, res.CheckResult)
		if rc := res.repro; rc != nil {
			rc.Key = report.Key{Kind: kind, Name: name, ID: res.ID}
			rc.Status, rc.Message = res.Status, res.Message
			r.repros = append(r.repros, rc)
		}
	}
	return out
}

// RunSuite runs every selected check against opts.Binary and returns the
// run, whose Report is the verdict. The error is for tool and usage
// problems only (no binary, a bad filter or sample configuration); a
// plugin that fails checks returns a report whose Failed() is true.
func RunSuite(ctx context.Context, opts Options) (*Run, error) {
	if opts.CancelTimeout <= 0 {
		opts.CancelTimeout = DefaultCancelTimeout
	}
	if opts.Parallel <= 0 {
		opts.Parallel = runtime.NumCPU()
	}
	if abs, err := filepath.Abs(opts.Binary); err == nil {
		opts.Binary = abs
	}
	if fi, err := os.Stat(opts.Binary); err != nil {
		return nil, fmt.Errorf("plugin binary: %w", err)
	} else if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return nil, fmt.Errorf("plugin binary %s is not an executable file", opts.Binary)
	}
	selected, err := opts.Filter.compile()
	if err != nil {
		return nil, err
	}
	plugin := naming.FromBinary(opts.Binary)
	known := func(id string) bool { return lookup(id) != nil }
	sc, err := sample.Load(opts.SampleConfig, plugin, known)
	if err != nil {
		return nil, err
	}
	s := &suite{bin: opts.Binary, opts: opts, sample: sc, examples: sample.Examples(opts.ProjectDir, known), sem: semaphore.NewWeighted(int64(opts.Parallel))}
	r := &report.Report{Plugin: report.PluginReport{Name: plugin, Path: cmp.Or(opts.Path, opts.Binary), Checks: []report.CheckResult{}}, Components: []report.ComponentReport{}, Incomplete: []report.Gap{}}
	run := &Run{Report: r}

	desc, describeErr := harness.Describe(ctx, opts.Binary)
	s.desc, s.describeErr = desc, describeErr
	if desc != nil {
		opts.Only = slices.Clone(opts.Only)
		for i, o := range opts.Only {
			c, ok := resolveComponent(desc, sc, o)
			if !ok {
				return nil, fmt.Errorf("%s/%s is not a component of this plugin: describe lists %s", o.Kind, o.Name, sample.ListComponents(desc, plugin))
			}
			opts.Only[i] = c
		}
		r.Plugin.Version, r.Plugin.SDKVersion = desc.Version, desc.SDKVersion
		r.Plugin.APIVersion, r.Plugin.ProtocolVersion = desc.APIVersion, desc.ProtocolVersion
	}

	// Plan: which checks run for which component, so progress has a total.
	type planned struct {
		comp   harness.Component
		checks []*Check
		skips  []result // filtered out with --skip
	}
	var plan []planned
	var pluginChecks []*Check
	for _, c := range Checks() {
		if len(c.Kinds) > 0 {
			continue
		}
		ok, _ := selected(c.ID)
		// A plugin that cannot describe itself has nothing else to check:
		// say so whatever the filter.
		if ok || c == checkDescribe && describeErr != nil {
			pluginChecks = append(pluginChecks, c)
			s.total++
		}
	}
	if desc != nil {
		for _, comp := range desc.Components() {
			if !wanted(opts.Only, comp) {
				continue
			}
			pl := planned{comp: comp}
			for _, c := range Checks() {
				if !c.AppliesTo(comp.Kind) {
					continue
				}
				ok, why := selected(c.ID)
				switch {
				case ok:
					pl.checks = append(pl.checks, c)
					s.total++
				case why != "":
					pl.skips = append(pl.skips, skipped(c.ID, why))
				}
			}
			if len(pl.checks)+len(pl.skips) > 0 {
				plan = append(plan, pl)
			}
		}
	}

	// The plugin-wide checks judge what describe told and the project's
	// files: once describe has run, there is nothing to interrupt.
	var pluginResults []result
	for _, c := range pluginChecks {
		res := s.runOne(context.WithoutCancel(ctx), c, harness.Component{}, nil)
		pluginResults = append(pluginResults, res)
		s.progress("plugin", res.CheckResult)
	}
	r.Plugin.Checks = run.keep("", "", pluginResults)
	if desc != nil {
		for _, why := range sc.Unused(desc) {
			r.Incomplete = append(r.Incomplete, report.Gap{Reason: why})
		}
	}
	if s.total == 0 {
		r.Incomplete = append(r.Incomplete, report.Gap{Reason: fmt.Sprintf("no check matches --run %q (`packer-plugin-dev test --list` lists the ids)", opts.Filter.Run)})
	}

	r.Components = make([]report.ComponentReport, len(plan))
	setups := make([]*componentSetup, len(plan))
	results := make([][]result, len(plan))
	var wg sync.WaitGroup
	for i, pl := range plan {
		setup := &componentSetup{}
		setups[i] = setup
		r.Components[i] = report.ComponentReport{Kind: string(pl.comp.Kind), Name: sample.DisplayName(plugin, pl.comp), Registered: pl.comp.Name}
		wg.Go(func() {
			results[i] = s.runComponent(ctx, pl.comp, setup, pl.checks, pl.skips)
			r.Components[i].Config = configSource(setup)
		})
	}
	wg.Wait()
	for i, pl := range plan {
		comp := &r.Components[i]
		comp.Checks = run.keep(comp.Kind, comp.Name, results[i])
		name := fmt.Sprintf("%s %q", pl.comp.Kind, comp.Name)
		if why := incomplete(setups[i], pl.checks); why != "" {
			r.Incomplete = append(r.Incomplete, report.Gap{Reason: name + ": " + why, Short: name + ": no configuration it accepts"})
		} else if why, id := mainNotRun(comp.Checks); why != "" {
			r.Incomplete = append(r.Incomplete, report.Gap{Reason: name + ": " + why, Short: name + ": " + id + " did not run"})
		}
	}
	r.Plugin.TraceMode = s.traceMode
	r.Plugin.Containment = s.containment
	r.Summary = r.Counts()
	if ctx.Err() != nil {
		r.Interrupted = true
		return run, fmt.Errorf("interrupted: %w", ctx.Err())
	}
	return run, nil
}

// configSource says where a component's configuration came from.
func configSource(s *componentSetup) string {
	if s.config != nil {
		return s.config.Source
	}
	return "none: " + firstLine(s.noConfig)
}

// incomplete says why checks that matter did not run for a component for
// want of something the author can give: a configuration it accepts.
func incomplete(setup *componentSetup, checks []*Check) string {
	if !setup.incomplete || setup.config != nil {
		return ""
	}
	for _, c := range checks {
		if c.NeedsConfig {
			return "the checks that need a valid configuration did not run: " + setup.noConfig
		}
	}
	return ""
}

// mainNotRun says why a component's main scenario skipped, and which
// check that is, unless the user skipped it on purpose, an interruption
// did, or a crash another check fails for (the run fails then).
func mainNotRun(results []report.CheckResult) (why, id string) {
	for _, res := range results {
		c := lookup(res.ID)
		if c == nil || !c.Main || res.Status != report.Skip || res.Message == interruptedMessage ||
			strings.HasPrefix(res.Message, "skipped with --skip") || strings.HasPrefix(res.Message, notJudged) {
			continue
		}
		first, _, _ := strings.Cut(res.Message, "\n")
		return fmt.Sprintf("its main scenario did not run (%s skipped: %s)", res.ID, first), res.ID
	}
	return "", ""
}

// resolveComponent finds the component o names, accepting every spelling
// of the default component the report and the sample file use.
func resolveComponent(d *harness.Description, sc *sample.Config, o harness.Component) (harness.Component, bool) {
	if d.Has(o) {
		return o, true
	}
	def := harness.Component{Kind: o.Kind, Name: harness.DefaultName}
	if sc.IsDefaultLabel(o.Name) && d.Has(def) {
		return def, true
	}
	return o, false
}

// runOne runs check c for comp (zero for a plugin-wide check), bounded by
// the suite's semaphore.
func (s *suite) runOne(ctx context.Context, c *Check, comp harness.Component, setup *componentSetup) result {
	// Acquire with Background never fails: on interrupt a waiting check
	// still gets its turn, and its own run sees ctx.
	_ = s.sem.Acquire(context.Background(), 1)
	defer s.sem.Release(1)
	start := time.Now()
	t := &checkEnv{ctx: ctx, suite: s, Component: comp, setup: setup}
	res := t.run(c)
	res.Seconds = time.Since(start).Seconds()
	if res.Log == nil {
		res.Log = []string{}
	}
	return res
}

// runComponent runs setup (the plugin.handshake scenario), then the
// component's checks in parallel, bounded by the suite's semaphore.
func (s *suite) runComponent(ctx context.Context, comp harness.Component, setup *componentSetup, checks []*Check, skips []result) []result {
	label := string(comp.Kind) + " " + sample.DisplayName(s.sample.Plugin(), comp)
	if len(checks) == 0 {
		return inReportOrder(skips)
	}
	results := make([]result, len(checks))

	// Setup runs first whether or not plugin.handshake was selected: every
	// other check needs to know the component starts and what config it
	// accepts.
	setupRes := s.runOne(ctx, checkHandshake, comp, setup)
	// A crash is held back until every check has finished, so that it is
	// shown once (see crashesOnce).
	var heldMu sync.Mutex
	var held []string
	progress := func(res result) {
		if res.crash == (crashID{}) {
			s.progress(label, res.CheckResult)
			return
		}
		heldMu.Lock()
		held = append(held, res.ID)
		heldMu.Unlock()
	}
	var wg sync.WaitGroup
	// config.side-effects runs once every other check has: it judges the
	// whole life of setup's processes, which run until then.
	last := -1
	defer setup.closeKept()
	for i, c := range checks {
		if c == checkConfigSideEffects {
			last = i
			continue
		}
		if c == checkHandshake {
			results[i] = setupRes
			s.progress(label, setupRes.CheckResult)
			continue
		}
		if why := setup.blocked(); why != "" {
			results[i] = skipped(c.ID, why)
			s.progress(label, results[i].CheckResult)
			continue
		}
		wg.Go(func() {
			results[i] = s.runOne(ctx, c, comp, setup)
			progress(results[i])
		})
	}
	wg.Wait()
	if last >= 0 {
		if why := setup.blocked(); why != "" {
			results[last] = skipped(checkConfigSideEffects.ID, why)
		} else {
			results[last] = s.runOne(ctx, checkConfigSideEffects, comp, setup)
		}
		progress(results[last])
	}
	out := crashesOnce(inReportOrder(append(results, skips...)))
	for _, res := range out {
		if slices.Contains(held, res.ID) {
			s.progress(label, res.CheckResult)
		}
	}
	return out
}

// skipped is the result of check id when it did not run, saying why.
func skipped(id, why string) result {
	res := result{CheckResult: report.CheckResult{ID: id, Log: []string{}}}
	res.Status, res.Message = judge(skipOutcome(why))
	return res
}

// interruptedResult is the verdict of check c, which an interruption cut
// short, given what its processes were seen doing: what was seen is not
// lost. A side effect config.side-effects saw fails it as it would have
// once finished (acknowledgements apply); every process it starts only
// configures, so all it does counts. Otherwise the check is skipped.
func interruptedResult(c *Check, events [][]harness.Event, acks []*sample.Ack) report.CheckResult {
	o := outcome{interrupted: true}
	var findings []string
	if c == checkConfigSideEffects {
		for _, es := range events {
			for _, e := range sideEffects(es) {
				findings = append(findings, e.String())
			}
		}
	}
	if len(findings) > 0 {
		o = outcome{err: failFindings(interruptedMessage+", after it saw side effects during configuration (packer validate runs this code; do the work in Run/Provision/PostProcess/Execute instead):", findings, ""), acks: acks}
	}
	res := report.CheckResult{ID: c.ID, Interrupted: true}
	res.Status, res.Message = judge(o)
	return res
}

// crashesOnce reports each crash once, under the first check in report order
// that provoked it; the others say they were not judged because of it.
func crashesOnce(rs []result) []result {
	first := map[crashID]string{}
	for i, r := range rs {
		if r.crash == (crashID{}) {
			continue
		}
		id, seen := first[r.crash]
		if !seen {
			first[r.crash] = r.ID
			continue
		}
		rs[i] = skipped(r.ID, fmt.Sprintf("%sthe plugin crashes during %s (reported under %s)", notJudged, r.crash.call, id))
		rs[i].Seconds = r.Seconds
	}
	return rs
}

// inReportOrder sorts results by the order of Checks.
func inReportOrder(rs []result) []result {
	rank := map[string]int{}
	for i, c := range Checks() {
		rank[c.ID] = i
	}
	sort.SliceStable(rs, func(i, j int) bool { return rank[rs[i].ID] < rank[rs[j].ID] })
	return rs
}

func wanted(only []harness.Component, c harness.Component) bool {
	return len(only) == 0 || slices.Contains(only, c)
}

// noteTraceMode records how side effects were observed (the first
// process's mode; every process of a run gets the same).
func (s *suite) noteTraceMode(m harness.TraceMode) {
	s.mu.Lock()
	if s.traceMode == "" {
		s.traceMode = string(m)
	}
	s.mu.Unlock()
}

// noteContainment records what confined the first contained process
// (every one of a run gets the same).
func (s *suite) noteContainment(ps []harness.Protection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.containment != nil {
		return
	}
	s.containment = []report.Protection{}
	for _, p := range ps {
		s.containment = append(s.containment, report.Protection{Name: p.Name, On: p.On, Detail: p.Detail})
	}
}

// ParseComponents parses "<kind>/<name>" strings, as Config.Components and
// the --component flag take them.
func ParseComponents(specs []string) ([]harness.Component, error) {
	var out []harness.Component
	for _, s := range specs {
		word, name, ok := strings.Cut(s, "/")
		kind, err := naming.ParseKind(word)
		if !ok || name == "" || err != nil {
			return nil, fmt.Errorf("component %q: write it <kind>/<name>, kind one of %s", s, naming.KindList())
		}
		out = append(out, harness.Component{Kind: kind, Name: name})
	}
	return out, nil
}
