package conformance

// repro.sh and its README, tested with a stand-in for Packer (a script
// that answers as Packer would for the case at hand): fast, and each
// stand-in says what real Packer does in that case.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/report"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/repro"
	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/sample"
	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// standIn writes an executable bash script and returns its path.
func standIn(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("#!/usr/bin/env bash\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// caseOf is the repro case of check id's verdict status on the
// post-processor conf-good of the plugin "acme", as the check hands it.
func caseOf(id string, status report.Status, rc repro.Case) *repro.Case {
	rc.Key = report.Key{Kind: "post-processor", Name: "conf-good", ID: id}
	rc.Status, rc.Component = status, confGood
	rc.Recipe = recipeOf(lookup(id), status)
	return &rc
}

// writeOneRepro writes rc's repro with a stand-in plugin binary that does
// nothing and returns its folder.
func writeOneRepro(t *testing.T, rc *repro.Case) string {
	t.Helper()
	return writeReproOf(t, rc, "exit 0\n")
}

// writeReproOf is writeOneRepro with a stand-in plugin running body in
// /bin/sh, which the kernel starts at once: its only exec is its own.
func writeReproOf(t *testing.T, rc *repro.Case, body string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "packer-plugin-acme")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	folders, err := repro.Write(t.TempDir(), bin, repro.Env{Plugin: "acme", CancelTimeout: 1}, []*repro.Case{rc})
	if err != nil {
		t.Fatal(err)
	}
	if len(folders) != 1 {
		t.Fatal("no repro written")
	}
	return folders[0].Dir
}

var confGood = harness.Component{Kind: harness.KindPostProcessor, Name: "conf-good"}

// The environment the component's conformance block gave the plugin is
// the environment real Packer runs it with.
func TestReproExportsTheBlocksEnv(t *testing.T) {
	dir := writeOneRepro(t, caseOf("config.core-keys", report.Fail, repro.Case{
		Body: "output = \"out\"\n", JSON: map[string]any{},
		Env: []string{"ACME_TOKEN=it's a \"secret\" $HOME", "ACME_REGION=eu-west-1"},
	}))
	packer := standIn(t, "packer", `case "$1" in
version) echo "Packer v1.16.0" ;;
validate) echo "plugin saw ACME_TOKEN=[$ACME_TOKEN] ACME_REGION=[$ACME_REGION]"; exit 1 ;;
esac
`)
	code, out := runRepro(t, dir, packer)
	if code != 1 || !strings.Contains(out, `plugin saw ACME_TOKEN=[it's a "secret" $HOME] ACME_REGION=[eu-west-1]`) {
		t.Fatalf("repro.sh exited %d, want 1 with the block's env passed to Packer as is:\n%s", code, out)
	}
}

// A check's repro case carries its block's env.
func TestReproCaseTakesTheBlocksEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), sample.FileName)
	if err := os.WriteFile(path, []byte("post-processor \"conf-good\" {\n  output = \"out\"\n  conformance {\n    env = { ACME_TOKEN = \"x\" }\n  }\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := sample.Load(path, "acme", nil)
	if err != nil {
		t.Fatal(err)
	}
	env := &checkEnv{suite: &suite{sample: sc}, Component: confGood, setup: &componentSetup{}}
	if rc := env.reproCase(nil); strings.Join(rc.Env, " ") != "ACME_TOKEN=x" {
		t.Fatalf("repro case env %q, want the block's ACME_TOKEN=x", rc.Env)
	}
}

// A WARN's README says the check warned: nothing failed.
func TestReproReadmeOfAWarning(t *testing.T) {
	dir := writeOneRepro(t, caseOf("config.core-keys", report.Warn, repro.Case{Message: `"<unknown>" placeholders were rejected`,
		Body: "output = \"out\"\n", JSON: map[string]any{}, Detail: map[string]string{"placeholder": "output"},
	}))
	readme := readFile(t, filepath.Join(dir, "README.md"))
	if strings.Contains(readme, "failed") || !strings.Contains(readme, "`packer-plugin-dev test` warned on this check") {
		t.Fatalf("the README of a WARN:\n%s", readme)
	}
}

// The placeholder repro of config.core-keys's WARN: real Packer's error
// for the attribute, whatever the plugin's words, confirms it; a template
// that fails for another reason tells nothing.
func TestReproPlaceholderReadsPackersError(t *testing.T) {
	dir := writeOneRepro(t, caseOf("config.core-keys", report.Warn, repro.Case{
		Body: "file_name = \"out\"\n", JSON: map[string]any{}, Detail: map[string]string{"placeholder": "file_name"},
	}))
	// What Packer 1.16.0 prints when a post-processor's Configure fails;
	// the plugin's error need not repeat the value.
	failed := `echo 'Error: Failed preparing post-processor-block "acme-conf-good" ""'
echo
echo '  on repro.pkr.hcl line 18:'
echo '  18:     file_name = data.null.unknown.output'
echo
echo "$1"
exit 1`
	cases := []struct {
		name     string
		validate string // the stand-in's validate of repro.pkr.hcl
		known    string // its validate of known.pkr.hcl
		want     int
	}{
		{"error naming the attribute", `set -- 'FileName: a file name cannot contain < or >'; ` + failed, "exit 0", 1},
		{"error naming the placeholder", `set -- 'invalid name "<unknown>"'; ` + failed, "exit 0", 1},
		{"validate passes", "exit 0", "exit 0", 0},
		// Only the source excerpt names it: another error.
		{"another error", `set -- 'Unsupported argument'; ` + failed, "exit 0", 2},
		{"the known template fails too", `set -- 'FileName: bad'; ` + failed, `set -- 'FileName: bad'; ` + failed, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			packer := standIn(t, "packer", `case "$1 $2" in
version*) echo "Packer v1.16.0" ;;
"validate repro.pkr.hcl") `+c.validate+` ;;
"validate known.pkr.hcl") `+c.known+` ;;
esac
`)
			if code, out := runRepro(t, dir, packer); code != c.want {
				t.Fatalf("repro.sh exited %d, want %d:\n%s", code, c.want, out)
			}
		})
	}
}

