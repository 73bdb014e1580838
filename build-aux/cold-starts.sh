#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts the test harness cold, as on a new machine, several times in a row, and runs a part
# of the suite that needs both the keyring and the window each time:
#
#   build-aux/cold-starts.sh [meson test arguments]    (default: credential-store window)
#
# Each start has nothing from the one before: a new private D-Bus session, a new
# gnome-keyring-daemon with a keyring folder that did not exist ($XDG_DATA_HOME/keyrings),
# a new XDG_RUNTIME_DIR (its control socket), HOME and caches, a new Xvfb; whatever one start
# leaves running is stopped before the next (build-aux/setup.sh, ado_run_harness).
# The build happens once, before the first start. The last line printed is
# "N of COUNT cold starts passed" (nothing when the build failed); the exit status is
# non-zero unless all passed.
#
# Environment: see build-aux/setup.sh, and
#   ADS_ONBOARDING_COLD_STARTS  how many starts (default: 10)

set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=setup.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/setup.sh"

main ()
{
  local count=${ADS_ONBOARDING_COLD_STARTS:-10} logdir rc counts passed failed
  local start good=0 i
  local -a logs=() tests=("$@")

  if [[ ! $count =~ ^[1-9][0-9]*$ ]]; then
    ado_die "ADS_ONBOARDING_COLD_STARTS must be a whole number"
  fi
  if (( ${#tests[@]} == 0 )); then
    tests=(credential-store window)
  fi

  ado_install_packages "${ADO_BUILD_PACKAGES[@]}" "${ADO_RUN_PACKAGES[@]}" \
                       "${ADO_TEST_PACKAGES[@]}"
  ado_configure -Dwerror=true "${ADO_SETUP_ARGS[@]}" ||
    ado_die "meson could not configure $ADO_BUILDDIR"
  ado_compile >/dev/null || ado_die "the build failed"

  # Each start's logs apart (meson-logs/cold-start-N.*), the suite's own left alone.
  logdir=$ADO_BUILDDIR/meson-logs
  for (( i = 1; i <= count; i++ )); do
    rm -f -- "$logdir/cold-start-$i".*
    start=$SECONDS
    set +e
    ado_run_harness 5 --logbase "cold-start-$i" "${tests[@]}" >"$logdir/cold-start-$i.out" 2>&1
    rc=$?
    set -e

    shopt -s nullglob
    logs=("$logdir/cold-start-$i".json)
    shopt -u nullglob
    counts=$(ado_count_results "${logs[@]}") || counts='0 1 0'
    read -r passed failed _ <<<"$counts"

    if (( rc == 0 && passed > 0 && failed == 0 )); then
      good=$(( good + 1 ))
      ado_log "cold start $i: $passed passed, $failed failed ($(( SECONDS - start )) s)"
    else
      ado_log "cold start $i FAILED: $passed passed, $failed failed, status $rc" \
              "($(( SECONDS - start )) s); its output, $logdir/cold-start-$i.out:"
      sed 's/^/  | /' "$logdir/cold-start-$i.out" | tail -n 40 >&2
    fi
  done

  printf '%d of %d cold starts passed\n' "$good" "$count"
  if (( good != count )); then
    exit 1
  fi
}

main "$@"
