package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats lists what Write renders.
var Formats = []string{"text", "json", "junit"}

// Write renders r in format; colour applies to text only.
func Write(w io.Writer, r *Report, format string, colour bool) error {
	switch format {
	case "", "text":
		return writeText(w, r, colour)
	case "json":
		return writeJSON(w, r)
	case "junit":
		return writeJUnit(w, r)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

func writeJSON(w io.Writer, r *Report) error {
	out := *r
	out.Summary = r.Counts()
	if out.Incomplete == nil {
		out.Incomplete = []Gap{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}
