package harness

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/hashicorp/packer-plugin-sdk/packer"
)

// UIKind is the kind of a Ui message.
type UIKind string

// Ui message kinds.
const (
	UIKindSay      UIKind = "say"
	UIKindMessage  UIKind = "message"
	UIKindError    UIKind = "error"
	UIKindMachine  UIKind = "machine"
	UIKindProgress UIKind = "progress"
	UIKindAsk      UIKind = "ask"
)

// UIMessage is one thing the plugin told the user.
type UIMessage struct {
	Time time.Time
	Kind UIKind
	Text string   // the message; the machine type; the progress source; the question
	Args []string // machine arguments
	// Size and Total are a progress stream's start offset and total size.
	Size, Total int64
}

// ErrNoAnswer is what UI.Ask returns without an Answer function: a plugin
// should not ask questions in a non-interactive build.
var ErrNoAnswer = errors.New("the harness UI has no answer (set UI.Answer)")

// UI is the packer.Ui the harness serves to the plugin. It records every
// message with its kind and is safe for concurrent use.
type UI struct {
	// Answer answers Ask; nil makes Ask fail with ErrNoAnswer.
	Answer func(question string) (string, error)
	// OnMessage, when set, sees each message as it arrives (a sign that
	// the call is under way); it must not block.
	OnMessage func(UIMessage)

	mu   sync.Mutex
	msgs []UIMessage
}

var _ packer.Ui = (*UI)(nil)

func (u *UI) record(m UIMessage) {
	m.Time = time.Now()
	u.mu.Lock()
	u.msgs = append(u.msgs, m)
	u.mu.Unlock()
	if u.OnMessage != nil {
		u.OnMessage(m)
	}
}

// Messages returns every message so far, in order.
func (u *UI) Messages() []UIMessage {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]UIMessage(nil), u.msgs...)
}

// MessagesOf returns the messages of one kind.
func (u *UI) MessagesOf(k UIKind) []UIMessage {
	var out []UIMessage
	for _, m := range u.Messages() {
		if m.Kind == k {
			out = append(out, m)
		}
	}
	return out
}

// Ask records the question and answers it with Answer.
func (u *UI) Ask(q string) (string, error) {
	u.record(UIMessage{Kind: UIKindAsk, Text: q})
	if u.Answer == nil {
		return "", ErrNoAnswer
	}
	return u.Answer(q)
}

// Askf, Say, Sayf, Message, Error, Errorf and Machine record one message
// each, with its kind.
func (u *UI) Askf(q string, args ...any) (string, error) { return u.Ask(fmt.Sprintf(q, args...)) }
func (u *UI) Say(s string)                               { u.record(UIMessage{Kind: UIKindSay, Text: s}) }
func (u *UI) Sayf(s string, args ...any)                 { u.Say(fmt.Sprintf(s, args...)) }
func (u *UI) Message(s string)                           { u.record(UIMessage{Kind: UIKindMessage, Text: s}) }
func (u *UI) Error(s string)                             { u.record(UIMessage{Kind: UIKindError, Text: s}) }
func (u *UI) Errorf(s string, args ...any)               { u.Error(fmt.Sprintf(s, args...)) }

func (u *UI) Machine(t string, args ...string) {
	u.record(UIMessage{Kind: UIKindMachine, Text: t, Args: append([]string(nil), args...)})
}

// TrackProgress records a progress bar and passes the stream through.
func (u *UI) TrackProgress(src string, current, total int64, stream io.ReadCloser) io.ReadCloser {
	u.record(UIMessage{Kind: UIKindProgress, Text: src, Size: current, Total: total})
	return stream
}
