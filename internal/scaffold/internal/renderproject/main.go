// Command renderproject writes a generated plugin project of one kind into
// a directory. scripts/update-template-deps.sh uses it to tidy such a
// project and copy its go.sum, go.mod requires and generated HCL2 spec
// back into the templates.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/packer-plugin-dev/packer-plugin-dev/internal/scaffold"
)

func main() {
	kind := flag.String("kind", "", "component kind: builder, provisioner, post-processor or datasource")
	dir := flag.String("dir", "", "directory to write the project into (must be missing or empty)")
	flag.Parse()
	if err := run(*kind, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "renderproject:", err)
		os.Exit(1)
	}
}

func run(kind, dir string) error {
	if dir == "" {
		return fmt.Errorf("-dir is required")
	}
	k, err := scaffold.ParseKind(kind)
	if err != nil {
		return err
	}
	p, err := scaffold.Render(scaffold.Options{Kind: k, Name: "example", Owner: "example"})
	if err != nil {
		return err
	}
	return p.Write(dir, false)
}
