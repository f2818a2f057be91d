package scaffold

import (
	"bytes"
	"fmt"
	"strings"
)

// Marker is the text of the line generated files keep where `add` inserts
// the next component's lines (in main.go, registerMarker and importMarker).
const Marker = "packer-plugin-dev:add"

// appendable are the files an insert goes to the end of when they have no
// marker, as in a project not made by `new`; they are created when missing.
// Any other file without a marker gets a note for the author instead.
var appendable = map[string]bool{"conformance.pkr.hcl": true, ".gitignore": true}

// insert puts fragment into tree's file target, before its marker line,
// unless the fragment's first line is already there: inserts are keyed by
// their first line, so running add twice inserts once. It returns a note
// when the author has to do it by hand.
func insert(tree fileTree, target string, fragment []byte) (note string) {
	f, ok := tree[target]
	key := firstLine(fragment)
	if ok && hasLine(f.Data, key) {
		return ""
	}
	if ok {
		if out, found := insertBefore(f.Data, Marker, fragment); found {
			f.Data = out
			tree[target] = f
			return ""
		}
	}
	if !appendable[target] {
		if !ok {
			return fmt.Sprintf("there is no %s to list the component in", target)
		}
		return fmt.Sprintf("%s has no %q line: add the component to it yourself:\n%s", target, Marker, indent(fragment))
	}
	if !ok {
		f = File{Path: target, Mode: 0o644}
	}
	if len(f.Data) > 0 && !bytes.HasSuffix(f.Data, []byte("\n")) {
		f.Data = append(f.Data, '\n')
	}
	if len(f.Data) > 0 {
		f.Data = append(f.Data, '\n')
	}
	f.Data = append(f.Data, bytes.TrimRight(fragment, "\n")...)
	f.Data = append(f.Data, '\n')
	tree[target] = f
	return ""
}

// insertBefore inserts fragment before the first line of data containing
// marker.
func insertBefore(data []byte, marker string, fragment []byte) ([]byte, bool) {
	i := bytes.Index(data, []byte(marker))
	if i < 0 {
		return data, false
	}
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	var out bytes.Buffer
	out.Write(data[:start])
	out.Write(fragment)
	if len(fragment) > 0 && !bytes.HasSuffix(fragment, []byte("\n")) {
		out.WriteByte('\n')
	}
	out.Write(data[start:])
	return out.Bytes(), true
}

// hasLine reports whether data has a line equal to line, spaces aside
// (gofmt realigns trailing comments).
func hasLine(data []byte, line string) bool {
	want := squeeze(line)
	if want == "" {
		return false
	}
	for _, l := range strings.Split(string(data), "\n") {
		if squeeze(l) == want {
			return true
		}
	}
	return false
}

func firstLine(b []byte) string {
	for _, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

func indent(b []byte) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return "    " + strings.Join(lines, "\n    ")
}
