#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The whole test suite under AddressSanitizer (with LeakSanitizer) and UBSan, in a build
# directory of its own, through build-aux/test.sh:
#
#   build-aux/sanitize.sh [meson test arguments]      e.g. build-aux/sanitize.sh --suite unit
#
# The first error stops the program that made it, with a stack trace, and fails its test.
# Leaks are errors too; tests/lsan.supp names the known leaks of the libraries underneath
# (never of this project's code). CI runs it after the normal run (.ci/run).
#
# Environment: see build-aux/test.sh; ADS_ONBOARDING_BUILDDIR defaults to build-asan here.

set -euo pipefail

ado_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)

export ADS_ONBOARDING_BUILDDIR=${ADS_ONBOARDING_BUILDDIR:-build-asan}
# -Db_lundef=false: the sanitizers' runtime symbols are resolved at load time.
export ADS_ONBOARDING_SETUP_ARGS="-Db_sanitize=address,undefined -Db_lundef=false \
${ADS_ONBOARDING_SETUP_ARGS:-}"

builddir=$ADS_ONBOARDING_BUILDDIR
if [[ $builddir != /* ]]; then
  builddir=$ado_root/$builddir
fi
# An existing build directory is reused as it is: it must be a sanitizer build.
if [[ -f $builddir/build.ninja ]] &&
   [[ $(meson introspect --buildoptions "$builddir" |
        python3 -c 'import json, sys
print(*[o["value"] for o in json.load(sys.stdin) if o["name"] == "b_sanitize"])') \
      != address,undefined ]]; then
  printf '%s: %s is not configured with -Db_sanitize=address,undefined;' \
         "${0##*/}" "$builddir" >&2
  printf ' remove it or choose another ADS_ONBOARDING_BUILDDIR\n' >&2
  exit 2
fi

# The slow unwinder finds the frames of libraries built without frame pointers, which the
# suppressions match on. It unwinds at every malloc and free, and its cost grows with the
# depth: 12 frames reach the library functions the suppressions name and the caller in
# this project, and keep the UI tests at 3 to 5 times their normal time (with the default
# 30, test-connect took over 6 times as long and ran out of time).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:\
check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=0:\
fast_unwind_on_malloc=0:malloc_context_size=12:print_summary=1"
export LSAN_OPTIONS="suppressions=$ado_root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:print_summary=1"
# GTK 4.8 on X11 loads Mesa (swrast_dri.so) to choose a visual, and unloads it when the
# display closes: a block Mesa keeps from a pthread_once then has no owner and no symbols
# (128 bytes, "<unknown module>"), so no suppression can name it. The tests draw with
# cairo (GSK_RENDERER=cairo): without OpenGL nothing of Mesa is loaded.
export GDK_DEBUG=gl-disable
# libproxy's resolver crashes under AddressSanitizer; no test goes through a proxy.
export GIO_USE_PROXY_RESOLVER=dummy
# Every allocation through malloc, where the sanitizer sees it.
export G_SLICE=always-malloc

# Everything runs several times slower: the tests' time limits grow with it.
exec "$ado_root/build-aux/test.sh" --timeout-multiplier 6 "$@"
