package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

func TestUIRecordsEveryKindConcurrently(t *testing.T) {
	ui := &UI{}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ui.Say(fmt.Sprintf("say %d", i))
			ui.Message("message")
			ui.Errorf("error %d", i)
			ui.Machine("artifact", "0", "id", "x")
			rc := ui.TrackProgress("file.iso", 0, 10, io.NopCloser(strings.NewReader("x")))
			rc.Close()
		}(i)
	}
	wg.Wait()
	if n := len(ui.Messages()); n != 100 {
		t.Fatalf("recorded %d messages, want 100", n)
	}
	for _, k := range []UIKind{UIKindSay, UIKindMessage, UIKindError, UIKindMachine, UIKindProgress} {
		if n := len(ui.MessagesOf(k)); n != 20 {
			t.Errorf("%d %s messages, want 20", n, k)
		}
	}
	m := ui.MessagesOf(UIKindMachine)[0]
	if m.Text != "artifact" || strings.Join(m.Args, ",") != "0,id,x" {
		t.Errorf("machine message recorded as %+v", m)
	}
	if p := ui.MessagesOf(UIKindProgress)[0]; p.Text != "file.iso" || p.Total != 10 {
		t.Errorf("progress recorded as %+v", p)
	}
}

func TestUIAsk(t *testing.T) {
	ui := &UI{}
	if _, err := ui.Ask("continue?"); !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("Ask without Answer: %v, want ErrNoAnswer", err)
	}
	ui.Answer = func(q string) (string, error) { return "yes to " + q, nil }
	if got, _ := ui.Askf("go %d?", 1); got != "yes to go 1?" {
		t.Fatalf("Ask answered %q", got)
	}
	if n := len(ui.MessagesOf(UIKindAsk)); n != 2 {
		t.Fatalf("%d questions recorded, want 2", n)
	}
}

func TestCommunicatorRecordsAndAnswers(t *testing.T) {
	c := &Communicator{}
	c.Respond(func(cmd string) Response {
		if strings.HasPrefix(cmd, "fail") {
			return Response{Stderr: "no such thing\n", Exit: 3}
		}
		return Response{Stdout: "ran " + cmd + "\n"}
	})
	ui := &UI{}
	ok := &packer.RemoteCmd{Command: "echo hi"}
	if err := ok.RunWithUi(context.Background(), c, ui); err != nil || ok.ExitStatus() != 0 {
		t.Fatalf("echo: err %v, exit %d", err, ok.ExitStatus())
	}
	var stderr bytes.Buffer
	bad := &packer.RemoteCmd{Command: "fail now", Stdin: strings.NewReader("input"), Stderr: &stderr}
	if err := c.Start(context.Background(), bad); err != nil {
		t.Fatal(err)
	}
	if code := bad.Wait(); code != 3 || stderr.String() != "no such thing\n" {
		t.Fatalf("fail: exit %d, stderr %q", code, stderr.String())
	}
	cmds := c.Commands()
	if len(cmds) != 2 || cmds[0].Command != "echo hi" || cmds[1].Exit != 3 || string(cmds[1].Stdin) != "input" {
		t.Fatalf("commands recorded as %+v", cmds)
	}
	if says := ui.MessagesOf(UIKindSay); len(says) != 1 || says[0].Text != "ran echo hi" {
		t.Errorf("RunWithUi output reached the UI as %+v", ui.Messages())
	}

	if err := c.Upload("/etc/motd", strings.NewReader("hello"), nil); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := c.Download("/etc/motd", &got); err != nil || got.String() != "hello" {
		t.Fatalf("download of an uploaded file: %q, %v", got.String(), err)
	}
	if err := c.Download("/missing", io.Discard); err == nil || !strings.Contains(err.Error(), "/missing") {
		t.Fatalf("download of an unknown file: %v", err)
	}
	_ = c.UploadDir("/opt", "local/", []string{".git"})
	_ = c.DownloadDir("/var/log", "logs/", nil)
	if u, d := c.Uploads(), c.Downloads(); len(u) != 2 || len(d) != 3 || u[1].Op != "upload-dir" || u[1].Exclude[0] != ".git" {
		t.Fatalf("uploads %+v, downloads %+v", u, d)
	}

	c.Respond(func(string) Response { return Response{Err: errors.New("unreachable")} })
	if err := c.Start(context.Background(), &packer.RemoteCmd{Command: "x"}); err == nil {
		t.Fatal("Start ignored Response.Err")
	}
}

func TestHookRecords(t *testing.T) {
	var ran []string
	h := &Hook{Func: func(_ context.Context, name string, _ packer.Ui, _ packer.Communicator, _ any) error {
		ran = append(ran, name)
		return nil
	}}
	if err := h.Run(context.Background(), packer.HookProvision, &UI{}, &Communicator{}, map[string]any{"a": 1}); err != nil {
		t.Fatal(err)
	}
	calls := h.Calls()
	if len(calls) != 1 || calls[0].Name != packer.HookProvision || !calls[0].HadCommunicator || len(ran) != 1 {
		t.Fatalf("hook calls %+v, ran %v", calls, ran)
	}
}

func TestFileArtifact(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "in")
	a, err := NewFileArtifact(dir, map[string][]byte{"a.txt": []byte("a"), "sub/b.txt": []byte("b")})
	if err != nil {
		t.Fatal(err)
	}
	files := a.Files()
	if len(files) != 2 || files[0] != filepath.Join(dir, "a.txt") {
		t.Fatalf("files %v", files)
	}
	if b, _ := os.ReadFile(files[1]); string(b) != "b" {
		t.Fatalf("file content %q", b)
	}
	if a.Destroyed() || len(a.Missing()) != 0 {
		t.Fatal("fresh artifact reports destroyed or missing files")
	}
	if err := a.Destroy(); err != nil {
		t.Fatal(err)
	}
	if err := a.Destroy(); err != nil {
		t.Fatalf("second Destroy: %v", err)
	}
	if a.DestroyCount() != 2 || len(a.Missing()) != 2 {
		t.Fatalf("after Destroy: count %d, missing %v", a.DestroyCount(), a.Missing())
	}
	if _, err := NewFileArtifact(dir, map[string][]byte{"../escape": nil}); err == nil {
		t.Fatal("a file outside the artifact folder was accepted")
	}
}
