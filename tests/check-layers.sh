#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The core library (common, ads, auth, store, service, demo) and the command line
# have no GTK dependency; arrows between the layers point down only; the faces
# (ui/, cli/) reach the accounts through service/ alone.
set -u
src=${1:?source root}/src
build=${2:?build root}
status=0

fail () {
  echo "FAIL: $*"
  status=1
}

for dir in common auth ads store service demo cli; do
  [ -d "$src/$dir" ] || continue
  hits=$(grep -rlE '#include[[:space:]]*[<"](gtk/|gdk/|adwaita\.h|gsk/)' "$src/$dir" || true)
  [ -z "$hits" ] || fail "src/$dir includes GTK or libadwaita: $hits"
  hits=$(grep -rlE '#include[[:space:]]*"(ui/|ado-window|ado-application)' "$src/$dir" || true)
  [ -z "$hits" ] || fail "src/$dir includes the user interface: $hits"
done
for dir in common auth ads store service demo; do
  [ -d "$src/$dir" ] || continue
  hits=$(grep -rlE '#include[[:space:]]*"(cli/|ado-cli)' "$src/$dir" || true)
  [ -z "$hits" ] || fail "src/$dir includes the command line: $hits"
done

# Down only: each core layer includes from the layers below it, by folder
# ("service/…") or by the bare name of a header in that folder.
below () {
  case $1 in
    common) echo "" ;;
    ads) echo "common" ;;
    auth) echo "common ads" ;;
    store) echo "common ads auth" ;;
    service) echo "common ads auth store" ;;
    demo) echo "common ads auth" ;;
  esac
}
for dir in common ads auth store service demo; do
  allowed="$dir $(below "$dir")"
  for file in "$src/$dir"/*.[ch]; do
    for header in $(sed -nE 's/^#include[[:space:]]*"([^"]+)".*/\1/p' "$file"); do
      case $header in config.h|ado-core-enums.h) continue ;; esac
      folder=${header%%/*}
      if [ "$folder" = "$header" ]; then
        folder=
        for d in common ads auth store service demo; do
          if [ -e "$src/$d/$header" ]; then folder=$d; fi
        done
        [ -n "$folder" ] || continue
      fi
      case " $allowed " in
        *" $folder "*) ;;
        *) fail "${file#"$src"/} includes $header (from $folder/, above or beside $dir/)" ;;
      esac
    done
  done
done

# The faces include from the core only the service (AdoAccounts, AdoSignIn,
# the progress), common/, and the pure domain facts and checks of ads/ and
# auth/: no keyring, registry, session or client object, nothing of store/.
face_allowed='^(common/.*|service/ado-accounts\.h|service/ado-sign-in\.h|service/ado-progress\.h|ads/ado-(account|amazon|data-provider|endpoints|export|profile)\.h|auth/ado-checks\.h)$'
for file in "$src"/ui/*.[ch] "$src"/cli/*.[ch]; do
  [ -e "$file" ] || continue
  for header in $(sed -nE 's/^#include[[:space:]]*"([^"]+\/[^"]+)".*/\1/p' "$file"); do
    case $header in ui/*|cli/*) continue ;; esac
    [[ $header =~ $face_allowed ]] || fail "${file#"$src"/} includes $header: a face reaches the core through service/"
  done
  calls=$(grep -oE '\bado_(credential_store|account_registry|auth_session|token_client|token_response|access_token|connection|export_collect|account_forget|orphans|pending_sign_in|profiles_client|keyring|http)_[a-z_]+' "$file" | sort -u | tr '\n' ' ')
  [ -z "$calls" ] || fail "${file#"$src"/} calls below the service: $calls"
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

[ $status -eq 0 ] && echo "The core library and the command line are free of GTK; the layers point down; the faces go through service/."
exit $status
