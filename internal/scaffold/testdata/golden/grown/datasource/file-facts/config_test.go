package filefacts

import (
	"strings"
	"testing"
)

func TestConfigureValid(t *testing.T) {
	var c Config
	if err := c.Configure(map[string]interface{}{"path": "hello.txt"}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	if c.Path != "hello.txt" {
		t.Fatalf("path = %q", c.Path)
	}
}

func TestConfigureRejectsUnknownKey(t *testing.T) {
	var c Config
	err := c.Configure(map[string]interface{}{"path": "x", "url": "https://example.com"})
	if err == nil || !strings.Contains(err.Error(), "url") {
		t.Fatalf("Configure with an unknown key: err = %v, want one naming %q", err, "url")
	}
}

func TestConfigureRejectsWrongType(t *testing.T) {
	var c Config
	err := c.Configure(map[string]interface{}{"path": []string{"a"}})
	if err == nil || !strings.Contains(err.Error(), "path") {
		t.Fatalf("Configure with a list for path: err = %v, want one naming %q", err, "path")
	}
}

func TestConfigureRequiresPath(t *testing.T) {
	var c Config
	if err := c.Configure(map[string]interface{}{}); err == nil || !strings.Contains(err.Error(), "path is required") {
		t.Fatalf("Configure without path: err = %v", err)
	}
}

// packer validate passes values it cannot know yet as "<unknown>".
func TestConfigureAcceptsUnknownPlaceholders(t *testing.T) {
	var c Config
	if err := c.Configure(map[string]interface{}{"path": "<unknown>"}); err != nil {
		t.Fatalf("Configure with a placeholder: %v", err)
	}
}

func TestConfigureIsRepeatable(t *testing.T) {
	var c Config
	if err := c.Configure(map[string]interface{}{"path": "a"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Configure(map[string]interface{}{"path": "b"}); err != nil {
		t.Fatal(err)
	}
	if c.Path != "b" {
		t.Fatalf("path = %q after the second Configure", c.Path)
	}
}
