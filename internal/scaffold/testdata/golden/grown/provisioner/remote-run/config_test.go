package remoterun

import (
	"reflect"
	"strings"
	"testing"
)

func TestPrepareValid(t *testing.T) {
	var c Config
	if err := c.Prepare(map[string]interface{}{"command": "uname -a", "valid_exit_codes": []int{0, 3}}); err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if c.Command != "uname -a" || !reflect.DeepEqual(c.ValidExitCodes, []int{0, 3}) {
		t.Fatalf("decoded %+v", c)
	}
}

func TestPrepareDefaultsExitCodes(t *testing.T) {
	var c Config
	if err := c.Prepare(map[string]interface{}{"command": "true"}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.ValidExitCodes, []int{0}) {
		t.Fatalf("valid_exit_codes default = %v, want [0]", c.ValidExitCodes)
	}
}

func TestPrepareRejectsUnknownKey(t *testing.T) {
	var c Config
	err := c.Prepare(map[string]interface{}{"command": "true", "inline": "x"})
	if err == nil || !strings.Contains(err.Error(), "inline") {
		t.Fatalf("Prepare with an unknown key: err = %v, want one naming %q", err, "inline")
	}
}

func TestPrepareRejectsWrongType(t *testing.T) {
	var c Config
	err := c.Prepare(map[string]interface{}{"command": "true", "valid_exit_codes": "zero"})
	if err == nil || !strings.Contains(err.Error(), "valid_exit_codes") {
		t.Fatalf("Prepare with a string for valid_exit_codes: err = %v, want one naming it", err)
	}
}

func TestPrepareRequiresCommand(t *testing.T) {
	var c Config
	if err := c.Prepare(map[string]interface{}{}); err == nil || !strings.Contains(err.Error(), "command is required") {
		t.Fatalf("Prepare without command: err = %v", err)
	}
}

// packer validate passes values it cannot know yet as "<unknown>".
func TestPrepareAcceptsUnknownPlaceholders(t *testing.T) {
	var c Config
	if err := c.Prepare(map[string]interface{}{"command": "<unknown>"}); err != nil {
		t.Fatalf("Prepare with a placeholder: %v", err)
	}
}

// Packer prepares provisioners again before each Provision.
func TestPrepareIsRepeatable(t *testing.T) {
	var c Config
	if err := c.Prepare(map[string]interface{}{"command": "a", "valid_exit_codes": []int{2}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Prepare(map[string]interface{}{"command": "b"}); err != nil {
		t.Fatal(err)
	}
	if c.Command != "b" || !reflect.DeepEqual(c.ValidExitCodes, []int{0}) {
		t.Fatalf("second Prepare kept state from the first: %+v", c)
	}
}
