#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The credential store when the keyring cannot be used: no session bus, a bus
# without any Secret Service, a locked keyring. TAP output.
#
# Each case runs with its own throw-away HOME and XDG folders and, where it
# needs one, its own D-Bus session with its own gnome-keyring-daemon. None of
# them sees a display: a locked keyring would open a password prompt there and
# every call would wait for it.
#
# Usage: test-keyring-failures.sh KEYRING_HELPER DBUS_NO_SERVICES_CONF
set -u

helper=${1:?the keyring-helper program}
no_services_conf=${2:?a D-Bus configuration without services}

if [[ -n ${ADO_KEYRING_FAILURES_INSIDE:-} ]]; then
  mode=$ADO_KEYRING_FAILURES_INSIDE
else
  mode=main
  ADO_KEYRING_FAILURES_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ado-keyring-failures.XXXXXX")
  export ADO_KEYRING_FAILURES_TMP
  trap 'rm -rf -- "$ADO_KEYRING_FAILURES_TMP"' EXIT
  echo 0 >"$ADO_KEYRING_FAILURES_TMP/count"
  echo 0 >"$ADO_KEYRING_FAILURES_TMP/failed"
fi
tmp=$ADO_KEYRING_FAILURES_TMP

client=amzn1.application-oa2-client.0123456789abcdef0123456789abcdef
token=Atzr\|IwEBIKeyringFailuresTestToken
account=a1b2c3d4

# The test numbers are kept in a file: the locked case runs in another process.
next_number () {
  local n
  n=$(<"$tmp/count")
  n=$((n + 1))
  echo "$n" >"$tmp/count"
  echo "$n"
}

ok () {
  echo "ok $(next_number) - $1"
}

not_ok () {
  echo "not ok $(next_number) - $1"
  echo 1 >"$tmp/failed"
  shift
  for line in "$@"; do
    printf '# %s\n' "$line"
  done
}

# A fresh HOME and XDG folders under $tmp/NAME; prints the folder.
make_home () {
  local dir=$tmp/$1

  mkdir -p "$dir"/home "$dir"/data "$dir"/config "$dir"/cache "$dir"/runtime
  chmod 0700 "$dir"/runtime
  printf '%s\n' "$dir"
}

# Sets in_env to the command prefix for the environment of a folder from
# make_home: no display, no session bus unless the command starts one.
env_in () {
  local dir=$1

  in_env=(env -u DISPLAY -u WAYLAND_DISPLAY -u XAUTHORITY -u DBUS_SESSION_BUS_ADDRESS
          -u GNOME_KEYRING_CONTROL -u SECRET_BACKEND -u SECRET_FILE_TEST_PATH
          HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config"
          XDG_CACHE_HOME="$dir/cache" XDG_RUNTIME_DIR="$dir/runtime")
}

# expect DESCRIPTION WANTED MAX_MS COMMAND…: the first line of the helper's
# answer starts with WANTED, within MAX_MS milliseconds.
expect () {
  local what=$1 want=$2 max_ms=$3 out start end ms
  shift 3

  start=$(date +%s%N)
  out=$(timeout 60 "$@" 2>"$tmp/stderr" | head -n 1)
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))

  if [[ $out == "$want"* ]] && (( ms <= max_ms )); then
    ok "$what (${ms} ms)"
  else
    not_ok "$what" "wanted: $want… within $max_ms ms" "got: $out (after $ms ms)" \
      "stderr: $(tr '\n' ' ' <"$tmp/stderr")"
  fi
}

# No file anywhere under the folder: nothing fell back to a file.
expect_no_files () {
  local what=$1 dir=$2 files

  files=$(find "$dir" -type f -o -type l)
  if [[ -z $files ]]; then
    ok "$what"
  else
    not_ok "$what" "files written: $(tr '\n' ' ' <<<"$files")"
  fi
}

default_collection_locked () {
  gdbus call --session --dest org.freedesktop.secrets \
    --object-path /org/freedesktop/secrets/aliases/default \
    --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection Locked \
    2>/dev/null
}

stop_keyring_daemon () {
  local reply

  if reply=$(gdbus call --session --dest org.freedesktop.DBus \
               --object-path /org/freedesktop/DBus \
               --method org.freedesktop.DBus.GetConnectionUnixProcessID \
               org.freedesktop.secrets 2>/dev/null) &&
     [[ $reply =~ uint32\ ([0-9]+) ]]; then
    kill "${BASH_REMATCH[1]}" 2>/dev/null || true
  fi
}

