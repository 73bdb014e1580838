#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line runs in the calling process: no display, no session bus,
# no primary instance. TAP output.
set -u

exe=${ADS_ONBOARDING_EXECUTABLE:?}
n=0
failed=0

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok () {
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
  shift
  for line in "$@"; do
    printf '# %s\n' "$line"
  done
}

# No display and no bus: the commands must not need either.
run () {
  env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
    DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus "$exe" "$@"
}

out=$(run --version 2>/tmp/ado-app-err.$$); status=$?
err=$(cat /tmp/ado-app-err.$$)
if [ "$status" -eq 0 ] && [[ "$out" =~ ^ads-onboarding\ [0-9]+\.[0-9]+\.[0-9]+$ ]] && [ -z "$err" ]; then
  ok "--version prints one line on stdout without a display or bus"
else
  not_ok "--version prints one line on stdout without a display or bus" \
    "status $status" "stdout: $out" "stderr: $err"
fi

out=$(run --help 2>/dev/null); status=$?
if [ "$status" -eq 0 ] && grep -q -- '--version' <<<"$out" && grep -q 'Connect to the Amazon Ads API' <<<"$out"; then
  ok "--help lists the options"
else
  not_ok "--help lists the options" "status $status" "$out"
fi

out=$(run --no-such-option 2>/tmp/ado-app-err.$$); status=$?
err=$(cat /tmp/ado-app-err.$$)
if [ "$status" -ne 0 ] && [ -z "$out" ] && grep -q -- '--no-such-option' <<<"$err"; then
  ok "an unknown option fails with a message on stderr"
else
  not_ok "an unknown option fails with a message on stderr" "status $status" "stdout: $out" "stderr: $err"
fi

rm -f /tmp/ado-app-err.$$
echo "1..$n"
exit $failed
