package e2e

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/packertest"
)

// workflow is the part of a GitHub Actions workflow these tests read.
type workflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Env   map[string]string `yaml:"env"`
		Steps []step            `yaml:"steps"`
	} `yaml:"jobs"`
}

type step struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
}

// pinned: an action from another repository at a full commit SHA, or one
// in the workspace (./...).
var pinned = regexp.MustCompile(`^(\./.+|[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40})$`)

func readWorkflow(t *testing.T, path string) workflow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("%s does not parse: %v", path, err)
	}
	if len(w.Jobs) == 0 {
		t.Fatalf("%s has no jobs", path)
	}
	return w
}

// installLine is how the README tells users to install packer-plugin-dev.
var installLine = regexp.MustCompile(`^go install github\.com/packer-plugin-dev/packer-plugin-dev/cmd/packer-plugin-dev@\$\{PACKER_PLUGIN_DEV_VERSION\}$`)

// runTestWorkflow runs the project's generated test workflow's run: steps,
// as written, and returns their output: bash with the runner's flags, the
// workflow's env, this build of packer-plugin-dev on PATH where the
// workflow installs a release with go install, and the real Packer 1.16.0
// as packer where it uses hashicorp/setup-packer. Every uses: step of
// every generated workflow is pinned to a commit.
func runTestWorkflow(t *testing.T, g *generated) string {
	t.Helper()
	workflows, _ := filepath.Glob(filepath.Join(g.dir, ".github", "workflows", "*.y*ml"))
	if len(workflows) != 4 {
		t.Fatalf("workflows = %v, want test, release and the two notify-integration-release ones", workflows)
	}
	for _, path := range workflows {
		for _, job := range readWorkflow(t, path).Jobs {
			for _, s := range job.Steps {
				if s.Uses != "" && !pinned.MatchString(s.Uses) {
					t.Errorf("%s: %q is not pinned to a commit", filepath.Base(path), s.Uses)
				}
			}
		}
	}

	// CI checks out a pushed commit: the adds are committed.
	for _, args := range [][]string{{"add", "-A"}, {"-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-q", "-m", "add components"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = g.dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", args[0], err, b)
		}
	}
	packer, err := packertest.Binary()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	for name, target := range map[string]string{"packer": packer, "packer-plugin-dev": cli(t)} {
		if err := os.Symlink(target, filepath.Join(bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	w := readWorkflow(t, filepath.Join(g.dir, ".github", "workflows", "test.yml"))
	if v := w.Env["PACKER_PLUGIN_DEV_VERSION"]; !regexp.MustCompile(`^v\d+\.\d+\.\d+`).MatchString(v) {
		t.Errorf("PACKER_PLUGIN_DEV_VERSION = %q, want a release version", v)
	}
	home := t.TempDir()
	env := append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"HOME="+home, "PACKER_PLUGIN_PATH="+filepath.Join(home, "plugins"), "CI=true", "GITHUB_ACTIONS=true")
	// A fresh HOME would also mean a cold Go build and module cache, which
	// the runner's setup-go restores: keep this machine's.
	env = append(env, goCaches(t)...)
	// The provisioner's example connects as $USER, as on the runner.
	if me, err := user.Current(); err == nil {
		env = append(env, "USER="+me.Username)
	}
	for k, v := range w.Env {
		env = append(env, k+"="+v)
	}
	var ran, setupPacker, upload int
	var out strings.Builder
	for _, s := range w.Jobs["test"].Steps {
		switch {
		case strings.HasPrefix(s.Uses, "hashicorp/setup-packer@"):
			setupPacker++
			continue
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@"):
			upload++
			continue
		case s.Uses != "":
			continue
		case strings.HasPrefix(s.Run, "go install "):
			if !installLine.MatchString(strings.TrimSpace(s.Run)) {
				t.Errorf("the workflow installs packer-plugin-dev with %q, not as the README says", s.Run)
			}
			continue
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", s.Run)
		cmd.Dir = g.dir
		cmd.Env = env
		for k, v := range s.Env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		b, err := cmd.CombinedOutput()
		out.Write(b)
		if err != nil {
			t.Fatalf("step %q failed: %v\n%s", s.Name, err, b)
		}
		ran++
	}
	if ran != 4 || setupPacker != 1 || upload != 1 {
		t.Errorf("ran %d run: steps, %d setup-packer, %d upload-artifact; want 4, 1, 1", ran, setupPacker, upload)
	}
	junit, err := os.ReadFile(filepath.Join(g.dir, "conformance.xml"))
	if err != nil || !strings.Contains(string(junit), "<testsuite") || strings.Contains(string(junit), "<failure") {
		t.Errorf("conformance.xml (%v):\n%s", err, junit)
	}
	return out.String()
}

// goCaches pins the go command's build and module caches to this
// machine's, as GOCACHE= and GOMODCACHE= settings.
func goCaches(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		t.Fatalf("go env GOCACHE GOMODCACHE printed %q", out)
	}
	return []string{"GOCACHE=" + lines[0], "GOMODCACHE=" + lines[1]}
}
