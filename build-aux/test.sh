#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the missing Debian packages, builds, and runs the whole test suite headless:
#
#   build-aux/test.sh [meson test arguments]      e.g. build-aux/test.sh --suite unit
#
# The tests run with a throw-away HOME and XDG directories, in a private D-Bus session
# with a throw-away unlocked gnome-keyring, under Xvfb (which only meson test sees).
# The last line printed is always "N passed, N failed" (", N skipped" when some were);
# the exit status is non-zero when a test failed, no test ran, or the build failed.
#
# Environment: see build-aux/setup.sh, and
#   ADS_ONBOARDING_TEST_TIMEOUT  minutes before meson test is stopped (default: 60)

set -euo pipefail

ado_closing_printed=0

ado_on_exit ()
{
  local rc=$?

  if (( ! ado_closing_printed )); then
    printf '%s: no test ran\n' "${0##*/}" >&2
    printf '0 passed, 1 failed\n'
    if (( rc == 0 )); then
      rc=1
    fi
  fi
  exit "$rc"
}
trap ado_on_exit EXIT

# shellcheck source-path=SCRIPTDIR source=setup.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/setup.sh"

ado_configure_for_tests ()
{
  if [[ -f $ADO_BUILDDIR/build.ninja ]]; then
    if ado_is_ci; then
      meson configure "$ADO_BUILDDIR" -Dwerror=true
    fi
  else
    ado_configure -Dwerror=true "${ADO_SETUP_ARGS[@]}"
  fi
}

main ()
{
  local minutes=${ADS_ONBOARDING_TEST_TIMEOUT:-60} logdir rc counts passed failed skipped closing
  local -a logs=()

  if [[ ! $minutes =~ ^[1-9][0-9]*$ ]]; then
    ado_die "ADS_ONBOARDING_TEST_TIMEOUT must be a whole number of minutes"
  fi

  ado_install_packages "${ADO_BUILD_PACKAGES[@]}" "${ADO_RUN_PACKAGES[@]}" \
                       "${ADO_TEST_PACKAGES[@]}"
  ado_configure_for_tests || ado_die "meson could not configure $ADO_BUILDDIR"
  ado_compile || ado_die "the build failed"

  # Count only what this run writes.
  logdir=$ADO_BUILDDIR/meson-logs
  rm -f -- "$logdir"/testlog*.json

  set +e
  ado_run_harness "$minutes" "$@"
  rc=$?
  set -e

  shopt -s nullglob
  logs=("$logdir"/testlog*.json)
  shopt -u nullglob
  counts=$(ado_count_results "${logs[@]}") || ado_die "could not read the results in $logdir"
  read -r passed failed skipped <<<"$counts"

  if (( passed + failed == 0 )); then
    ado_log "error: no test ran (meson test exited with status $rc)"
    failed=1
  elif (( rc != 0 && failed == 0 )); then
    ado_log "error: meson test exited with status $rc although no test failed"
    failed=1
  fi

  closing="$passed passed, $failed failed"
  if (( skipped > 0 )); then
    closing+=", $skipped skipped"
  fi
  ado_closing_printed=1
  printf '%s\n' "$closing"
  if (( failed > 0 )); then
    exit 1
  fi
}

main "$@"
