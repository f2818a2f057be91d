package sample

import (
	"strings"
	"testing"
)

func TestConfigureValid(t *testing.T) {
	var c Config
	if err := c.Configure(map[string]interface{}{"output": "out/sums.txt"}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	if c.Output != "out/sums.txt" {
		t.Fatalf("output = %q", c.Output)
	}
}

func TestConfigureDefaultsOutput(t *testing.T) {
	var c Config
	if err := c.Configure(map[string]interface{}{}); err != nil {
		t.Fatal(err)
	}
	if c.Output != DefaultOutput {
		t.Fatalf("output = %q, want %q", c.Output, DefaultOutput)
	}
}

func TestConfigureRejectsUnknownKey(t *testing.T) {
	var c Config
	err := c.Configure(map[string]interface{}{"algorithm": "md5"})
	if err == nil || !strings.Contains(err.Error(), "algorithm") {
		t.Fatalf("Configure with an unknown key: err = %v, want one naming %q", err, "algorithm")
	}
}

func TestConfigureRejectsWrongType(t *testing.T) {
	var c Config
	err := c.Configure(map[string]interface{}{"output": map[string]interface{}{"a": 1}})
	if err == nil || !strings.Contains(err.Error(), "output") {
		t.Fatalf("Configure with a map for output: err = %v, want one naming %q", err, "output")
	}
}

// packer validate passes values it cannot know yet as "<unknown>".
func TestConfigureAcceptsUnknownPlaceholders(t *testing.T) {
	var c Config
	if err := c.Configure(map[string]interface{}{"output": "<unknown>"}); err != nil {
		t.Fatalf("Configure with a placeholder: %v", err)
	}
}

// Packer configures post-processors again at build time.
func TestConfigureIsRepeatable(t *testing.T) {
	var c Config
	if err := c.Configure(map[string]interface{}{"output": "a"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Configure(map[string]interface{}{}); err != nil {
		t.Fatal(err)
	}
	if c.Output != DefaultOutput {
		t.Fatalf("second Configure kept state from the first: %+v", c)
	}
}
