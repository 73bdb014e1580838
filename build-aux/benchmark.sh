#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The benchmark of SPEC §9 in one run: time to first frame and peak RSS of
# the window; --print-access-token with a cached token next to
# `secret-tool lookup`; callback to stored token against the imitation.
# Same set-up and private session as build-aux/test.sh.
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/setup.sh"
ADO_PROG=benchmark.sh

ado_install_packages "${ADO_BUILD_PACKAGES[@]}" "${ADO_RUN_PACKAGES[@]}" "${ADO_TEST_PACKAGES[@]}"
ado_configure
ado_compile

log="$ADO_BUILDDIR/meson-logs/benchmark.txt"
ado_run_harness 20 --benchmark --verbose >"$log" 2>&1 || {
  cat "$log"
  ado_die "the benchmark did not run"
}
grep -E "^(first frame|peak RSS|callback to stored token|--print-access-token|secret-tool lookup)" "$log"
