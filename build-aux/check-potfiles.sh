#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks po/POTFILES.in against the sources:
#  - every file under src/ and data/ with translatable strings is listed
#    (unless po/POTFILES.skip lists it);
#  - every listed file exists;
#  - the list is sorted (LC_ALL=C) and has no duplicates.
#
# Usage: check-potfiles.sh [--update] [SOURCE_ROOT]
#   SOURCE_ROOT defaults to the parent of this script's folder.
#   --update rewrites po/POTFILES.in from the sources, keeping its leading
#   comment lines, instead of checking it.

set -euo pipefail
export LC_ALL=C

update=0
if [[ ${1:-} == --update ]]; then
  update=1
  shift
fi
srcroot=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"}
cd "$srcroot"

potfiles=po/POTFILES.in
skipfiles=po/POTFILES.skip

if [[ ! -f $potfiles ]]; then
  echo "$potfiles: not found in $srcroot" >&2
  exit 1
fi

# Prints the entries of a list file, without comments and blank lines.
read_list() {
  if [[ -f $1 ]]; then
    sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" | grep -v '^$' || true
  fi
}

# Succeeds when the first argument equals one of the others.
contains() {
  local needle=$1 item
  shift
  for item in "$@"; do
    [[ $item == "$needle" ]] && return 0
  done
  return 1
}

mapfile -t listed < <(read_list "$potfiles")
mapfile -t skipped < <(read_list "$skipfiles")

# The files that have translatable strings.
c_pattern='(^|[^[:alnum:]_])(NC_|C_|N_|Q_|_)[[:space:]]*\([[:space:]]*("|$)'
c_pattern+='|(^|[^[:alnum:]_])(g_dngettext|g_dpgettext2?|g_dcgettext|ngettext)[[:space:]]*\('
ui_pattern='translatable[[:space:]]*=[[:space:]]*["'"'"']yes'

translatable=()
while IFS= read -r -d '' f; do
  case $f in
    *.c | *.h)
      if grep -Eq "$c_pattern" "$f"; then translatable+=("$f"); fi ;;
    *.ui)
      if grep -Eq "$ui_pattern" "$f"; then translatable+=("$f"); fi ;;
    *)
      translatable+=("$f") ;;
  esac
done < <(find src data -type f \
           \( -name '*.c' -o -name '*.h' -o -name '*.ui' \
              -o -name '*.desktop.in' -o -name '*.desktop.in.in' \
              -o -name '*.metainfo.xml.in' -o -name '*.metainfo.xml.in.in' \
              -o -name '*.gschema.xml' \) \
           -print0)

wanted=()
for f in "${translatable[@]}"; do
  if ! contains "$f" "${skipped[@]}"; then
    wanted+=("$f")
  fi
done

if [[ $update -eq 1 ]]; then
  {
    sed -n '/^#/!q;p' "$potfiles"
    if [[ ${#wanted[@]} -gt 0 ]]; then
      printf '%s\n' "${wanted[@]}" | sort -u
    fi
  } > "$potfiles.new"
  mv "$potfiles.new" "$potfiles"
  echo "$potfiles: rewritten with ${#wanted[@]} files"
  exit 0
fi

status=0

for f in "${listed[@]}"; do
  if [[ ! -f $f ]]; then
    echo "$potfiles names a file that does not exist: $f" >&2
    status=1
  fi
done

if [[ ${#listed[@]} -gt 0 ]] && ! printf '%s\n' "${listed[@]}" | sort -c -u 2>/dev/null; then
  echo "$potfiles is not sorted (LC_ALL=C) or has duplicates; the expected order is:" >&2
  printf '%s\n' "${listed[@]}" | sort -u | sed 's/^/  /' >&2
  status=1
fi

missing=()
for f in "${wanted[@]}"; do
  if ! contains "$f" "${listed[@]}"; then
    missing+=("$f")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "files with translatable strings missing from $potfiles:" >&2
  printf '%s\n' "${missing[@]}" | sort | sed 's/^/  /' >&2
  echo "(build-aux/check-potfiles.sh --update rewrites the list)" >&2
  status=1
fi

if [[ $status -eq 0 ]]; then
  echo "$potfiles lists all ${#listed[@]} files with translatable strings, sorted"
fi
exit $status
