package conformance

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkSuiteVsPacker runs, in the same process and each iteration, the
// whole suite (every check, every scenario) on a one-component plugin
// binary and a real `packer validate` plus `packer build` of the same
// component; it reports both and their ratio (target: suite/packer <= 1.5).
//
//	go test ./conformance -run '^$' -bench SuiteVsPacker -benchtime 5x
func BenchmarkSuiteVsPacker(b *testing.B) {
	one := buildWith(b, "-X main.confOnly=post-processor/conf-good", "packer-plugin-misbehave")
	p := packerWith(b)
	// Packer runs the same component from its own install of the
	// one-component build.
	dir := filepath.Join(buildDir, "bench-packer")
	env := append(append([]string(nil), p.env...), "PACKER_PLUGIN_PATH="+filepath.Join(dir, "plugins"))
	install := exec.Command(p.bin, "plugins", "install", "--path", one, "github.com/test/misbehave")
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		b.Fatalf("install: %v\n%s", err, out)
	}
	tmpl := template(b, "misbehave-conf-good")
	packer := func(args ...string) {
		cmd := exec.Command(p.bin, append(args, ".")...)
		cmd.Dir, cmd.Env = tmpl, env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("packer %v: %v\n%s", args, err, out)
		}
	}

	var suite, real time.Duration
	checks := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		r, err := RunSuite(testContext(b), Options{Binary: one})
		suite += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if r.Failed() {
			b.Fatal("the suite failed on conf-good")
		}
		checks = r.Counts().Total()

		start = time.Now()
		packer("validate")
		packer("build")
		real += time.Since(start)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(suite.Milliseconds())/n, "suite-ms/op")
	b.ReportMetric(float64(real.Milliseconds())/n, "packer-ms/op")
	b.ReportMetric(suite.Seconds()/real.Seconds(), "suite/packer")
	b.Logf("%d checks: suite %v/op, packer validate+build %v/op, ratio %.2f (target <= 1.5)",
		checks, (suite / time.Duration(b.N)).Round(time.Millisecond), (real / time.Duration(b.N)).Round(time.Millisecond), suite.Seconds()/real.Seconds())
}
