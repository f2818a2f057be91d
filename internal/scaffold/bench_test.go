package scaffold

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkRenderAndWrite measures `new` without git: render every
// template in memory and write the project.
func BenchmarkRenderAndWrite(b *testing.B) {
	for _, k := range Kinds {
		b.Run(string(k), func(b *testing.B) {
			root := b.TempDir()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				p, err := Render(Options{Kind: k, Name: "sample", Owner: "acme"})
				if err != nil {
					b.Fatal(err)
				}
				if err := p.Write(filepath.Join(root, strconv.Itoa(i)), false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// goEnv runs the go tool as a user's first build would: -mod=readonly, so a
// go.mod or go.sum that lacks anything fails instead of being fixed up. The
// proxy stays on: a fresh machine (CI's) has to download the modules once,
// and go.sum still checks every byte of them. The build cache is the
// user's, shared by every build (they have most packages in common).
func goEnv() []string {
	return append(os.Environ(),
		"GOFLAGS=-mod=readonly", "GOWORK=off", "GOTOOLCHAIN=local", "CGO_ENABLED=0")
}

// BenchmarkTimeToBuiltPlugin compares, with a warm build cache, the time
// from nothing to a built plugin binary (render, write, go build in a fresh
// directory) against a plain `go build` of the same project in a fresh
// copy of its source (a clone, say): the baseline is measured in the same
// run, and x-plain is what scaffolding costs on top of the build a plugin
// author runs anyway.
//
//	go test ./scaffold -run '^$' -bench TimeToBuiltPlugin -benchtime 3x
func BenchmarkTimeToBuiltPlugin(b *testing.B) {
	for _, k := range Kinds {
		b.Run(string(k), func(b *testing.B) {
			root := b.TempDir()
			build := func(dir string) {
				cmd := exec.Command("go", "build", "-o", "packer-plugin-sample", ".")
				cmd.Dir = dir
				cmd.Env = goEnv()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("go build in %s: %v\n%s", dir, err, out)
				}
			}
			newProject := func(dir string) {
				p, err := Render(Options{Kind: k, Name: "sample", Owner: "acme"})
				if err != nil {
					b.Fatal(err)
				}
				if err := p.Write(dir, false); err != nil {
					b.Fatal(err)
				}
			}
			// The same project as plain files, and a warm build cache.
			pristine := filepath.Join(root, "pristine")
			newProject(pristine)
			warm := filepath.Join(root, "warm")
			newProject(warm)
			build(warm)

			var generated, plain time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				dir := filepath.Join(root, strconv.Itoa(i))
				newProject(dir)
				build(dir)
				generated += time.Since(start)

				copyDir := filepath.Join(root, "copy"+strconv.Itoa(i))
				if err := os.CopyFS(copyDir, os.DirFS(pristine)); err != nil {
					b.Fatal(err)
				}
				start = time.Now()
				build(copyDir)
				plain += time.Since(start)
			}
			n := float64(b.N)
			b.ReportMetric(float64(generated.Milliseconds())/n, "new+build-ms/op")
			b.ReportMetric(float64(plain.Milliseconds())/n, "plain-build-ms/op")
			b.ReportMetric(float64(generated)/float64(plain), "x-plain")
		})
	}
}
