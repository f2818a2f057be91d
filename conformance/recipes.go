package conformance

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/packer-plugin-dev/packer-plugin-dev/conformance/repro"
)

// reproCrash: Packer crashes in the command that makes the call: validate
// for the configuration calls, build for the others.
func reproCrash(call string) repro.Recipe {
	return func(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
		cmd := "build"
		switch call {
		case "ConfigSpec", "Prepare", "Configure", "OutputSpec":
			cmd = "validate"
		}
		return &repro.Plan{
			Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, "")),
			Command: "packer " + cmd + " .",
			Expect:  fmt.Sprintf("`packer %s` crashes: the plugin panics during %s and Packer reports the crash.", cmd, call),
			Run: `install_plugin
packer_run ` + cmd + ` .
if [ "$code" -ne 0 ] && printf '%s' "$out" | grep -q -E 'PACKER CRASH|panic:|plugin exited|unexpected EOF|connection is shut down'; then shown=1; fi`,
		}, nil
	}
}

func reproDescribe(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	return &repro.Plan{
		Command: "packer plugins install --path ../plugin/packer-plugin-" + e.Plugin + " " + e.Source(),
		Expect:  "`packer plugins install` refuses the plugin (its describe output is not what Packer accepts), so `packer init` and users cannot install it.",
		Run: `if out="$("$PACKER" plugins install --path "$plugin" ` + e.Source() + ` 2>&1)"; then
  echo "$out"
else
  echo "$out"
  shown=1
fi`,
	}, nil
}

// reproValidateFails: the component's template fails `packer validate`.
func reproValidateFails(expect string) repro.Recipe {
	return func(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
		return &repro.Plan{
			Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, "")),
			Command: "packer validate .",
			Expect:  expect + ".",
			Run: `install_plugin
packer_run validate .
[ "$code" -ne 0 ] && shown=1`,
		}, nil
	}
}

func reproSideEffects(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	kinds := rc.Detail["kinds"]
	return &repro.Plan{
		Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, "")),
		Command: "packer validate .   (under strace -ff, with the folders diffed before and after)",
		Expect:  "`packer validate`, which should only read the template, performs the component's side effects: " + kinds + ".",
		Run: `install_plugin
snapshot() { find "$work/build" "$HOME" "$TMPDIR" -mindepth 1 -name 'packer-plugin*' -prune -o -print | sort; }
before="$(snapshot)"
traced=0
if command -v strace >/dev/null 2>&1; then
  mkdir "$work/trace"
  strace -ff -qq -o "$work/trace/t" -e trace=connect,execve,openat,unlinkat,renameat,renameat2,mkdirat,clone,clone3,fork,vfork "$PACKER" validate .
  code=$?
  traced=1
else
  packer_run validate .
fi
after="$(snapshot)"
created="$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after"))"
[ -n "$created" ] && { echo "repro: created during packer validate:"; echo "$created"; shown=1; }
if [ "$traced" = 1 ]; then
  # strace -ff writes a file per process and thread, t.<pid>. What the
  # plugin did is what its processes did from the exec of the installed
  # plugin on, and everything their descendants did; Packer's own work
  # (it runs itself for its built-ins, by whatever path it was reached)
  # is not the plugin's. Each line printed is "<pid> <syscall>".
  found="$(awk -v plugins="$PACKER_PLUGIN_PATH/" '
    FNR == 1 { if (FILENAME == first) pass = 2; if (first == "") { first = FILENAME; pass = 1 }
               pid = FILENAME; sub(/.*\./, "", pid); active = 0 }
    pass == 1 {
      if ($0 ~ /^(clone3?|v?fork)\(/ && $NF ~ /^[0-9]+$/) parent[$NF] = pid
      if (index($0, "execve(\"" plugins) == 1 && $0 ~ / = 0$/) { root[pid] = 1; roots++ }
      next
    }
    FNR == 1 { for (p = parent[pid]; p != "" && n++ < 64; p = parent[p]) if (p in root) { active = 1; break }; n = 0 }
    !active && (pid in root) && index($0, "execve(\"" plugins) == 1 { active = 1; next }
    active && /^(execve|connect|openat|unlinkat|renameat2?|mkdirat)\(/ { print pid " " $0 }
    END { if (!roots) print "no-plugin" }
  ' "$work"/trace/t.* "$work"/trace/t.*)"
  if [ "$found" = no-plugin ]; then
    echo "repro: the installed plugin never ran under packer validate" >&2
    shown=2
    found=""
  fi
  # Only creating, truncating, renaming and removing files count, and the
  # plugin's own RPC socket in TMPDIR is not a finding, nor are the C
  # library's local name-service sockets.
  found="$(printf '%s\n' "$found" | grep -E '^[0-9]+ (execve|connect|unlinkat|renameat2?|mkdirat)\(|^[0-9]+ openat\(.*O_(CREAT|TRUNC)' |
    grep -v -F "sun_path=\"$TMPDIR/" | grep -v -F "\"$TMPDIR/packer-plugin" | grep -v -E 'nscd|systemd/userdb' || true)"
  # A failed exec is Go's os/exec looking a program up in PATH, a failed
  # file call did nothing: only network attempts count when they fail.
  found="$(printf '%s\n' "$found" | grep -v -E '^[0-9]+ (execve|openat|unlinkat|renameat2?|mkdirat)\(.*= -1 ' || true)"
  [ -n "$found" ] && { echo "repro: during packer validate:"; echo "$found"; shown=1; }
elif [ "$shown" = 0 ] && printf '%s' "` + kinds + `" | grep -q -E 'network|process'; then
  echo "repro: network and process side effects need strace (apt-get install strace)" >&2
  shown=2
fi
# A validate that failed without a side effect seen did not run clean.
if [ "$shown" = 0 ] && [ "$code" -ne 0 ]; then
  echo "repro: packer validate failed (exit $code), so the component was not seen configured" >&2
  shown=2
fi`,
	}, nil
}