# gnome-keyring-daemon --unlock returns before it owns its name on the bus:
# wait for it (10 s at most), as a desktop session would
wait_for_keyring_name () {
  local i
  for (( i = 0; i < 100; i++ )); do
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.GetNameOwner org.freedesktop.secrets >/dev/null 2>&1 &&
      return 0
    sleep 0.1
  done
  return 1
}

# Inside a private D-Bus session: a keyring with a known password, locked
# and unlocked again.
locked_case () {
  local password reply line i prompter_pid

  # The daemons run without the tests' G_DEBUG=fatal-warnings (gnome-keyring-daemon
  # has warnings of its own); the helper runs with it.
  password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  if ! reply=$(printf %s "$password" |
               timeout 30 gnome-keyring-daemon --unlock --components=secrets); then
    not_ok "a private gnome-keyring-daemon starts"
    return
  fi
  while IFS= read -r line; do
    if [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
      export "${line?}"
    fi
  done <<<"$reply"
  if ! wait_for_keyring_name; then
    not_ok "the private gnome-keyring-daemon owns org.freedesktop.secrets"
    return
  fi
  if [[ -n ${ADO_KEYRING_FAILURES_G_DEBUG:-} ]]; then
    export G_DEBUG=$ADO_KEYRING_FAILURES_G_DEBUG
  fi

  expect "store in the unlocked keyring" "stored" 10000 \
    "$helper" store refresh-token "$client" "$account" "$token"
  expect "lookup in the unlocked keyring" "found $token" 10000 \
    "$helper" lookup refresh-token "$client" "$account"

  gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
    --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/aliases/default']" \
    >/dev/null
  if [[ $(default_collection_locked) == '(<true>,)' ]]; then
    ok "the default collection is locked"
  else
    not_ok "the default collection is locked" "$(default_collection_locked)"
  fi

  # The unlock prompt cannot be shown (no display): it ends at once.
  expect "store while locked: KEYRING_LOCKED, no prompt waits" "error KEYRING_LOCKED" 10000 \
    "$helper" store refresh-token "$client" b2c3d4e5 other-token
  expect "lookup of a stored token while locked: KEYRING_LOCKED" "error KEYRING_LOCKED" 10000 \
    "$helper" lookup refresh-token "$client" "$account"
  expect "an account's items while locked: KEYRING_LOCKED" "error KEYRING_LOCKED" 10000 \
    "$helper" lookup-account all "$client" "$account"
  expect "lookup of something never stored while locked: KEYRING_LOCKED, not nothing" \
    "error KEYRING_LOCKED" 10000 \
    "$helper" lookup client-secret "$client" -
  expect "clear while locked: KEYRING_LOCKED" "error KEYRING_LOCKED" 10000 \
    "$helper" clear refresh-token "$client" "$account"

  # A prompt that nobody answers (someone walked away): cancelling ends it
  "$helper" fake-prompter >"$tmp/prompter.out" 2>"$tmp/prompter.err" &
  prompter_pid=$!
  for (( i = 0; i < 50; i++ )); do
    [[ -s $tmp/prompter.out ]] && break
    sleep 0.1
  done
  if [[ $(<"$tmp/prompter.out") == ready ]]; then
    expect "a prompt nobody answers: cancelling ends the lookup" "error CANCELLED" 5000 \
      "$helper" --cancel-after 500 lookup refresh-token "$client" "$account"
    if grep -q BeginPrompting "$tmp/prompter.err"; then
      ok "the prompt was waiting for an answer"
    else
      not_ok "the prompt was waiting for an answer" "$(<"$tmp/prompter.err")"
    fi
  else
    not_ok "the fake prompter starts" "$(<"$tmp/prompter.err")"
  fi
  kill "$prompter_pid" 2>/dev/null
  wait "$prompter_pid" 2>/dev/null

  # gnome-keyring-daemon unlocks the login keyring when it starts
  printf %s "$password" |
    timeout 30 env -u G_DEBUG gnome-keyring-daemon --replace --unlock --components=secrets \
      >/dev/null 2>&1
  wait_for_keyring_name
  for (( i = 0; i < 50; i++ )); do
    [[ $(default_collection_locked) == '(<false>,)' ]] && break
    sleep 0.1
  done

  expect "after unlocking, the token is still there" "found $token" 10000 \
    "$helper" lookup refresh-token "$client" "$account"
  expect "after unlocking, an account's items: its refresh token only" \
    "found refresh-token" 10000 "$helper" lookup-account all "$client" "$account"
  expect "after unlocking, what was never stored is nothing" "nothing" 10000 \
    "$helper" lookup client-secret "$client" -
  expect "after unlocking, clear works" "cleared" 10000 \
    "$helper" clear refresh-token "$client" "$account"

  stop_keyring_daemon
}

# Inside a private D-Bus session: a Secret Service (started on demand) that
# has no keyring yet.
missing_case () {
  if [[ -n ${ADO_KEYRING_FAILURES_G_DEBUG:-} ]]; then
    export G_DEBUG=$ADO_KEYRING_FAILURES_G_DEBUG
  fi

  expect "no keyring yet: a lookup finds nothing" "nothing" 10000 \
    "$helper" lookup refresh-token "$client" "$account"
  # Making one asks for its password, which no one can answer here
  expect "no keyring yet: store says KEYRING_LOCKED, no prompt waits" "error KEYRING_LOCKED" 10000 \
    "$helper" store refresh-token "$client" "$account" "$token"

  stop_keyring_daemon
}

case $mode in
  locked)
    locked_case
    exit 0
    ;;
  missing)
    missing_case
    exit 0
    ;;
  main)
    ;;
  *)
    echo "Bail out! unknown mode $mode"
    exit 1
    ;;
