package conformance

import (
	"strings"

	"github.com/hashicorp/packer-plugin-sdk/packer"

	"github.com/packer-plugin-dev/packer-plugin-dev/harness"
)

// The artifact contract, for what builders and post-processors return.

var checkArtifactContract = &Check{
	ID: "artifact.contract", Kinds: []harness.Kind{harness.KindBuilder, harness.KindPostProcessor}, NeedsConfig: true,
	Summary: "the returned artifact has a BuilderId and a String, every file in Files() exists, and Destroy (which core calls once) succeeds and removes them",
	run:     runArtifactContract,
	repro:   reproArtifact,
}

func runArtifactContract(t *checkEnv) error {
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
			return skipf("Run returned no artifact here (see builder.run)")
		}
	case harness.KindPostProcessor:
		var pp *postProcessed
		if pp, err = t.postProcess(); err != nil {
			return err
		}
		if err := pp.needOutput(); err != nil {
			return err
		}
		p, a = pp.plugin, pp.out
	}
	var problems []string
	if a.BuilderId() == "" {
		t.Warnf("BuilderId() is empty: post-processors tell the artifacts they accept by it, and the manifest post-processor records it; return a unique id such as \"acme.compress\"")
	}
	if strings.TrimSpace(a.String()) == "" {
		t.Warnf("String() is empty: Packer prints it as the build's result")
	}
	files := a.Files()
	if gone := missingFiles(p, files); len(gone) > 0 {
		problems = append(problems, "Files() lists files that do not exist (the SDK's Artifact.Files: \"the set of files that comprise this artifact\"; the next post-processor reads them):\n"+joinLines("  ", gone))
	}
	// Core calls Destroy once, on an input that is not kept, and fails the
	// build with the error it returns (packer/build.go).
	if err := a.Destroy(); err != nil {
		problems = append(problems, "Destroy failed, which fails the build whenever Packer discards this artifact (keep_input_artifact = false, or a post-processor that does not keep its input): "+destroyErrorText(err))
	} else if left := existingFiles(p, files); len(left) > 0 {
		problems = append(problems, "Destroy left files behind, so they stay when the user asks Packer not to keep this artifact:\n"+joinLines("  ", left))
	}
	if len(problems) > 0 {
		return failFindings("", problems, "")
	}
	t.Notef("%s", plural(len(files), "file"))
	return nil
}

// destroyErrorText explains the error a remote Destroy returned: the SDK's
// msgpack codec cannot carry the plugin's error value back, so core (and
// the suite) get a decode error instead of the plugin's words.
func destroyErrorText(err error) string {
	text := errorText(err)
	if strings.Contains(text, "msgpack") {
		return "it returned an error, which reaches Packer as \"" + text + "\" (the plugin RPC cannot carry the error's own text; see the plugin's log)"
	}
	return text
}
