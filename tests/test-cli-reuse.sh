#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The commands that reuse the credentials: --list-accounts, --print-access-token,
# --export, --set-client-secret, --forget. Accounts are made with --authorize
# against the imitation of Login with Amazon, the redirected address pasted
# on stdin (no browser); the credentials are in the real keyring of the test
# session. TAP output.
#
# Usage: test-cli-reuse.sh DBUS_NO_SERVICES_CONF
set -u

no_services_conf=${1:?a D-Bus configuration without services}

# shellcheck source-path=SCRIPTDIR source=cli-test-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/cli-test-lib.sh"
auth_url=$ADS_ONBOARDING_AUTH_URL
token_url=$ADS_ONBOARDING_TOKEN_URL
api_url=$ADS_ONBOARDING_API_URL

have_yaml=0
python3 -c 'import yaml' 2>/dev/null && have_yaml=1

lookup () { secret-tool lookup "$@" 2>/dev/null; }
count_items () { secret-tool search --all "$@" 2>/dev/null | grep -c '^\[/'; }

# 1. One account
a=$(sign_in "Shop A")
if [[ $a =~ ^[0-9a-f]{8}$ ]]; then
  ok "an account is made with --authorize and a pasted address"
else
  not_ok "an account is made with --authorize and a pasted address" "$(cat "$work/sign-in.err")"
fi
refresh_a=$(lookup kind refresh-token account_id "$a")
access_a=$(lookup kind access-token account_id "$a")

# 2. --list-accounts: a table, and JSON
run list --list-accounts
details="status $status; $(cat "$work/list.out" "$work/list.err")"
check "--list-accounts prints an aligned table" python3 - "$work/list.out" "$a" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 2, lines
head, row = lines
for word in ("ID", "NAME", "REGION", "STATE", "SIGNED IN"):
    assert word in head, word
assert row.startswith(sys.argv[2] + " "), row
for word, value in (("NAME", "Shop A"), ("REGION", "na"), ("STATE", "ok")):
    assert row.index(value) == head.index(word), (word, row)
assert row[head.index("SIGNED IN"):][:2] == "20", row
PY

run list-json --list-accounts --json
details="status $status; $(cat "$work/list-json.out" "$work/list-json.err")"
check "--list-accounts --json prints every field with its type" \
  python3 - "$work/list-json.out" "$a" "$client_id" <<'PY'
import json, re, sys
accounts = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(accounts, list) and len(accounts) == 1, accounts
account = accounts[0]
wanted = {"id", "name", "client_id", "region", "redirect_uri", "scope", "obtained_at",
          "default_profile_id", "state"}
assert wanted <= set(account), account.keys()
assert account["id"] == sys.argv[2]
assert account["name"] == "Shop A"
assert account["client_id"] == sys.argv[3]
assert account["region"] == "na"
assert account["redirect_uri"] == "https://amazon.com"
assert account["scope"] == "advertising::campaign_management"
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", account["obtained_at"]), account
assert account["default_profile_id"] is None
assert account["state"] == "ok"
PY

leaks=0
for value in "$secret" "$refresh_a" "$access_a"; do
  [ -n "$value" ] || leaks=1
  grep -qF -- "$value" "$work/list.out" "$work/list.err" "$work/list-json.out" \
    "$work/list-json.err" && leaks=1
done
if [ $leaks -eq 0 ] && [ -n "$refresh_a" ]; then
  ok "no secret in the list output"
else
  not_ok "no secret in the list output"
fi

