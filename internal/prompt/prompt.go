// Package prompt asks the user for missing values. Commands depend on the
// Prompter interface so tests can answer without a terminal.
package prompt

import (
	"errors"
	"io"
	"os"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
)

// ErrInterrupted is returned when the user presses Ctrl-C at a prompt.
var ErrInterrupted = errors.New("interrupted")

// Prompter asks one question at a time.
type Prompter interface {
	// Select asks for one of options; def is preselected when not empty.
	Select(message string, options []string, def string) (string, error)
	// Input asks for free text; validate, when not nil, is re-run until it
	// accepts the answer.
	Input(message, def string, validate func(string) error) (string, error)
}

// Survey is a Prompter backed by github.com/AlecAivazis/survey/v2.
type Survey struct {
	In     terminal.FileReader
	Out    terminal.FileWriter
	ErrOut io.Writer
}

// NewSurvey returns a Prompter on the given files, normally os.Stdin,
// os.Stdout and os.Stderr.
func NewSurvey(in terminal.FileReader, out terminal.FileWriter, errOut io.Writer) *Survey {
	return &Survey{In: in, Out: out, ErrOut: errOut}
}

// NewSystem returns a Prompter on the process's terminal.
func NewSystem() *Survey { return NewSurvey(os.Stdin, os.Stdout, os.Stderr) }

func (s *Survey) opts() survey.AskOpt { return survey.WithStdio(s.In, s.Out, s.ErrOut) }

// Select implements Prompter.
func (s *Survey) Select(message string, options []string, def string) (string, error) {
	q := &survey.Select{Message: message, Options: options}
	if def != "" {
		q.Default = def
	}
	var answer string
	err := survey.AskOne(q, &answer, s.opts())
	return answer, translate(err)
}

// Input implements Prompter.
func (s *Survey) Input(message, def string, validate func(string) error) (string, error) {
	q := &survey.Input{Message: message, Default: def}
	var answer string
	var opts []survey.AskOpt
	opts = append(opts, s.opts())
	if validate != nil {
		opts = append(opts, survey.WithValidator(func(v any) error {
			str, _ := v.(string)
			return validate(str)
		}))
	}
	err := survey.AskOne(q, &answer, opts...)
	return answer, translate(err)
}

func translate(err error) error {
	if errors.Is(err, terminal.InterruptErr) {
		return ErrInterrupted
	}
	return err
}