esac

# 1. No session bus at all, no display: GLib cannot autolaunch one.
dir=$(make_home no-bus)
env_in "$dir"
expect "no session bus: store says KEYRING_UNAVAILABLE quickly" "error KEYRING_UNAVAILABLE" 5000 \
  "${in_env[@]}" "$helper" store refresh-token "$client" "$account" "$token"
expect "no session bus: lookup says KEYRING_UNAVAILABLE quickly" "error KEYRING_UNAVAILABLE" 5000 \
  "${in_env[@]}" "$helper" lookup refresh-token "$client" "$account"
expect_no_files "no session bus: nothing written to any file" "$dir"

# 2. No session bus, a display: GLib would spawn dbus-launch.
if command -v dbus-launch >/dev/null; then
  echo "ok $(next_number) # SKIP dbus-launch is installed: it would start a bus"
else
  dir=$(make_home no-dbus-launch)
  env_in "$dir"
  expect "no session bus, no dbus-launch: lookup says KEYRING_UNAVAILABLE quickly" \
    "error KEYRING_UNAVAILABLE" 5000 \
    "${in_env[@]}" env DISPLAY=:4242 "$helper" lookup refresh-token "$client" "$account"
  expect_no_files "no dbus-launch: nothing written to any file" "$dir"
fi

# 3. A session bus without any Secret Service.
dir=$(make_home no-service)
env_in "$dir"
expect "bus without a Secret Service: store says KEYRING_UNAVAILABLE quickly" \
  "error KEYRING_UNAVAILABLE" 5000 \
  "${in_env[@]}" dbus-run-session --config-file="$no_services_conf" -- \
    "$helper" store refresh-token "$client" "$account" "$token"
expect "bus without a Secret Service: lookup says KEYRING_UNAVAILABLE quickly" \
  "error KEYRING_UNAVAILABLE" 5000 \
  "${in_env[@]}" dbus-run-session --config-file="$no_services_conf" -- \
    "$helper" lookup client-secret "$client" -
expect "bus without a Secret Service: clear says KEYRING_UNAVAILABLE quickly" \
  "error KEYRING_UNAVAILABLE" 5000 \
  "${in_env[@]}" dbus-run-session --config-file="$no_services_conf" -- \
    "$helper" clear access-token "$client" "$account"
expect_no_files "bus without a Secret Service: nothing written to any file" "$dir"

# 4. A locked keyring, in a session of its own.
dir=$(make_home locked)
env_in "$dir"
"${in_env[@]}" env -u G_DEBUG ADO_KEYRING_FAILURES_INSIDE=locked \
  ADO_KEYRING_FAILURES_G_DEBUG="${G_DEBUG:-}" \
  timeout 120 dbus-run-session -- "$0" "$helper" "$no_services_conf" 2>"$tmp/locked-stderr"
status=$?
if (( status != 0 )); then
  not_ok "the locked keyring's session ended well" "status $status" \
    "stderr: $(tr '\n' ' ' <"$tmp/locked-stderr")"
fi

# 5. A Secret Service without any keyring, in a session of its own.
dir=$(make_home missing)
env_in "$dir"
"${in_env[@]}" env -u G_DEBUG ADO_KEYRING_FAILURES_INSIDE=missing \
  ADO_KEYRING_FAILURES_G_DEBUG="${G_DEBUG:-}" \
  timeout 120 dbus-run-session -- "$0" "$helper" "$no_services_conf" 2>"$tmp/missing-stderr"
status=$?
if (( status != 0 )); then
  not_ok "the missing keyring's session ended well" "status $status" \
    "stderr: $(tr '\n' ' ' <"$tmp/missing-stderr")"
fi

echo "1..$(<"$tmp/count")"
exit "$(<"$tmp/failed")"
