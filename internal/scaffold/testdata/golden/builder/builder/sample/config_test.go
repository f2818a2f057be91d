package sample

import (
	"strings"
	"testing"
)

func TestPrepareValid(t *testing.T) {
	var c Config
	if _, err := c.Prepare(map[string]interface{}{"path": "out.txt", "content": "hello"}); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if c.Path != "out.txt" || c.Content != "hello" {
		t.Fatalf("decoded %+v, want path out.txt and content hello", c)
	}
}

func TestPrepareRejectsUnknownKey(t *testing.T) {
	var c Config
	_, err := c.Prepare(map[string]interface{}{"path": "out.txt", "colour": "blue"})
	if err == nil || !strings.Contains(err.Error(), "colour") {
		t.Fatalf("Prepare with an unknown key: err = %v, want one naming %q", err, "colour")
	}
}

func TestPrepareRejectsWrongType(t *testing.T) {
	var c Config
	_, err := c.Prepare(map[string]interface{}{"path": []string{"a", "b"}})
	if err == nil || !strings.Contains(err.Error(), "path") {
		t.Fatalf("Prepare with a list for path: err = %v, want one naming %q", err, "path")
	}
}

func TestPrepareRequiresPath(t *testing.T) {
	var c Config
	if _, err := c.Prepare(map[string]interface{}{"content": "x"}); err == nil || !strings.Contains(err.Error(), "path is required") {
		t.Fatalf("Prepare without path: err = %v, want %q", err, "path is required")
	}
}

// packer validate passes values it cannot know yet as "<unknown>".
func TestPrepareAcceptsUnknownPlaceholders(t *testing.T) {
	var c Config
	if _, err := c.Prepare(map[string]interface{}{"path": "<unknown>", "content": "<unknown>"}); err != nil {
		t.Fatalf("Prepare with placeholders: %v", err)
	}
}

// Packer may prepare the same component more than once.
func TestPrepareIsRepeatable(t *testing.T) {
	var c Config
	if _, err := c.Prepare(map[string]interface{}{"path": "a.txt", "content": "first"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Prepare(map[string]interface{}{"path": "b.txt"}); err != nil {
		t.Fatal(err)
	}
	if c.Path != "b.txt" || c.Content != "" {
		t.Fatalf("second Prepare kept state from the first: %+v", c)
	}
}