// reproPlaceholder: an attribute set from a datasource output, which
// `packer validate` does not evaluate and sends as "<unknown>". The same
// template with the value known must validate first: then a failure is
// the placeholder's, and it counts when Packer's error names the attribute
// (as the plugin's error reaches it: "Failed preparing ...", or the
// error alone for builders and datasources) or the placeholder. Packer's
// source excerpts ("  12:   key = ...") name it too, so they do not count.
func reproPlaceholder(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	key := rc.Detail["placeholder"]
	if key == "" {
		return nil, nil
	}
	f, diags := hclwrite.ParseConfig([]byte(rc.Body), "body", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil
	}
	f.Body().SetAttributeTraversal(key, hcl.Traversal{
		hcl.TraverseRoot{Name: "data"}, hcl.TraverseAttr{Name: "null"},
		hcl.TraverseAttr{Name: "unknown"}, hcl.TraverseAttr{Name: "output"},
	})
	tmpl := "data \"null\" \"unknown\" {\n  input = \"known only when the build runs\"\n}\n\n" + repro.HCLTemplate(e, rc.Component, string(f.Bytes()), "")
	return &repro.Plan{
		Files:   map[string]string{"known.pkr.hcl": repro.HCLTemplate(e, rc.Component, rc.Body, ""), "repro.pkr.hcl": tmpl},
		Command: "packer validate known.pkr.hcl && packer validate repro.pkr.hcl   (" + key + " set from a datasource's output)",
		Expect:  fmt.Sprintf("`packer validate` passes the template with %s known (known.pkr.hcl), and fails on the same template setting %s from a datasource (repro.pkr.hcl): validate does not run datasources and sends \"<unknown>\" instead, which the component rejects.", key, key),
		Run: `install_plugin
packer_run validate known.pkr.hcl
if [ "$code" -ne 0 ]; then
  echo "repro: the template fails validate with ` + key + ` known, so the placeholder is not what fails" >&2
  shown=2
else
  packer_run validate repro.pkr.hcl
  if [ "$code" -ne 0 ]; then
    shown=2
    if printf '%s\n' "$out" | grep -v -E '^[[:space:]]*[0-9]+:' | tr -d '_' | grep -q -i -F -e ` + repro.ShellQuote(strings.ReplaceAll(key, "_", "")) + ` -e '<unknown>'; then shown=1; fi
  fi
fi`,
	}, nil
}

func reproUnknownKey(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	raw := maps.Clone(rc.JSON)
	raw[unknownKey] = "x"
	return &repro.Plan{
		Files:   map[string]string{"repro.json": repro.JSONTemplate(e, rc.Component, raw)},
		Command: "packer validate repro.json",
		Expect:  fmt.Sprintf("`packer validate` accepts a legacy JSON template with the unknown key %q: a misspelt option is silently ignored.", unknownKey),
		Run: `install_plugin
packer_run validate repro.json
[ "$code" -eq 0 ] && shown=1`,
	}, nil
}

func reproWrongType(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	key := rc.Detail["key"]
	if key == "" {
		return nil, nil
	}
	raw := maps.Clone(rc.JSON)
	var v any
	if err := json.Unmarshal([]byte(rc.Detail["value"]), &v); err != nil {
		return nil, nil
	}
	raw[key] = v
	return &repro.Plan{
		Files:   map[string]string{"repro.json": repro.JSONTemplate(e, rc.Component, raw)},
		Command: "packer validate repro.json",
		Expect:  fmt.Sprintf("`packer validate` accepts a wrong-typed %s, or crashes on it.", key),
		Run: `install_plugin
packer_run validate repro.json
if [ "$code" -eq 0 ] || printf '%s' "$out" | grep -q -E 'panic:|PACKER CRASH'; then shown=1; fi`,
	}, nil
}

