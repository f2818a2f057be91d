package conformance

import (
	"strings"

	"github.com/hashicorp/packer-plugin-sdk/packer"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// The artifact contract, for what builders and post-processors return.

func init() {
	register(&Check{
		ID: "artifact.contract", Kinds: []harness.Kind{harness.KindBuilder, harness.KindPostProcessor}, NeedsConfig: true,
		Summary: "the returned artifact has a BuilderId and a String, every file in Files() exists, Destroy removes them and may be called twice",
		run:     runArtifactContract,
	})
}

func runArtifactContract(t *T) error {
	var (
		p   *harness.Plugin
		a   packer.Artifact
		err error
	)
	switch t.Component.Kind {
	case harness.KindBuilder:
		p, a, err = t.build(&harness.Hook{})
		if p == nil {
			return err
		}
		if err != nil || a == nil {
			return Skip("Run returned no artifact here (see builder.run)")
		}
	case harness.KindPostProcessor:
		var in *harness.FileArtifact
		p, in, a, _, _, err = t.postProcess()
		if in == nil && err != nil {
			return err
		}
		if err := needOutput(a, err); err != nil {
			return err
		}
	}
	var problems []string
	if a.BuilderId() == "" {
		problems = append(problems, "BuilderId() is empty: return a unique id such as \"acme.compress\"")
	}
	if strings.TrimSpace(a.String()) == "" {
		problems = append(problems, "String() is empty: Packer prints it at the end of the build")
	}
	files := a.Files()
	if gone := missingFiles(p, files); len(gone) > 0 {
		problems = append(problems, "Files() lists files that do not exist:\n"+joinLines("  ", gone))
	}
	if err := a.Destroy(); err != nil {
		problems = append(problems, "Destroy failed: "+errorText(err))
	} else {
		if left := existingFiles(p, files); len(left) > 0 {
			problems = append(problems, "Destroy left files behind:\n"+joinLines("  ", left))
		}
		if err := a.Destroy(); err != nil {
			problems = append(problems, "a second Destroy failed: "+firstLine(errorText(err))+"\nDestroy must be idempotent (ignore files already gone): core may destroy an artifact more than once")
		}
	}
	if len(problems) > 0 {
		return Failf("%s", strings.Join(problems, "\n"))
	}
	t.Notef("%s", plural(len(files), "file"))
	return nil
}
