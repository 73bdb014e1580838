# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034  # the arrays are for the scripts that source this
#
# Functions shared by build-aux/run.sh and build-aux/test.sh. Source it; do not run it.
# Sourcing it changes to the top of the repository and sets ADO_ROOT and ADO_BUILDDIR.
#
# Environment honoured:
#   ADS_ONBOARDING_BUILDDIR    build directory, relative to the repository or absolute
#                              (default: build)
#   ADS_ONBOARDING_SETUP_ARGS  extra options for a fresh `meson setup` (split on spaces),
#                              e.g. "-Db_sanitize=address,undefined"
#   ADS_ONBOARDING_SKIP_DEPS   1: do not check or install Debian packages
#   CI                         true (or any value but "", 0, false): strict CI build

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  printf '%s: source this file from build-aux/run.sh or build-aux/test.sh\n' "$0" >&2
  exit 2
fi

# What it takes to configure and build (meson needs python3; the validators that the
# build runs as tests are found with required: true, so they are needed to configure).
ADO_BUILD_PACKAGES=(
  gcc pkg-config meson ninja-build gettext python3
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libglib2.0-bin libglib2.0-dev-bin desktop-file-utils appstream
)
# What the window needs to look right outside a full GNOME desktop.
ADO_RUN_PACKAGES=(fonts-cantarell adwaita-icon-theme)
# The test harness: Xvfb, a private D-Bus session with gnome-keyring, headless
# Chromium for the browser round trip, the Flatpak manifest lint, screenshots,
# PyYAML to read the python-ad-api export back, Node.js to run the comparison that
# Amazon's Postman collection makes with the exported token_expires_at; the AT-SPI
# registry and its Python binding to read the window as a screen reader does; XTest to
# type into it as a keyboard does.
ADO_TEST_PACKAGES=(
  xvfb xauth dbus gnome-keyring libsecret-tools chromium flatpak-builder imagemagick
  python3-yaml nodejs at-spi2-core python3-gi gir1.2-atspi-2.0 libxtst-dev
)