func reproRepeatable(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	want := firstLine(rc.Detail["error"])
	return &repro.Plan{
		Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, "")),
		Command: "packer build .",
		Expect:  "`packer validate` passes, then `packer build` fails when Packer configures the component again at build time.",
		Run: `install_plugin
packer_run validate .
[ "$code" -ne 0 ] && { echo "repro: validate failed first" >&2; shown=2; }
if [ "$shown" = 0 ]; then
  packer_run build .
  if [ "$code" -ne 0 ] && printf '%s' "$out" | grep -q -F ` + repro.ShellQuote(strings.TrimSuffix(want, " ...")) + `; then shown=1; fi
fi`,
	}, nil
}

func reproBuilderJSON(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	return &repro.Plan{
		Files:   map[string]string{"repro.pkr.hcl": repro.HCLTemplate(e, rc.Component, rc.Body, ""), "repro.json": repro.JSONTemplate(e, rc.Component, maps.Clone(rc.JSON))},
		Command: "packer validate repro.pkr.hcl && packer validate repro.json",
		Expect:  "the same configuration passes `packer validate` as HCL2 and fails as a legacy JSON template.",
		Run: `install_plugin
packer_run validate repro.pkr.hcl
if [ "$code" -ne 0 ]; then shown=2; else
  packer_run validate repro.json
  [ "$code" -ne 0 ] && shown=1
fi`,
	}, nil
}

func reproNoHook(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	prov := "  provisioner \"shell-local\" {\n    inline = [\"touch provisioned.marker\"]\n  }\n"
	return &repro.Plan{
		Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, prov)),
		Command: "packer build .   (with a shell-local provisioner that writes provisioned.marker)",
		Expect:  "`packer build` succeeds, but the template's provisioner never runs: Packer runs provisioners inside the builder's packer_provision hook.",
		Run: `install_plugin
packer_run build .
if [ "$code" -eq 0 ] && [ ! -e provisioned.marker ]; then shown=1; fi
[ "$code" -ne 0 ] && shown=2`,
	}, nil
}

// reproCancel runs the build inside the suite's still outside world (the
// hidden world command: a proxy that never answers, trusted by the
// plugin), interrupts it once the plugin waits there, as the check did,
// and sees whether the build ends. A wait on a direct connection, which
// only the suite's tracer can hold, has no repro.
func reproCancel(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	if rc.Detail["proxied"] != "true" || e.Tool == "" {
		return nil, nil
	}
	// No provisioner keeps the builder busy: Packer's shell-local does not
	// stop its command when cancelled, which would hang any build.
	wait := e.CancelTimeout + 10
	return &repro.Plan{
		Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, "")),
		Command: "packer build .   (its HTTP(S)_PROXY a loopback proxy that never answers; SIGINT, as Ctrl-C sends, once the plugin waits there)",
		Expect:  fmt.Sprintf("`packer build`, interrupted while the plugin waits on %s, does not end: Packer waits for the component, which ignores the cancellation (this repro waits %d s, then kills it).", rc.Detail["held"], wait),
		Run: `install_plugin
[ -n "${PACKER_PLUGIN_DEV:-}" ] || PACKER_PLUGIN_DEV=` + repro.ShellQuote(e.Tool) + `
"$PACKER_PLUGIN_DEV" world > "$work/world.log" 2>&1 &
world=$!
trap 'kill "$world" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q '^ready$' "$work/world.log" && break; sleep 0.1; done
if ! grep -q '^ready$' "$work/world.log"; then
  cat "$work/world.log"
  echo "repro: $PACKER_PLUGIN_DEV world did not start, so the check could not be reproduced" >&2
  exit 2
fi
while read -r what kv; do [ "$what" = env ] && export "$kv"; done < "$work/world.log"
# A process group of its own, as a terminal's foreground job: Ctrl-C sends
# SIGINT to the whole group (a background job of a script ignores SIGINT,
# and Packer's outer process only waits for the inner one).
set -m
"$PACKER" build . > "$work/build.log" 2>&1 &
pid=$!
set +m
# Interrupt once the plugin waits on the world, as the check did.
for _ in $(seq 1 600); do
  grep -q '^held ' "$work/world.log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q '^held ' "$work/world.log"; then
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  cat "$work/build.log"
  echo "repro: the plugin never waited on the proxy in real Packer, so nothing was cancelled" >&2
  exit 2
fi
sed -n 's/^held /repro: the plugin waits on /p' "$work/world.log"
kill -USR1 "$world"
kill -INT -- "-$pid" 2>/dev/null
for _ in $(seq 1 ` + fmt.Sprint(wait) + `); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
  shown=1
  pkill -KILL -P "$pid" 2>/dev/null
  kill -KILL "$pid" 2>/dev/null
  pkill -KILL -f "$PACKER_PLUGIN_PATH" 2>/dev/null
fi
wait "$pid" 2>/dev/null
cat "$work/build.log"`,
	}, nil
}