# 3. --print-access-token: the cached token, only it
run token --print-access-token
if [ $status -eq 0 ] && [ "$(cat "$work/token.out")" = "$access_a" ] &&
   [ "$(wc -l <"$work/token.out")" -eq 1 ] && [ "$(wc -c <"$work/token.out")" -eq $((${#access_a} + 1)) ]; then
  ok "--print-access-token prints the cached token and a newline, nothing else"
else
  not_ok "--print-access-token prints the cached token" "status $status" "$(cat "$work/token.err")"
fi

# 4. --export in each format, read back by the tools that use them
run env --export env
details="status $status; $(cat "$work/env.err")"
check "--export env can be sourced and gives the credentials" \
  bash -c 'set -eu; source "$1"; [ "$AD_API_CLIENT_ID" = "$2" ] && [ "$AD_API_CLIENT_SECRET" = "$3" ] &&
           [ "$AD_API_REFRESH_TOKEN" = "$4" ] && [ "$AMAZON_ADS_REGION" = na ] &&
           [ "$AD_API_DEFAULT_MARKETPLACE" = NA ] && [ -z "${AD_API_PROFILE_ID+set}" ]' \
  bash "$work/env.out" "$client_id" "$secret" "$refresh_a"

run json --export json
details="status $status; $(cat "$work/json.err")"
check "--export json is a JSON object with the credentials" \
  python3 - "$work/json.out" "$client_id" "$secret" "$refresh_a" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
assert data == {"client_id": sys.argv[2], "client_secret": sys.argv[3],
                "refresh_token": sys.argv[4], "region": "na"}, data.keys()
PY

run postman --export postman
details="status $status; $(cat "$work/postman.err")"
check "--export postman is a Postman environment with the collection's variables" \
  python3 - "$work/postman.out" "$client_id" "$secret" "$refresh_a" "$access_a" "$token_url" "$auth_url" \
    "${api_url/\{region\}/na}" <<'PY'
import json, sys, uuid
env = json.load(open(sys.argv[1]))
assert set(env) == {"id", "name", "values", "_postman_variable_scope"}, env.keys()
uuid.UUID(env["id"])
assert env["name"] == "Amazon Ads API – Shop A", env["name"]
assert env["_postman_variable_scope"] == "environment"
values = {v["key"]: v for v in env["values"]}
# Amazon's environment template: its variables, in its order, with its types
assert [v["key"] for v in env["values"]] == ["client_id", "client_secret", "permission_scope",
    "redirect_uri", "access_token", "refresh_token", "token_expires_at", "profileId",
    "auth_grant_url", "token_url", "api_url", "dspAccountId", "manager_account_id"], list(values)
for v in env["values"]:
    assert set(v) == {"key", "value", "type", "enabled"} and v["enabled"] is True, v
    secret = v["key"] in ("client_id", "client_secret", "refresh_token", "access_token")
    any_type = v["key"] in ("profileId", "dspAccountId", "manager_account_id")
    assert v["type"] == ("secret" if secret else "any" if any_type else "default"), v
expect = {"client_id": sys.argv[2], "client_secret": sys.argv[3], "refresh_token": sys.argv[4],
          "access_token": sys.argv[5], "profileId": "", "api_url": sys.argv[8],
          "token_url": sys.argv[6], "auth_grant_url": sys.argv[7], "redirect_uri": "https://amazon.com",
          "permission_scope": "advertising::campaign_management", "dspAccountId": "",
          "manager_account_id": ""}
for key, value in expect.items():
    assert values[key]["value"] == value, key
PY

run yaml-none --export python-ad-api
if [ $status -eq 2 ] && [ ! -s "$work/yaml-none.out" ] && grep -q -- "--profile" "$work/yaml-none.err"; then
  ok "--export python-ad-api without a profile exits 2 (the library refuses such a file)"
else
  not_ok "--export python-ad-api without a profile exits 2" "status $status" \
    "$(cat "$work/yaml-none.out" "$work/yaml-none.err")"
fi

# 5. The profile: --profile, else the account's default, else none
sed -i "/^\[account $a\]/a default_profile_region=na" "$registry"
sed -i "/^\[account $a\]/a default_profile_id=5555555555" "$registry"
run json-default --export json
run json-profile --export json --profile 3141592653589793
run json-bad --export json --profile abc
profile_of () {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("profile_id"))' "$1"
}
if [ "$(profile_of "$work/json-default.out")" = 5555555555 ] &&
   [ "$(profile_of "$work/json-profile.out")" = 3141592653589793 ] &&
   [ $status -eq 2 ] && [ ! -s "$work/json-bad.out" ] && grep -q abc "$work/json-bad.err"; then
  ok "--profile wins over the default profile; --profile abc exits 2"
else
  not_ok "--profile wins over the default profile; --profile abc exits 2" "status $status" \
    "$(cat "$work/json-default.out" "$work/json-profile.out" "$work/json-bad.err")"
fi
run env-profile --export env --profile 3141592653589793
if grep -qx "export AD_API_PROFILE_ID='3141592653589793'" "$work/env-profile.out"; then
  ok "--export env names the profile when known"
else
  not_ok "--export env names the profile when known" "$(cat "$work/env-profile.err")"
fi

run yaml --export python-ad-api
if [ $have_yaml -eq 1 ]; then
  details="status $status; $(cat "$work/yaml.err")"
  check "--export python-ad-api is a credentials.yml that YAML reads back" \
    python3 - "$work/yaml.out" "$client_id" "$secret" "$refresh_a" <<'PY'
import sys, yaml
data = yaml.safe_load(open(sys.argv[1]))
assert data == {"version": "1.0", "default": {"refresh_token": sys.argv[4],
                "client_id": sys.argv[2], "client_secret": sys.argv[3],
                "profile_id": "5555555555"}}, data
PY
else
  if [ $status -eq 0 ] && grep -qx "version: '1.0'" "$work/yaml.out" &&
     grep -qx "  client_secret: '$secret'" "$work/yaml.out"; then
    ok "--export python-ad-api is a credentials.yml (PyYAML missing: read by hand)"
  else
    not_ok "--export python-ad-api is a credentials.yml" "$(cat "$work/yaml.out" "$work/yaml.err")"
  fi
fi

# 6. Options and commands that do not go together
run bad-1 --print-access-token --profile 1
s1=$status
run bad-2 --list-accounts --print-access-token
s2=$status
run bad-3 --json --export env
s3=$status
run bad-4 --export yaml
s4=$status
if [ $s1 -eq 2 ] && [ $s2 -eq 2 ] && [ $s3 -eq 2 ] && [ $s4 -eq 2 ] &&
   grep -q -- "--profile goes with --export" "$work/bad-1.err" && [ ! -s "$work/bad-1.out" ]; then
  ok "options of another command, two commands, an unknown format: exit 2"
else
  not_ok "options of another command, two commands, an unknown format: exit 2" "$s1 $s2 $s3 $s4" \
    "$(cat "$work"/bad-*.err)"
fi

# 6b. What each usage error says, in one line: two commands named in the
# order --help lists them; --demo with a command; of two misplaced options,
# the one --help lists first; an option without any command (which must not
# open the window: a time limit would show it)
run usage-two --print-access-token --list-accounts
s1=$status
run usage-demo --list-accounts --demo
s2=$status
run usage-order --list-accounts --account "$a" --region eu
s3=$status
run usage-other --list-accounts --client-id "$client_id"
s4=$status
timeout 20 "$exe" --json </dev/null >"$work/usage-alone.out" 2>"$work/usage-alone.err"
s5=$?
hint='Run .ads-onboarding --help. for the commands\.$'
two='Give one command at a time: --list-accounts and --print-access-token do not go together\.$'
demo='--demo opens the assistant against the built-in imitation of Amazon; it does not go with'
said () { [ ! -s "$work/$1.out" ] && [ "$(wc -l <"$work/$1.err")" -eq 1 ] &&
          grep -qE "^ads-onboarding: $2" "$work/$1.err"; }
if [ "$s1 $s2 $s3 $s4 $s5" = "2 2 2 2 2" ] && said usage-two "$two" &&
   said usage-demo "$demo commands\.$" &&
   said usage-order "--region goes with --authorize or --list-profiles\. $hint" &&
   said usage-other "--client-id goes with --authorize or --set-client-secret\. $hint" &&
   said usage-alone "--json goes with --list-accounts or --list-profiles\. $hint"; then
  ok "each usage error: exit 2 and its one sentence, naming the options in --help's order"
else
  not_ok "each usage error: exit 2 and its one sentence, naming the options in --help's order" \
    "$s1 $s2 $s3 $s4 $s5" "$(cat "$work"/usage-*.err)"
fi

# 7. Two accounts: which one must be said
b=$(sign_in "Shop B")
run ambiguous --print-access-token
if [ $status -eq 2 ] && [ ! -s "$work/ambiguous.out" ] && grep -q "$a" "$work/ambiguous.err" &&
   grep -q "$b" "$work/ambiguous.err"; then
  ok "two accounts and no --account: exit 2, listing their ids"
else
  not_ok "two accounts and no --account: exit 2, listing their ids" "status $status" \
    "$(cat "$work/ambiguous.err")"
fi
run unknown --export env --account nosuch
s1=$status
run by-name --print-access-token --account "Shop B"
if [ $s1 -eq 2 ] && [ ! -s "$work/unknown.out" ] && [ $status -eq 0 ] &&
   [ "$(cat "$work/by-name.out")" = "$(lookup kind access-token account_id "$b")" ]; then
  ok "an unknown account exits 2; an account is found by its name"
else
  not_ok "an unknown account exits 2; an account is found by its name" "$s1 $status" \
    "$(cat "$work/unknown.err" "$work/by-name.err")"
fi

# 8. A rotated client secret: missing, then set again and used by a refresh
secret-tool clear kind client-secret client_id "$client_id"
secret-tool clear kind access-token account_id "$b"
run no-secret --print-access-token --account "$b"
s1=$status
ADS_ONBOARDING_CLIENT_SECRET="  amzn1-old-style-secret  " run odd-secret --set-client-secret
s2=$status
odd=$(lookup kind client-secret client_id "$client_id")
ADS_ONBOARDING_CLIENT_SECRET="$secret" run set-secret --set-client-secret --client-id "$client_id"
s3=$status
run refreshed --print-access-token --account "$b"
access_b=$(lookup kind access-token account_id "$b")
if [ $s1 -eq 2 ] && grep -q -- "--set-client-secret" "$work/no-secret.err" &&
   [ $s2 -eq 0 ] && grep -q "warning" "$work/odd-secret.err" && [ "$odd" = amzn1-old-style-secret ] &&
   [ $s3 -eq 0 ] && [ ! -s "$work/set-secret.out" ] && ! grep -qF "$secret" "$work/set-secret.err" &&
   [ "$(lookup kind client-secret client_id "$client_id")" = "$secret" ] &&
   [ $status -eq 0 ] && [ -n "$access_b" ] && [ "$(cat "$work/refreshed.out")" = "$access_b" ]; then
  ok "without a client secret: exit 2 naming --set-client-secret; set from the environment, a refresh uses it"
else
  not_ok "--set-client-secret" "$s1 $s2 $s3 $status" \
    "$(cat "$work/no-secret.err" "$work/odd-secret.err" "$work/set-secret.err" "$work/refreshed.err")"
fi

# 9. --forget: that account's items and entry, nothing else
run forget --forget --account "$a"
if [ $status -eq 0 ] && [ "$(count_items account_id "$a")" -eq 0 ] &&
   [ "$(count_items account_id "$b")" -eq 2 ] &&
   [ "$(lookup kind client-secret client_id "$client_id")" = "$secret" ] &&
   grep -q "ap/adam" "$work/forget.err"; then
  ok "--forget removes the account's tokens, keeps the other account's and the shared secret"
else
  not_ok "--forget removes the account's tokens only" "status $status" "$(cat "$work/forget.err")" \
    "a: $(count_items account_id "$a"), b: $(count_items account_id "$b")"
fi
run list-after --list-accounts --json
if python3 -c 'import json, sys; sys.exit([a["id"] for a in json.load(open(sys.argv[1]))] != sys.argv[2:])' \
     "$work/list-after.out" "$b"; then
  ok "a forgotten account is no longer listed"
else
  not_ok "a forgotten account is no longer listed" "$(cat "$work/list-after.out")"
fi

# 9b. Six sign-ins that finish together keep six accounts (each one locks
# the list, reads it again and adds its own account). In a list of their
# own, forgotten afterwards: the steps below count the accounts.
# The client secret is stored already: not given again (six stores of one
# secret at once are the keyring's business, not the list's)
parallel=6
main_config=$XDG_CONFIG_HOME
export XDG_CONFIG_HOME="$work/config-parallel"
for i in $(seq $parallel); do
  mkfifo "$work/par-in.$i"
  "$exe" --authorize --client-id "$client_id" --redirect-uri https://amazon.com --no-browser \
    --timeout 60 --name "Parallel $i" <"$work/par-in.$i" >"$work/par.$i.out" \
    2>"$work/par.$i.err" &
  eval "par_pid_$i=$!"
  eval "exec {par_fd_$i}>\"\$work/par-in.\$i\""
done
for i in $(seq $parallel); do
  for _ in $(seq 100); do [ -s "$work/par.$i.out" ] && break; sleep 0.1; done
  location_of "$(sed -n 1p "$work/par.$i.out")" >"$work/par.$i.location"
done
# All addresses pasted at once
for i in $(seq $parallel); do
  fd_var="par_fd_$i"
  cat "$work/par.$i.location" >&"${!fd_var}"
  eval "exec {par_fd_$i}>&-"
done
par_status=
for i in $(seq $parallel); do
  pid_var="par_pid_$i"
  wait "${!pid_var}"
  par_status="$par_status $?"
done
run par-list --list-accounts --json
# Every run signed in (exit 0) and is listed.
read -r signed kept < <(python3 - "$work/par-list.out" "$work" $par_status <<'PY'
import json, sys
listed = {a["id"] for a in json.load(open(sys.argv[1], encoding="utf-8"))}
signed = kept = 0
for i, status in enumerate(sys.argv[3:], start=1):
    if status != "0":
        continue
    signed += 1
    lines = open(f"{sys.argv[2]}/par.{i}.out", encoding="utf-8").read().splitlines()
    if len(lines) > 1 and lines[1] in listed:
        kept += 1
print(signed, kept)
PY
)
if [ "${signed:-0}" = "$parallel" ] && [ "$kept" = "$signed" ]; then
  ok "$parallel sign-ins finishing together: each one signed in and is listed"
else
  not_ok "$parallel sign-ins finishing together: each one signed in and is listed" \
    "exit statuses:$par_status; ${kept:-?} of ${signed:-?} signed-in accounts kept" \
    "$(cat "$work"/par.*.err)"
fi
par_ids=$(python3 -c 'import json, sys; print(*(a["id"] for a in json.load(open(sys.argv[1]))))' \
            "$work/par-list.out")
for id in $par_ids; do
  run par-forget --forget --account "$id"
done
export XDG_CONFIG_HOME=$main_config
# Forgetting the last of them took the shared client secret: put it back
ADS_ONBOARDING_CLIENT_SECRET="$secret" run par-secret --set-client-secret --client-id "$client_id"

# 9c. A sign-in killed after storing its tokens, before listing its account
# (the test holds the list's lock, so it waits there): nothing stays where
# neither --list-accounts nor --forget reaches it. --forget of its id, and
# the next sign-in, remove its tokens.
config_dir="$XDG_CONFIG_HOME/ads-onboarding"
access_token_accounts () {
  # secret-tool writes the attributes on stderr
  secret-tool search --all kind access-token client_id "$client_id" 2>&1 |
    sed -n 's/^attribute\.account_id = //p' | sort -u
}
killed_sign_in () {
  local fifo="$work/killed-in.$RANDOM" pid locker location id=
  mkfifo "$fifo"
  access_token_accounts >"$work/accounts-before"
  python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.flock(f, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(120)' "$config_dir/accounts.ini.lock" >"$work/locker.out" &
  locker=$!
  for _ in $(seq 100); do [ -s "$work/locker.out" ] && break; sleep 0.1; done
  "$exe" --authorize --client-id "$client_id" --redirect-uri https://amazon.com --no-browser \
    --timeout 60 <"$fifo" >"$work/killed.out" 2>"$work/killed.err" &
  pid=$!
  exec 8>"$fifo"
  for _ in $(seq 100); do [ -s "$work/killed.out" ] && break; sleep 0.1; done
  location=$(location_of "$(sed -n 1p "$work/killed.out")")
  printf '%s\n' "$location" >&8
  # All its tokens are in the keyring once an access token of a new
  # account is: then kill
  for _ in $(seq 100); do
    id=$(access_token_accounts | comm -13 "$work/accounts-before" - | head -n 1)
    [ -n "$id" ] && break
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  exec 8>&-
  kill "$locker" 2>/dev/null
  wait "$locker" 2>/dev/null
  rm -f "$fifo"
  echo "$id"
}
tokens_of () { secret-tool search --all account_id "$1" 2>/dev/null | grep -c '^\['; }

killed=$(killed_sign_in)
run killed-list --list-accounts --json
left=$(tokens_of "$killed")
run killed-forget --forget --account "$killed"
after=$(tokens_of "$killed")
if [ -n "$killed" ] && [ "$left" -ge 2 ] && ! grep -q "$killed" "$work/killed-list.out" &&
   [ $status -eq 0 ] && grep -q "did not finish" "$work/killed-forget.err" && [ "$after" -eq 0 ] &&
   [ ! -e "$config_dir/pending-$killed.ini" ]; then
  ok "a sign-in killed before listing its account: --forget of its id removes its $left tokens"
else
  not_ok "a sign-in killed before listing its account: --forget of its id removes its tokens" \
    "id '$killed', $left tokens left, $after after --forget (status $status)" \
    "$(cat "$work/killed.err" "$work/killed-forget.err")"
fi
killed=$(killed_sign_in)
left=$(tokens_of "$killed")
next=$(sign_in "After a kill")
after=$(tokens_of "$killed")
if [ -n "$killed" ] && [ "$left" -ge 2 ] && [ -n "$next" ] && [ "$after" -eq 0 ] &&
   [ ! -e "$config_dir/pending-$killed.ini" ] && [ "$(tokens_of "$next")" -ge 2 ]; then
  ok "a sign-in killed before listing its account: the next sign-in removes its $left tokens"
else
  not_ok "a sign-in killed before listing its account: the next sign-in removes its tokens" \
    "id '$killed', $left tokens left, $after after the next sign-in ($next)" \
    "$(cat "$work/killed.err" "$work/sign-in.err")"
fi
run killed-next-forget --forget --account "$next"

# 10. The cache needs no network: the imitation stops, the token still comes
exec 7>&-
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=
run cached-1 --print-access-token --account "$b"
s1=$status
run cached-2 --print-access-token --account "$b"
if [ $s1 -eq 0 ] && [ $status -eq 0 ] && [ "$(cat "$work/cached-1.out")" = "$access_b" ] &&
   [ "$(cat "$work/cached-2.out")" = "$access_b" ]; then
  ok "with the imitation stopped, the cached token is still printed (no request made)"
else
  not_ok "with the imitation stopped, the cached token is still printed" "$s1 $status" \
    "$(cat "$work/cached-1.err" "$work/cached-2.err")"
fi
# … and once expired, the refresh cannot reach it: exit 4
secret-tool clear kind access-token account_id "$b"
printf '%s' "Atza|expired" | secret-tool store --label "expired" kind access-token \
  client_id "$client_id" account_id "$b" region na expires_at 1000
run offline --print-access-token --account "$b"
if [ $status -eq 4 ] && [ ! -s "$work/offline.out" ]; then
  ok "an expired token with the token endpoint gone: exit 4, nothing on stdout"
else
  not_ok "an expired token with the token endpoint gone: exit 4" "status $status" \
    "$(cat "$work/offline.out" "$work/offline.err")"
fi

# 11. No keyring at all: the list still works (registry only), the token
# exits 5, and nothing is written anywhere
nokeyring="$work/no-keyring"
mkdir -p "$nokeyring"/{home,data,cache,runtime,config/ads-onboarding}
chmod 0700 "$nokeyring/runtime"
cp "$registry" "$nokeyring/config/ads-onboarding/accounts.ini"
in_env=(env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL
        HOME="$nokeyring/home" XDG_DATA_HOME="$nokeyring/data" XDG_CONFIG_HOME="$nokeyring/config"
        XDG_CACHE_HOME="$nokeyring/cache" XDG_RUNTIME_DIR="$nokeyring/runtime")
"${in_env[@]}" dbus-run-session --config-file="$no_services_conf" -- \
  "$exe" --list-accounts --json </dev/null >"$work/nk-list.out" 2>"$work/nk-list.err"
s1=$?
"${in_env[@]}" dbus-run-session --config-file="$no_services_conf" -- \
  "$exe" --print-access-token </dev/null >"$work/nk-token.out" 2>"$work/nk-token.err"
s2=$?
files=$(cd "$nokeyring" && find . -type f -o -type l | sort | tr '\n' ' ')
if [ $s1 -eq 0 ] && grep -q "$b" "$work/nk-list.out" && [ $s2 -eq 5 ] &&
   [ ! -s "$work/nk-token.out" ] && [ -s "$work/nk-token.err" ] &&
   [ "$files" = "./config/ads-onboarding/accounts.ini " ]; then
  ok "without a keyring: --list-accounts works, --print-access-token exits 5, no file is written"
else
  not_ok "without a keyring" "$s1 $s2" "files: $files" "$(cat "$work/nk-list.err" "$work/nk-token.err")"
fi

# 11b. A keyring that stopped answering (hung, or stopped): exit 5 within
# seconds, not after D-Bus's 25 s for each call
cat >"$work/stopped-keyring.sh" <<'SH'
exe=$1 work=$2
reply=$(printf stopped-keyring | gnome-keyring-daemon --unlock --components=secrets) || exit 90
eval "$(sed -n 's/^\([A-Z_]*=.*\)$/export \1/p' <<<"$reply")"
for _ in $(seq 100); do
  reply=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
            --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets \
            2>/dev/null) && break
  sleep 0.1
done
[[ $reply =~ uint32\ ([0-9]+) ]] || exit 91
pid=${BASH_REMATCH[1]}
kill -STOP "$pid"
start=$(date +%s%N)
"$exe" --print-access-token </dev/null >"$work/stopped.out" 2>"$work/stopped.err"
status=$?
echo $(( ($(date +%s%N) - start) / 1000000 )) >"$work/stopped.ms"
kill -CONT "$pid"
kill "$pid"
exit "$status"
SH
"${in_env[@]}" timeout 120 dbus-run-session -- bash "$work/stopped-keyring.sh" "$exe" "$work"
status=$?
ms=$(cat "$work/stopped.ms" 2>/dev/null || echo "?")
# 15 s: far above the deadline, far below one D-Bus timeout of 25 s
if [ $status -eq 5 ] && [ ! -s "$work/stopped.out" ] && [ "$ms" != "?" ] && [ "$ms" -lt 15000 ] &&
   grep -q "did not answer" "$work/stopped.err"; then
  ok "a stopped keyring: --print-access-token exits 5 in $ms ms, saying the keyring did not answer"
else
  not_ok "a stopped keyring: --print-access-token exits 5 within seconds" \
    "status $status after $ms ms" "$(cat "$work/stopped.out" "$work/stopped.err" 2>/dev/null)"
fi

# 12. A damaged registry: exit 1 with the store's message
mkdir -p "$work/damaged/ads-onboarding"
printf '[[[ not a registry\n' >"$work/damaged/ads-onboarding/accounts.ini"
XDG_CONFIG_HOME="$work/damaged" run damaged --list-accounts
if [ $status -eq 1 ] && grep -q "damaged" "$work/damaged.err" && [ ! -s "$work/damaged.out" ]; then
  ok "a damaged registry exits 1 and says so"
else
  not_ok "a damaged registry exits 1 and says so" "status $status" "$(cat "$work/damaged.err")"
fi

# 13. The last account of a client: its secret goes too
run forget-last --forget
s1=$status
run list-empty --list-accounts
if [ $s1 -eq 0 ] && [ -z "$(lookup kind client-secret client_id "$client_id")" ] &&
   [ "$(count_items account_id "$b")" -eq 0 ] && [ $status -eq 0 ] &&
   [ ! -s "$work/list-empty.out" ] && grep -q "No accounts yet" "$work/list-empty.err"; then
  ok "forgetting the last account removes the client secret; the empty list says how to sign in"
else
  not_ok "forgetting the last account removes the client secret" "$(cat "$work/forget-last.err")" \
    "$(count_items account_id "$b") items of $b left"
fi

# 14. The return URL's port taken: --authorize uses the spare one (the next
# port), which the assistant asks to register too; a port given with --port
# stays as given; both taken: exit 2
block_ports () {
  python3 -c '
import socket, sys, time
socks = []
for port in sys.argv[1:]:
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(port))); s.listen(1); socks.append(s)
print("ready", flush=True); time.sleep(30)
' "$@" >"$work/blocker" &
  blocker=$!
  for _ in $(seq 50); do [ -s "$work/blocker" ] && break; sleep 0.1; done
}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
spare=$((port + 1))
gsettings set io.github.adsonboarding.AdsOnboarding redirect-uri "http://127.0.0.1:$port/callback"
block_ports "$port"
ADS_ONBOARDING_CLIENT_SECRET="$secret" run spare --authorize --client-id "$client_id" --no-browser \
  --timeout 1
s1=$status
ADS_ONBOARDING_CLIENT_SECRET="$secret" run given --authorize --client-id "$client_id" --no-browser \
  --timeout 1 --port "$port"
s2=$status
kill $blocker 2>/dev/null; wait $blocker 2>/dev/null
block_ports "$port" "$spare"
ADS_ONBOARDING_CLIENT_SECRET="$secret" run both --authorize --client-id "$client_id" --no-browser \
  --timeout 1
s3=$status
kill $blocker 2>/dev/null; wait $blocker 2>/dev/null
gsettings reset io.github.adsonboarding.AdsOnboarding redirect-uri
if [ $s1 -eq 3 ] && grep -q "redirect_uri=http%3A%2F%2F127.0.0.1%3A$spare%2Fcallback" "$work/spare.out" &&
   [ $s2 -eq 2 ] && grep -q "Port $port is in use" "$work/given.err" && [ ! -s "$work/given.out" ] &&
   [ $s3 -eq 2 ] && grep -q "Port $spare is in use" "$work/both.err" && [ ! -s "$work/both.out" ]; then
  ok "a taken port: the spare return URL, unless the port was given; both taken exit 2"
else
  not_ok "a taken port: the spare return URL, unless the port was given; both taken exit 2" \
    "status $s1 $s2 $s3" "$(cat "$work/spare.out" "$work/spare.err" "$work/given.err" "$work/both.err")"
fi

finish