ADO_PROG=${0##*/}
ADO_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cd -- "$ADO_ROOT"

ADO_BUILDDIR=${ADS_ONBOARDING_BUILDDIR:-build}
if [[ $ADO_BUILDDIR != /* ]]; then
  ADO_BUILDDIR=$ADO_ROOT/$ADO_BUILDDIR
fi

ADO_SETUP_ARGS=()
if [[ -n ${ADS_ONBOARDING_SETUP_ARGS:-} ]]; then
  read -r -a ADO_SETUP_ARGS <<<"$ADS_ONBOARDING_SETUP_ARGS"
fi

# Debian's interpreter, the one meson runs with (a python3 earlier in PATH may be another).
if [[ -x /usr/bin/python3 ]]; then
  ADO_PYTHON=/usr/bin/python3
else
  ADO_PYTHON=python3
fi

ado_log ()
{
  printf '%s: %s\n' "$ADO_PROG" "$*" >&2
}

ado_die ()
{
  ado_log "error: $*"
  exit 1
}

ado_is_ci ()
{
  case ${CI:-} in
    '' | 0 | false | FALSE | no) return 1 ;;
    *) return 0 ;;
  esac
}

# Prints, one a line, those of the given Debian packages that are not installed.
ado_missing_packages ()
{
  local -A installed=()
  local name status

  # One query for all; it exits non-zero when it knows some name not at all.
  # shellcheck disable=SC2016  # ${…} is dpkg-query's format syntax, not the shell's
  while read -r name status; do
    if [[ $status == installed ]]; then
      installed[$name]=1
    fi
  done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)

  for name in "$@"; do
    if [[ -z ${installed[$name]:-} ]]; then
      printf '%s\n' "$name"
    fi
  done
}

# Installs those of the given Debian packages that are missing, as root or through sudo.
ado_install_packages ()
{
  local -a missing=() as_root=() apt=()

  if [[ ${ADS_ONBOARDING_SKIP_DEPS:-0} == 1 ]]; then
    return 0
  fi
  if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
    ado_log "no dpkg-query or apt-get here: make sure the equivalents of these Debian" \
            "packages are installed: $*"
    return 0
  fi

  mapfile -t missing < <(ado_missing_packages "$@")
  if (( ${#missing[@]} == 0 )); then
    return 0
  fi

  if (( EUID != 0 )); then
    if command -v sudo >/dev/null; then
      as_root=(sudo)
    else
      ado_die "these Debian packages are missing: ${missing[*]}." \
              "Run this script as root or install sudo, or install them yourself:" \
              "apt-get install --no-install-recommends ${missing[*]}"
    fi
  fi

  ado_log "installing the missing Debian packages: ${missing[*]}"
  apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive
       apt-get -q -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
  "${apt[@]}" update </dev/null || ado_die "apt-get update failed"
  "${apt[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null \
    || ado_die "apt-get install failed for: ${missing[*]}"

  mapfile -t missing < <(ado_missing_packages "$@")
  if (( ${#missing[@]} != 0 )); then
    ado_die "still not installed after apt-get install: ${missing[*]}"
  fi
}

# Configures ADO_BUILDDIR unless it already has a build.ninja (then it is reused: ninja
# reconfigures by itself when a meson.build changes). Arguments go to `meson setup`.
ado_configure ()
{
  if [[ -f $ADO_BUILDDIR/build.ninja ]]; then
    return 0
  fi
  if [[ -f $ADO_BUILDDIR/meson-private/coredata.dat ]]; then
    # An earlier setup stopped half-way: start again with the same directory.
    meson setup --wipe "$@" "$ADO_BUILDDIR" "$ADO_ROOT"
  else
    meson setup "$@" "$ADO_BUILDDIR" "$ADO_ROOT"
  fi
}

ado_compile ()
{
  meson compile -C "$ADO_BUILDDIR"
}

# --- The test harness (build-aux/test.sh) -------------------------------------------------

ado_random_hex ()
{
  od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

# True while one of the given processes is alive (a zombie does not count).
ado_any_alive ()
{
  local pid stat

  for pid in "$@"; do
    { stat=$(<"/proc/$pid/stat"); } 2>/dev/null || continue
    stat=${stat##*) }
    if [[ ${stat:0:1} != Z ]]; then
      return 0
    fi
  done
  return 1
}

# Stops every process that inherited ADO_HARNESS_ID=<id>: what the harness started and
# whatever those left behind (daemons, browsers), and nothing else.
ado_kill_tagged ()
{
  local id=$1 dir i
  local -a pids=() names=()

  for dir in /proc/[0-9]*; do
    if grep -qzxF -- "ADO_HARNESS_ID=$id" "$dir/environ" 2>/dev/null; then
      pids+=("${dir#/proc/}")
      names+=("$(<"$dir/comm")(${dir#/proc/})") || true
    fi
  done 2>/dev/null
  if (( ${#pids[@]} == 0 )); then
    return 0
  fi

  ado_log "stopping what the tests left running: ${names[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for (( i = 0; i < 100; i++ )); do
    if ! ado_any_alive "${pids[@]}"; then
      return 0
    fi
    if (( i == 50 )); then
      kill -KILL "${pids[@]}" 2>/dev/null || true
    fi
    sleep 0.1
  done
}

# Inside `dbus-run-session`: starts a throw-away gnome-keyring, unlocked, exports what it
# prints (GNOME_KEYRING_CONTROL, …) and waits until it answers on the bus. Sets
# ADO_KEYRING_PID to the daemon's process when it is the one started here (it carries
# ADO_HARNESS_ID), for the caller to stop. Returns 1, having said why, when it fails.
# Call it before any display exists: the bus and the daemon never see DISPLAY, since with
# a display a locked keyring would open a password prompt there and every keyring call
# would block.
ado_start_keyring ()
{
  local password reply line i

  ADO_KEYRING_PID=''
  password=$(ado_random_hex 24)
  if ! reply=$(printf %s "$password" |
               timeout 60 gnome-keyring-daemon --unlock --components=secrets); then
    ado_log "error: gnome-keyring-daemon did not start"
    return 1
  fi
  unset password
  while IFS= read -r line; do
    if [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
      export "${line?}"
    fi
  done <<<"$reply"

  # The daemon it started may take the bus name a moment after it returns (most often
  # on a cold machine): wait for it, up to 20 s.
  for (( i = 0; i < 200; i++ )); do
    if reply=$(timeout 10 gdbus call --session --dest org.freedesktop.DBus \
                 --object-path /org/freedesktop/DBus \
                 --method org.freedesktop.DBus.GetConnectionUnixProcessID \
                 org.freedesktop.secrets 2>/dev/null); then
      break
    fi
    reply=''
    sleep 0.1
  done
  if [[ -z $reply ]]; then
    ado_log "error: nothing owns org.freedesktop.secrets on the private bus"
    return 1
  fi
  if [[ $reply =~ uint32\ ([0-9]+) ]] &&
     grep -qzxF -- "ADO_HARNESS_ID=${ADO_HARNESS_ID:-}" "/proc/${BASH_REMATCH[1]}/environ" \
       2>/dev/null; then
    ADO_KEYRING_PID=${BASH_REMATCH[1]}
  fi

  if ! reply=$(timeout 10 gdbus call --session --dest org.freedesktop.secrets \
                 --object-path /org/freedesktop/secrets/aliases/default \
                 --method org.freedesktop.DBus.Properties.Get \
                 org.freedesktop.Secret.Collection Locked) ||
     [[ $reply != '(<false>,)' ]]; then
    ado_log "error: the throw-away keyring has no unlocked default collection (${reply:-no answer})"
    return 1
  fi
}

# Stops the keyring daemon ado_start_keyring started, if any.
ado_stop_keyring ()
{
  local i

  if [[ -n ${ADO_KEYRING_PID:-} ]]; then
    kill "$ADO_KEYRING_PID" 2>/dev/null || true
    for (( i = 0; i < 30; i++ )); do
      ado_any_alive "$ADO_KEYRING_PID" || break
      sleep 0.1
    done
  fi
}

# Runs inside `dbus-run-session`: a throw-away unlocked keyring, then Xvfb around meson
# test.
# Arguments: build directory, minutes before meson test is stopped, meson test arguments.
ado_harness_session ()
{
  local builddir=$1 minutes=$2 rc=0
  shift 2
  ADO_PROG=test.sh

  if ! ado_start_keyring; then
    rc=1
  else
    xvfb-run -a -e "$builddir/meson-logs/xvfb-run.log" \
      -s "-screen 0 1280x1024x24 -nolisten tcp" \
      env GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
          GSETTINGS_BACKEND=memory \
      timeout --foreground --kill-after=30 "${minutes}m" \
      meson test -C "$builddir" --no-rebuild --print-errorlogs "$@" || rc=$?
    if (( rc == 124 || rc == 137 )); then
      ado_log "error: meson test did not finish within $minutes min (ADS_ONBOARDING_TEST_TIMEOUT)"
    fi
  fi

  ado_stop_keyring
  return "$rc"
}

# Runs FUNCTION, defined in SCRIPT, in a private environment (in a subshell: nothing leaks
# out of it): throw-away HOME and XDG directories, nothing of the developer's desktop or
# configuration, its own D-Bus session; whatever it leaves running is stopped after it.
# Arguments: minutes before it is stopped, SCRIPT, FUNCTION, the function's arguments.
ado_private_session ()
(
  set -euo pipefail
  minutes=$1 script=$2 function=$3
  shift 3

  tmp=$(mktemp -d "${TMPDIR:-/tmp}/ads-onboarding-session.XXXXXX")
  id=$(ado_random_hex 16)
  # set +e: bash leaves errexit half-on in an EXIT trap that follows a signal's trap.
  # shellcheck disable=SC2064  # expand now: the values are fixed
  trap "set +e; ado_kill_tagged $(printf %q "$id"); rm -rf -- $(printf %q "$tmp")" EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM HUP

  mkdir -m 0700 "$tmp"/{home,data,config,cache,runtime,tmp}
  export HOME=$tmp/home XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config \
         XDG_CACHE_HOME=$tmp/cache XDG_RUNTIME_DIR=$tmp/runtime TMPDIR=$tmp/tmp
  unset DISPLAY WAYLAND_DISPLAY XAUTHORITY DBUS_SESSION_BUS_ADDRESS \
        GNOME_KEYRING_CONTROL SSH_AUTH_SOCK SESSION_MANAGER AT_SPI_BUS_ADDRESS \
        XDG_SESSION_TYPE XDG_CURRENT_DESKTOP XDG_SESSION_DESKTOP DESKTOP_SESSION \
        GDK_BACKEND GTK_THEME GTK_MODULES GTK_A11Y NO_AT_BRIDGE \
        SECRET_BACKEND SECRET_FILE_TEST_PATH SECRET_FILE_TEST_PASSWORD \
        LC_ALL LANGUAGE
  export LANG=C.UTF-8
  # Nothing of the developer's own configuration reaches the app.
  while read -r var; do
    unset "$var"
  done < <(compgen -v ADS_ONBOARDING_ || true)

  # shellcheck disable=SC2016  # expanded by the inner shell
  timeout --foreground --kill-after=30 "${minutes}m" \
    env ADO_HARNESS_ID="$id" \
    dbus-run-session -- \
    bash -c 'set -euo pipefail && source "$1" && function=$2 && shift 2 && "$function" "$@"' \
    bash "$script" "$function" "$@"
)

# Runs the tests in a private environment.
# Arguments: minutes before meson test is stopped, meson test arguments.
ado_run_harness ()
{
  local minutes=$1
  shift

  ado_private_session "$(( minutes + 5 ))" "$ADO_ROOT/build-aux/setup.sh" \
    ado_harness_session "$ADO_BUILDDIR" "$minutes" "$@"
}

# Prints "passed failed skipped" counted from meson's JSON test logs.
ado_count_results ()
{
  "$ADO_PYTHON" - "$@" <<'PY'
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if not line.strip():
                continue
            try:
                result = json.loads(line).get("result")
            except ValueError:
                result = None
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:  # FAIL, TIMEOUT, UNEXPECTEDPASS, ERROR, INTERRUPT, unreadable
                failed += 1
print(passed, failed, skipped)
PY
}
