package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/naming"
	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// cli builds packer-plugin-dev once for the whole package.
func cli(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ppd-e2e-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "packer-plugin-dev")
		out, err := exec.Command("go", "build", "-o", cliPath, "github.com/packer-plugin-dev/packer-plugin-dev/cmd/packer-plugin-dev").CombinedOutput()
		if err != nil {
			cliErr = fmt.Errorf("building the CLI: %v\n%s", err, out)
		}
	})
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliPath
}

// endToEnd skips t in the fast lane (-short): the end-to-end tests build
// the CLI and plugins, and run them, most in real Packer.
func endToEnd(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: end to end, builds plugins and runs them in real Packer")
	}
}

func TestMain(m *testing.M) {
	// The SDK's RPC client (schema reads plugins in this process) logs
	// every call through the standard logger.
	log.SetOutput(io.Discard)
	code := m.Run()
	sshdStop()
	if cliPath != "" {
		os.RemoveAll(filepath.Dir(cliPath))
	}
	os.Exit(code)
}

// generated is one plugin project for the tests, and its binary once built.
type generated struct {
	dir    string
	plugin string // packer-plugin-<plugin>
	bin    string // set by build
}

// projectBin is where the project's own builds (its Makefile, its CI
// workflow) put the plugin binary.
func (g *generated) projectBin() string {
	return filepath.Join(g.dir, naming.BinaryPrefix+g.plugin)
}

// generate runs `packer-plugin-dev new kind name` (its component
// registered under the plugin's name), then `add` for each kind:name.
func generate(t *testing.T, kind, name string, adds ...string) *generated {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "packer-"+kind+"-"+name)
	ppd(t, "new", kind, name, "--owner", "e2e", "--dir", dir)
	g := &generated{dir: dir, plugin: name}
	for _, a := range adds {
		k, n, _ := strings.Cut(a, ":")
		g.add(t, k, n)
	}
	return g
}

// add runs `packer-plugin-dev add kind name` on the project.
func (g *generated) add(t *testing.T, kind, name string) string {
	t.Helper()
	return ppd(t, "add", kind, name, g.dir)
}

