#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one libFuzzer program (a -Dfuzzing=true build) for a bounded time on a copy of its
# seed corpus, so that what it adds to the corpus never lands in the source tree:
#
#   run-libfuzzer.sh FUZZER CORPUS-DIR SECONDS
#
# An input that crashes, leaks, hangs (10 s) or breaks an assertion fails the test; it is
# kept as $G_TEST_BUILDDIR/libfuzzer-<name>-crash-… (else ./…), run it again with
# `FUZZER FILE`. The corpus copy is thrown away at the end.

set -euo pipefail

if (( $# != 3 )); then
  printf 'usage: %s FUZZER CORPUS-DIR SECONDS\n' "${0##*/}" >&2
  exit 2
fi
fuzzer=$1 corpus=$2 seconds=$3
name=${fuzzer##*/}

work=$(mktemp -d "${TMPDIR:-/tmp}/ado-$name.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
cp -R -- "$corpus" "$work/corpus"
chmod -R u+w -- "$work/corpus"
count=$(find "$work/corpus" -type f | wc -l)

artifacts=${G_TEST_BUILDDIR:-$PWD}/libfuzzer-$name-
printf '%s: %s s on a copy of %s (%d inputs)\n' "$name" "$seconds" "$corpus" "$count"

set +e
"$fuzzer" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
          -artifact_prefix="$artifacts" "$work/corpus" 2>&1 | tee "$work/output"
rc=${PIPESTATUS[0]}
set -e

if (( rc != 0 )); then
  printf '%s: FAILED (status %d); the input is kept as %s…\n' "$name" "$rc" "$artifacts" >&2
  exit 1
fi
# libFuzzer's last words: "Done 50508 runs in 31 second(s)"
runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$work/output")
printf '%s: %s runs in %s s, no crash; the corpus copy grew from %d to %d inputs\n' \
       "$name" "${runs:-?}" "$seconds" "$count" "$(find "$work/corpus" -type f | wc -l)"
