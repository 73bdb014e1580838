#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The core library (auth, ads, store, demo) and the command line have no GTK
# dependency; arrows between the layers point down only.
set -u
src=${1:?source root}/src
build=${2:?build root}
status=0

fail () {
  echo "FAIL: $*"
  status=1
}

for dir in auth ads store demo cli; do
  [ -d "$src/$dir" ] || continue
  hits=$(grep -rlE '#include[[:space:]]*[<"](gtk/|gdk/|adwaita\.h|gsk/)' "$src/$dir" || true)
  [ -z "$hits" ] || fail "src/$dir includes GTK or libadwaita: $hits"
  hits=$(grep -rlE '#include[[:space:]]*"(ui/|ado-window|ado-application)' "$src/$dir" || true)
  [ -z "$hits" ] || fail "src/$dir includes the user interface: $hits"
done
for dir in auth ads store demo; do
  [ -d "$src/$dir" ] || continue
  hits=$(grep -rlE '#include[[:space:]]*"(cli/|ado-cli)' "$src/$dir" || true)
  [ -z "$hits" ] || fail "src/$dir includes the command line: $hits"
done

# The compile commands of the core and command-line libraries carry no GTK flags.
python3 - "$build/compile_commands.json" <<'PY' || status=1
import json, sys
bad = []
for entry in json.load(open(sys.argv[1])):
    out = entry.get('output', '')
    if 'libado-core.a.p' in out or 'libado-cli.a.p' in out:
        if 'gtk-4.0' in entry['command'] or 'libadwaita' in entry['command']:
            bad.append(out)
if bad:
    print('FAIL: compiled with GTK flags:', ', '.join(bad))
    sys.exit(1)
PY

# A program linked with the core library alone needs no GTK at run time.
core_test="$build/tests/test-checks"
if [ -x "$core_test" ]; then
  if readelf -d "$core_test" | grep -E 'NEEDED.*lib(gtk-4|adwaita-1)' >/dev/null; then
    fail "test-checks, linked with the core library only, needs GTK"
  fi
else
  fail "$core_test was not built"
fi

[ $status -eq 0 ] && echo "The core library and the command line are free of GTK."
exit $status