// ppd runs the CLI without a terminal, as CI does.
func ppd(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(cli(t), args...)
	cmd.Env = append(os.Environ(), "CI=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("packer-plugin-dev %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// build builds the plugin once, as its Makefile does, for both the
// conformance suite and Packer's installer.
func (g *generated) build(t *testing.T) {
	t.Helper()
	g.bin = g.projectBin()
	goRun(t, g.dir, "", "build", "-o", g.bin, ".")
}

// passesConformance runs `packer-plugin-dev test` on the built binary
// (conformance.pkr.hcl next to it is its configuration), and requires
// exactly the components want (kind/name as the report names them) with
// every check passed, or a cancel check skipped because the component never
// waited on anything it could be cancelled in.
func passesConformance(t *testing.T, g *generated, want ...string) {
	t.Helper()
	passesConformanceBut(t, g, nil, want...)
}

// passesConformanceBut is passesConformance with known verdicts that are
// not a pass: "<kind>/<name> <check id>" (or "plugin <check id>") to the
// status it must have.
func passesConformanceBut(t *testing.T, g *generated, known map[string]string, want ...string) {
	t.Helper()
	cmd := exec.Command(cli(t), "test", g.bin, "--format", "json")
	cmd.Env = append(os.Environ(), "CI=true")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("packer-plugin-dev test %s: %v\n%s\n%s", g.bin, err, out, stderr.String())
	}
	// Decoded into the documented JSON shape, not report.Report: this
	// test reads the CLI's output as a user's CI would.
	var report struct {
		Plugin struct {
			Checks []check `json:"checks"`
		} `json:"plugin"`
		Components []struct {
			Kind   string  `json:"kind"`
			Name   string  `json:"name"`
			Checks []check `json:"checks"`
		} `json:"components"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("the JSON report does not parse: %v\n%s", err, out)
	}
	var got []string
	var checks []check
	for _, c := range report.Plugin.Checks {
		c.on = "plugin"
		checks = append(checks, c)
	}
	for _, comp := range report.Components {
		got = append(got, comp.Kind+"/"+comp.Name)
		for _, c := range comp.Checks {
			c.on = comp.Kind + "/" + comp.Name
			checks = append(checks, c)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("report components = %v, want %v", got, want)
	}
	passed := 0
	for _, c := range checks {
		if status, ok := known[c.on+" "+c.ID]; ok {
			if c.Status != status {
				t.Errorf("%s %s: %s (%s), want %s", c.on, c.ID, c.Status, c.Message, status)
			}
			continue
		}
		switch c.Status {
		case "pass":
			passed++
		case "skip":
			// Generated components work locally: the only scenario that may
			// not run is a cancel with nothing to cancel the call in.
			if !strings.HasSuffix(c.ID, ".cancel") || !strings.Contains(c.Message, "so there was nothing to cancel it in") {
				t.Errorf("check %s skipped: %s", c.ID, c.Message)
			}
		default:
			t.Errorf("check %s: %s: %s", c.ID, c.Status, c.Message)
		}
	}
	if passed < 6*len(want) {
		t.Errorf("only %d checks passed for %d components: %s", passed, len(want), out)
	}
}

type check struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Message string `json:"message"`
	on      string // "plugin" or kind/name
}

// packerRun runs a real Packer in a generated project's root, with its own
// plugin folder and HOME.
type packerRun struct {
	t         *testing.T
	bin       string
	env       []string
	dir       string
	pluginDir string
}

func newPacker(t *testing.T, g *generated) *packerRun {
	t.Helper()
	bin, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	plugins := t.TempDir()
	env := packertest.Env(plugins, home)
	// The provisioner examples default to the user's own login, as a
	// user's shell has it.
	if me, err := user.Current(); err == nil {
		env = append(env, "USER="+me.Username)
	}
	return &packerRun{t: t, bin: bin, env: env, dir: g.dir, pluginDir: plugins}
}

func (p *packerRun) run(args ...string) string {
	p.t.Helper()
	cmd := exec.Command(p.bin, args...)
	cmd.Dir = p.dir
	cmd.Env = p.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		p.t.Fatalf("packer %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// install installs the built binary the way the generated README says:
// packer plugins install --path.
func (p *packerRun) install(g *generated) {
	p.t.Helper()
	out := p.run("plugins", "install", "--path", g.bin, "github.com/e2e/"+g.plugin)
	if !strings.Contains(out, "Successfully installed plugin github.com/e2e/"+g.plugin) {
		p.t.Fatalf("packer plugins install did not report success:\n%s", out)
	}
	installed, _ := filepath.Glob(filepath.Join(p.pluginDir, "github.com", "e2e", g.plugin, naming.BinaryPrefix+g.plugin+"_v*_x5.0_"+runtime.GOOS+"_"+runtime.GOARCH))
	if len(installed) != 1 {
		p.t.Fatalf("installed binaries under %s: %v, want exactly one", p.pluginDir, installed)
	}
}

// buildExample is the whole journey of a plugin author for one kind:
// generate the project, which is a sound Go project as made, build it
// once, pass the conformance suite unchanged, install it into real Packer,
// then validate its example as generated and build it with vars. It
// returns the project and the build's output.
func buildExample(t *testing.T, kind, name, buildName string, vars ...string) (*generated, string) {
	t.Helper()
	g := generate(t, kind, name)
	isSoundGoProject(t, g.dir, specsAndDocs, "")
	g.build(t)
	describesAsMade(t, g, kind)
	passesConformance(t, g, kind+"/"+name)
	hasSchemaGolden(t, g, kind)
	p := newPacker(t, g)
	p.install(g)
	p.run("validate", "example/"+name+".pkr.hcl")
	out := p.run(append(append([]string{"build"}, vars...), "example/"+name+".pkr.hcl")...)
	finished(t, out, buildName)
	return g, out
}

// describesAsMade: the plugin describes itself with the version it was
// made with, the API version Packer 1.16.0 speaks, and one component, of
// kind, under the SDK's default name.
func describesAsMade(t *testing.T, g *generated, kind string) {
	t.Helper()
	desc, err := harness.Describe(context.Background(), g.bin)
	if err != nil {
		t.Fatal(err)
	}
	if desc.Version != "0.1.0-dev" || desc.APIVersion != harness.APIVersion {
		t.Errorf("describe: version %s api %s, want 0.1.0-dev and %s", desc.Version, desc.APIVersion, harness.APIVersion)
	}
	want := []harness.Component{{Kind: harness.Kind(kind), Name: harness.DefaultName}}
	if got := desc.Components(); !slices.Equal(got, want) {
		t.Errorf("describe lists %v, want %v", got, want)
	}
}

// finished asserts that Packer reports the build named build finished with
// no errored builds.
func finished(t *testing.T, out, build string) {
	t.Helper()
	if !strings.Contains(out, "Build '"+build+"' finished") {
		t.Errorf("build %q did not finish:\n%s", build, out)
	}
	if strings.Contains(out, "errored") || strings.Contains(out, "Some builds didn't complete successfully") {
		t.Errorf("a build errored:\n%s", out)
	}
}

// TestGeneratedBuilder: a generated builder passes the conformance suite unchanged,
// installs into real Packer, and validates and builds its example there;
// its artifact carries HCP Packer metadata core accepts.
func TestGeneratedBuilder(t *testing.T) {
	endToEnd(t)
	t.Parallel()
	g, out := buildExample(t, "builder", "note", "note.example")
	data, err := os.ReadFile(filepath.Join(g.dir, "note-output.txt"))
	if err != nil {
		t.Fatalf("the builder's file is missing: %v\n%s", err, out)
	}
	if string(data) != "hello from note\n" {
		t.Errorf("the builder wrote %q", data)
	}
	// The builder's own Ui line, and the generated data it set, used by the
	// provisioner that follows it.
	if !regexp.MustCompile(`Wrote note-output\.txt \(16 bytes, sha256 [0-9a-f]{64}\)`).MatchString(out) {
		t.Errorf("no Ui line from the builder:\n%s", out)
	}
	if !strings.Contains(out, "note wrote note-output.txt: hello from note") {
		t.Errorf("build.OutputPath did not reach the provisioner:\n%s", out)
	}
	givesHCPMetadata(t, g, "note")
}

// TestGeneratedPostProcessor: a generated post-processor passes the conformance suite unchanged,
// installs into real Packer, and validates and builds its example there.
func TestGeneratedPostProcessor(t *testing.T) {
	endToEnd(t)
	t.Parallel()
	g, out := buildExample(t, "post-processor", "sha-manifest", "null.example")
	input, err := os.ReadFile(filepath.Join(g.dir, "sha-manifest-input.txt"))
	if err != nil {
		t.Fatalf("the build's input file is missing: %v", err)
	}
	manifest, err := os.ReadFile(filepath.Join(g.dir, "sha-manifest.sha256sums"))
	if err != nil {
		t.Fatalf("the post-processor wrote no manifest: %v\n%s", err, out)
	}
	sum := sha256.Sum256(input)
	if !strings.Contains(string(manifest), hex.EncodeToString(sum[:])) {
		t.Errorf("manifest %q lacks the input's sha256 %x", manifest, sum)
	}
	if !strings.Contains(out, "Wrote checksum manifest of 1 file(s) to sha-manifest.sha256sums") {
		t.Errorf("no Ui line from the post-processor:\n%s", out)
	}
}

// TestGeneratedDatasource: a generated datasource passes the conformance suite unchanged,
// installs into real Packer, and validates and builds its example there.
func TestGeneratedDatasource(t *testing.T) {
	endToEnd(t)
	t.Parallel()
	g, out := buildExample(t, "datasource", "file-facts", "null.example")
	hello, err := os.ReadFile(filepath.Join(g.dir, "example", "file-facts.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(hello)
	want := "file-facts: file-facts.txt has " + strconv.Itoa(len(hello)) + " bytes, sha256 " + hex.EncodeToString(sum[:])
	if !strings.Contains(out, want) {
		t.Errorf("the datasource's output did not reach the template; want %q in:\n%s", want, out)
	}
}

// TestGeneratedProvisioner: a generated provisioner passes the conformance suite unchanged,
// installs into real Packer, and validates and builds its example there.
func TestGeneratedProvisioner(t *testing.T) {
	endToEnd(t)
	t.Parallel()
	ssh := sharedSSHD(t)
	_, out := buildExample(t, "provisioner", "remote-run", "null.example",
		"-var", "host="+ssh.Host,
		"-var", "port="+strconv.Itoa(ssh.Port),
		"-var", "username="+ssh.User,
		"-var", "private_key_file="+ssh.KeyPath,
	)
	host, _ := os.Hostname()
	if !strings.Contains(out, "Running command: echo") {
		t.Errorf("no Ui line from the provisioner:\n%s", out)
	}
	if !strings.Contains(out, "remote-run ran on "+host) {
		t.Errorf("the command's output over SSH did not come back; want %q in:\n%s", "remote-run ran on "+host, out)
	}
}