// The side-effects repro counts what the plugin's processes do, not what
// Packer does, by whatever path Packer is reached: the stand-in Packer,
// reached by a symlink, runs itself again by its real path (as Packer runs
// its built-ins) and runs the installed plugin's describe.
func TestReproSideEffectsAreThePlugins(t *testing.T) {
	skipShort(t, "runs the stand-in plugin under strace")
	if _, err := exec.LookPath("strace"); err != nil {
		t.Skip("side-effect repros watch Packer with strace, which is not installed (scripts/test.sh installs it)")
	}
	packer := standIn(t, "packer", `case "$1" in
version) echo "Packer v1.16.0" ;;
plugins) mkdir -p "$PACKER_PLUGIN_PATH/github.com/x/acme" && cp "$4" "$PACKER_PLUGIN_PATH/github.com/x/acme/packer-plugin-acme_v1.0.0_x5.0_linux_amd64" ;;
validate)
  "$(readlink -f "$0")" execute || exit 9
  [ -n "$RUN_PLUGIN" ] && for p in "$PACKER_PLUGIN_PATH"/github.com/x/acme/packer-plugin-*; do "$p" describe; done
  exit "${VALIDATE_EXIT:-0}" ;;
execute) exit 0 ;;
esac
`)
	link := filepath.Join(t.TempDir(), "packer")
	if err := os.Symlink(packer, link); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, plugin string
		env          []string
		want         int
	}{
		{"well-behaved", "exit 0\n", []string{"RUN_PLUGIN=1"}, 0},
		{"starts a process", "/bin/true\n", []string{"RUN_PLUGIN=1"}, 1},
		{"writes a file", "echo x > \"$HOME/made-by-the-plugin\"\n", []string{"RUN_PLUGIN=1"}, 1},
		// Packer did not run clean: nothing to tell from.
		{"plugin never run", "/bin/true\n", nil, 2},
		{"validate failed", "exit 0\n", []string{"RUN_PLUGIN=1", "VALIDATE_EXIT=1"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeReproOf(t, caseOf("config.side-effects", report.Fail, repro.Case{
				Body: "output = \"out\"\n", JSON: map[string]any{}, Detail: map[string]string{"kinds": "process"}, Env: c.env,
			}), c.plugin)
			if code, out := runRepro(t, dir, link); code != c.want {
				t.Fatalf("repro.sh exited %d, want %d:\n%s", code, c.want, out)
			}
		})
	}
}

// A program that is not Packer tells nothing: /bin/true "validates"
// every template.
func TestReproNeedsPacker(t *testing.T) {
	dir := writeOneRepro(t, caseOf("config.unknown-key", report.Fail, repro.Case{
		Body: "output = \"out\"\n", JSON: map[string]any{"output": "out"},
	}))
	if code, out := runRepro(t, dir, "/bin/true"); code != 2 || !strings.Contains(out, "/bin/true is not Packer") {
		t.Fatalf("repro.sh with /bin/true exited %d, want 2 saying it is not Packer:\n%s", code, out)
	}
}