func reproNilArtifact(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	return &repro.Plan{
		Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, "")),
		Command: "PACKER_LOG=1 packer build .",
		Expect:  "`packer build` ends without an error and without the post-processor's artifact: Packer stops the chain there and only logs \"Nil artifact, halting post-processor chain\".",
		Run: `install_plugin
PACKER_LOG=1 packer_run build -machine-readable .
printf '%s' "$out" | grep -q 'Nil artifact, halting post-processor chain' && shown=1`,
	}, nil
}

// reproFilesGone: the build reports artifact files that no longer exist.
func reproFilesGone(expect string) repro.Recipe {
	return func(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
		return &repro.Plan{
			Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, "")),
			Command: "packer build -machine-readable .",
			Expect:  expect + ".",
			Run: `install_plugin
packer_run build -machine-readable .
if [ "$code" -ne 0 ]; then shown=2; else
  listed_files_missing
  [ -n "$missing" ] && { echo "repro: reported but missing:$missing"; shown=1; }
fi`,
		}, nil
	}
}

func reproInputTouched(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	body := rc.Body + "keep_input_artifact = true\n"
	return &repro.Plan{
		Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, body, "")),
		Command: "packer build .   (keep_input_artifact = true)",
		Expect:  "the post-processor's input (image.raw, made by artifice) is destroyed or changed although the template keeps it.",
		Run: `install_plugin
packer_run build .
if [ ! -e image.raw ] || [ "$(cat image.raw)" != "repro input" ]; then shown=1; fi`,
	}, nil
}

func reproArtifact(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	// A built-in post-processor that does not keep its input makes core
	// destroy the component's artifact.
	tmpl := repro.HCLTemplate(e, rc.Component, rc.Body, "  post-processor \"manifest\" {\n    keep_input_artifact = false\n  }\n")
	return &repro.Plan{
		Files:   repro.HCLFiles(tmpl),
		Command: "packer build -machine-readable .   (a manifest post-processor after it, keep_input_artifact = false)",
		Expect:  "`packer build` reports artifact files that do not exist, or fails when it destroys the component's artifact (\"Failed cleaning up prior artifact\", \"Error destroying builder artifact\").",
		Run: `install_plugin
packer_run build -machine-readable .
if printf '%s' "$out" | grep -q -E 'Failed cleaning up prior artifact|Error destroying builder artifact'; then shown=1
elif [ "$code" -eq 0 ]; then
  listed_files_missing
  [ -n "$missing" ] && { echo "repro: reported but missing:$missing"; shown=1; }
else shown=2; fi`,
	}, nil
}

func reproDatasourceOutput(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	attrs := strings.Fields(rc.Detail["attrs"])
	if len(attrs) == 0 {
		return nil, nil
	}
	ref := fmt.Sprintf("data.%s.repro", e.TemplateName(rc.Component))
	var echo []string
	for _, a := range attrs {
		echo = append(echo, fmt.Sprintf("%q", "echo ${jsonencode("+ref+"."+a+")}"))
	}
	prov := "  provisioner \"shell-local\" {\n    inline = [" + strings.Join(echo, ", ") + "]\n  }\n"
	return &repro.Plan{
		Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, rc.Body, prov)),
		Command: "packer validate . && packer build .",
		Expect:  "`packer validate` accepts a template reading the datasource's outputs (typed from its OutputSpec), then `packer build` fails or crashes on its value.",
		Run: `install_plugin
packer_run validate .
if [ "$code" -ne 0 ]; then shown=2; else
  packer_run build .
  [ "$code" -ne 0 ] && shown=1
fi`,
	}, nil
}

// reproDocumentedAttribute: a template sets an attribute the way the
// component's docs document it, and Packer rejects it.
func reproDocumentedAttribute(rc *repro.Case, e *repro.Env) (*repro.Plan, error) {
	attr := rc.Detail["attr"]
	if attr == "" {
		return nil, nil
	}
	body := rc.Body + fmt.Sprintf("\n%s = \"set as the docs say\"\n", attr)
	return &repro.Plan{
		Files:   repro.HCLFiles(repro.HCLTemplate(e, rc.Component, body, "")),
		Command: "packer validate .",
		Expect:  fmt.Sprintf("`packer validate` rejects the attribute %q, which the component's docs document: \"Unsupported argument\".", attr),
		Run: `install_plugin
packer_run validate .
printf '%s' "$out" | grep -q 'Unsupported argument' && shown=1`,
	}, nil
}
