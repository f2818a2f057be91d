package harness

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sort"
	"testing"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/rpc"
	"github.com/zclconf/go-cty/cty"
)

// BenchmarkStartConfigure measures one plugin process from exec to a
// finished Configure (start, handshake, ConfigSpec, Configure, close):
// bare (the plugin started and spoken to without the harness), through the
// harness without tracing (snapshot) and with the best tracing.
func BenchmarkStartConfigure(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			bareStartConfigure(b)
		}
	})
	b.Run("snapshot", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			harnessStartConfigure(b, TraceSnapshot)
		}
	})
	b.Run("traced", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			harnessStartConfigure(b, TraceBest)
		}
	})
}

// BenchmarkStartConfigureVsBare runs bare, snapshot and traced in turn in
// every iteration, so load from the rest of the machine hits all three
// alike, and reports the medians and the ratios to bare. Target: traced
// under 2x bare.
func BenchmarkStartConfigureVsBare(b *testing.B) {
	var bare, snap, traced []time.Duration
	var mode TraceMode
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		bareStartConfigure(b)
		t1 := time.Now()
		harnessStartConfigure(b, TraceSnapshot)
		t2 := time.Now()
		mode = harnessStartConfigure(b, TraceBest)
		t3 := time.Now()
		bare, snap, traced = append(bare, t1.Sub(t0)), append(snap, t2.Sub(t1)), append(traced, t3.Sub(t2))
	}
	mb, ms, mt := median(bare), median(snap), median(traced)
	b.ReportMetric(float64(mb.Microseconds())/1000, "bare-ms")
	b.ReportMetric(float64(ms.Microseconds())/1000, "snapshot-ms")
	b.ReportMetric(float64(mt.Microseconds())/1000, "traced-ms")
	b.ReportMetric(float64(mt)/float64(mb), "traced/bare")
	b.ReportMetric(float64(ms)/float64(mb), "snapshot/bare")
	if b.N > 1 {
		fmt.Printf("\nstart+handshake+Configure, medians of %d: bare %v, snapshot %v (%.2fx), %s %v (%.2fx)\n",
			b.N, mb.Round(time.Microsecond), ms.Round(time.Microsecond), float64(ms)/float64(mb),
			mode, mt.Round(time.Microsecond), float64(mt)/float64(mb))
	}
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func harnessStartConfigure(b *testing.B, mode TraceMode) TraceMode {
	p, err := Start(context.Background(), misbehaveBin(b), Component{KindPostProcessor, "good"}, Options{Trace: mode})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	spec, err := p.ConfigSpec()
	if err != nil {
		b.Fatal(err)
	}
	val, err := ConformValue(spec, cty.ObjectVal(map[string]cty.Value{"target": cty.StringVal("x")}))
	if err != nil {
		b.Fatal(err)
	}
	if err := p.PostProcessor().Configure(HCL2Args(KindPostProcessor, DefaultCoreVars(), val)...); err != nil {
		b.Fatal(err)
	}
	return p.TraceMode()
}

// bareStartConfigure is what core does, minus everything the harness adds.
func bareStartConfigure(b *testing.B) {
	tmp, err := os.MkdirTemp("", "harness-bench-bare-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command(misbehaveBin(b), "start", "post-processor", "--protobuf", "good")
	cmd.Env = append(os.Environ(), MagicCookieKey+"="+MagicCookieValue,
		"PACKER_PLUGIN_MIN_PORT=10000", "PACKER_PLUGIN_MAX_PORT=25000", "TMPDIR="+tmp)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatal(err)
	}
	h, err := ParseHandshake(line)
	if err != nil {
		b.Fatal(err)
	}
	conn, err := net.Dial(h.Network, h.Address)
	if err != nil {
		b.Fatal(err)
	}
	client, err := rpc.NewClient(conn)
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close()
	client.UseProto = true
	pp := client.PostProcessor()
	spec := pp.ConfigSpec()
	val, err := ConformValue(spec, cty.ObjectVal(map[string]cty.Value{"target": cty.StringVal("x")}))
	if err != nil {
		b.Fatal(err)
	}
	if err := pp.Configure(HCL2Args(KindPostProcessor, DefaultCoreVars(), val)...); err != nil {
		b.Fatal(err)
	}
}
