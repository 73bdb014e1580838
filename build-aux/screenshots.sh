#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck disable=SC2031  # ado_private_session sets the environment in a subshell on purpose
#
# Screenshots of every step of the real app (build/src/ads-onboarding --demo), at 1280x800
# and 360x720, light and dark, taken headless:
#
#   build-aux/screenshots.sh [--readme] [OUTPUT_DIR [NAME_PATTERN]]
#
# OUTPUT_DIR (default: the build directory's screenshots/) receives
# <step>-<width>-<light|dark>.png for welcome, client, apply, assign, data-provider,
# connect, verify and accounts, and connect-waiting-<width>-<scheme>.png (the sign-in
# waiting for the browser). Connect, Verify and Accounts show a finished demo sign-in.
# NAME_PATTERN, a shell pattern on the names without .png, keeps only some
# (e.g. 'welcome-*'). --readme also copies welcome-1280-light.png to
# data/screenshots/welcome.png, the README's screenshot.
#
# Like build-aux/test.sh, it installs the missing Debian packages and builds first, then
# runs the app in a private session: throw-away HOME and XDG directories, its own D-Bus
# session with a throw-away unlocked gnome-keyring, Xvfb, the accessibility bus (the
# Sign In, Back and Next buttons are pressed through AT-SPI). build-aux/screenshots.py
# drives the app; it says how.
#
# Environment: see build-aux/setup.sh.

set -euo pipefail

ADO_CALLER_DIR=$PWD

# shellcheck source-path=SCRIPTDIR source=setup.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/setup.sh"

# What the screenshots need besides the build: the session, the display, the
# accessibility bus and its Python binding, ImageMagick's import.
ADO_SCREENSHOT_PACKAGES=(
  xvfb dbus gnome-keyring imagemagick at-spi2-core python3-gi gir1.2-atspi-2.0
)

# Inside dbus-run-session: an unlocked throw-away keyring (before the display exists, as in
# ado_harness_session: the bus never sees DISPLAY), then Xvfb, then the driver.
# Arguments: the app, the schema directory, the output directory, the name pattern.
ado_screenshots_session ()
{
  local i display_file xvfb_pid display rc=0

  ado_start_keyring || ado_die "the throw-away keyring did not start"

  # Xvfb picks a free display and writes its number to the file; the screen is larger than
  # the largest window with its frame (build-aux/screenshots.py: FRAME)
  display_file=$TMPDIR/display
  Xvfb -displayfd 3 -screen 0 1600x1200x24 -nolisten tcp 3>"$display_file" \
    >"$TMPDIR/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for (( i = 0; i < 100; i++ )); do
    if [[ -s $display_file ]]; then
      break
    fi
    sleep 0.1
  done
  display=$(<"$display_file")
  if [[ ! $display =~ ^[0-9]+$ ]]; then
    cat "$TMPDIR/xvfb.log" >&2
    ado_die "Xvfb did not start"
  fi

  DISPLAY=:$display "$ADO_PYTHON" "$ADO_ROOT/build-aux/screenshots.py" "$@" || rc=$?

  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  ado_stop_keyring
  return "$rc"
}

ado_screenshots_main ()
{
  local readme=0 out pattern started

  if [[ ${1:-} == --readme ]]; then
    readme=1
    shift
  fi
  if [[ ${1:-} == -* ]] || (( $# > 2 )); then
    sed -n '5,16s/^# \{0,1\}//p' "$ADO_ROOT/build-aux/screenshots.sh" >&2
    exit 2
  fi
  out=${1:-$ADO_BUILDDIR/screenshots}
  pattern=${2:-*}
  if [[ $out != /* ]]; then
    out=$ADO_CALLER_DIR/$out
  fi

  ado_install_packages "${ADO_BUILD_PACKAGES[@]}" "${ADO_RUN_PACKAGES[@]}" \
                       "${ADO_SCREENSHOT_PACKAGES[@]}"
  ado_configure "${ADO_SETUP_ARGS[@]}" || ado_die "meson could not configure $ADO_BUILDDIR"
  ado_compile || ado_die "the build failed"

  mkdir -p -- "$out"
  started=$SECONDS
  ado_private_session 10 "$ADO_ROOT/build-aux/screenshots.sh" ado_screenshots_session \
    "$ADO_BUILDDIR/src/ads-onboarding" "$ADO_BUILDDIR/data" "$out" "$pattern" ||
    ado_die "the screenshots were not all taken"
  ado_log "done in $(( SECONDS - started )) s: $out"

  if (( readme )); then
    [[ -f $out/welcome-1280-light.png ]] || ado_die "no welcome-1280-light.png for the README"
    cp -- "$out/welcome-1280-light.png" "$ADO_ROOT/data/screenshots/welcome.png"
    ado_log "updated data/screenshots/welcome.png"
  fi
}

# Sourced by the session's inner shell for ado_screenshots_session; run, it does the work.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  ado_screenshots_main "$@"
fi
