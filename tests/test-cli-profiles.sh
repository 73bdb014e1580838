#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ads-onboarding --list-profiles and --set-default-profile against the
# imitation of Login with Amazon and the Ads API: an account is made with
# --authorize (the redirected address pasted on stdin), its tokens are in
# the real keyring of the test session. TAP output.
set -u

# shellcheck source-path=SCRIPTDIR source=cli-test-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/cli-test-lib.sh"

if [[ $ADS_ONBOARDING_API_URL == http://127.0.0.1:*/\{region\} ]]; then
  ok "the imitation's tool prints the Ads API URL with {region} as its third line"
else
  not_ok "the imitation's tool prints the Ads API URL as its third line" \
    "$(cat "$work/server-urls")"
fi

# inject REGION FAILURE TIMES: the next requests of that region fail
inject () { tell_server "fail-profiles $*"; }

a=$(sign_in "Shop")
if [[ $a =~ ^[0-9a-f]{8}$ ]]; then
  ok "an account is made with --authorize"
else
  not_ok "an account is made with --authorize" "$(cat "$work/sign-in.err")"
fi

# 1. JSON: every region, exact IDs as strings, null for what is missing
run json --list-profiles --json
details="status $status; $(cat "$work/json.out" "$work/json.err")"
check "--list-profiles --json lists every region's profiles with exact IDs" \
  python3 - "$work/json.out" "$status" <<'PY'
import json, sys
assert sys.argv[2] == "0", sys.argv[2]
profiles = json.load(open(sys.argv[1], encoding="utf-8"))
keys = {"profile_id", "region", "country_code", "currency_code", "timezone", "account_name",
        "account_type", "marketplace_id"}
assert isinstance(profiles, list) and len(profiles) == 3, profiles
for p in profiles:
    assert set(p) == keys, p
    assert isinstance(p["profile_id"], str) and p["profile_id"].isdigit(), p
ids = [(p["profile_id"], p["region"], p["account_type"]) for p in profiles]
assert ids == [("9007199254740993", "na", "seller"), ("3141592653589793", "na", "agency"),
               ("1234567890123456789012", "eu", "vendor")], ids
assert profiles[2]["country_code"] == "DE" and profiles[2]["marketplace_id"] == "A1PA6795UKMFR9"
PY

if grep -q "Far East" "$work/json.err" && grep -q "no advertising accounts in Far East" "$work/json.err"; then
  ok "an empty region is a note on stderr, not an error"
else
  not_ok "an empty region is a note on stderr" "$(cat "$work/json.err")"
fi

# 2. The table
run table --list-profiles
details="status $status; $(cat "$work/table.out" "$work/table.err")"
check "--list-profiles prints an aligned table" python3 - "$work/table.out" "$status" <<'PY'
import sys
assert sys.argv[2] == "0", sys.argv[2]
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 4, lines
head = lines[0]
cols = ["PROFILE ID", "REGION", "COUNTRY", "CURRENCY", "TYPE", "NAME", "TIME ZONE"]
pos = [head.index(c) for c in cols]
assert pos == sorted(pos), pos
row = lines[3]
for col, value in zip(cols, ["1234567890123456789012", "eu", "DE", "EUR", "vendor",
                             "Demo Vendor Deutschland", "Europe/Paris"]):
    assert row.index(value) == head.index(col), (col, row)
PY

# 3. One region only
run eu --list-profiles --region eu --json
details="status $status; $(cat "$work/eu.out" "$work/eu.err")"
check "--region eu lists only Europe's profiles" python3 - "$work/eu.out" "$status" <<'PY'
import json, sys
assert sys.argv[2] == "0", sys.argv[2]
profiles = json.load(open(sys.argv[1], encoding="utf-8"))
assert [p["region"] for p in profiles] == ["eu"], profiles
PY

# 4. A region that keeps failing: the others are still printed, exit 4
inject eu server-error 3
run failing --list-profiles --json
details="status $status; $(cat "$work/failing.out" "$work/failing.err")"
check "a failing region exits 4, names the region, and the others are printed" \
  python3 - "$work/failing.out" "$work/failing.err" "$status" <<'PY'
import json, sys
assert sys.argv[3] == "4", sys.argv[3]
profiles = json.load(open(sys.argv[1], encoding="utf-8"))
assert [p["region"] for p in profiles] == ["na", "na"], profiles
err = open(sys.argv[2], encoding="utf-8").read()
assert "Europe" in err and "500" in err, err
PY

# 5. An expired access token: renewed once, then the list comes
inject na expired 1
run expired --list-profiles --region na --json
details="status $status; $(cat "$work/expired.out" "$work/expired.err")"
check "a 401 renews the access token and asks again" python3 - "$work/expired.out" "$status" <<'PY'
import json, sys
assert sys.argv[2] == "0", sys.argv[2]
assert len(json.load(open(sys.argv[1], encoding="utf-8"))) == 2
PY

# 6. Usage errors
run bad-region --list-profiles --region mars
if [ $status -eq 2 ] && grep -q "mars" "$work/bad-region.err" && [ ! -s "$work/bad-region.out" ]; then
  ok "an unknown region exits 2"
else
  not_ok "an unknown region exits 2" "status $status" "$(cat "$work/bad-region.err")"
fi

run bad-account --list-profiles --account nobody
if [ $status -eq 2 ]; then ok "an unknown account exits 2"; else
  not_ok "an unknown account exits 2" "status $status" "$(cat "$work/bad-account.err")"; fi

# 7. --set-default-profile keeps the profile and its region; --export follows it
run set-default --set-default-profile 1234567890123456789012
run export --export json
details="status $status; $(cat "$work/set-default.err" "$work/export.err")"
check "--set-default-profile stores the profile and its region for --export" \
  python3 - "$work/export.out" "$registry" "$status" <<'PY'
import json, sys
assert sys.argv[3] == "0", sys.argv[3]
exported = json.load(open(sys.argv[1], encoding="utf-8"))
assert exported["profile_id"] == "1234567890123456789012", exported
# The profile's region, not the sign-in's (North America)
assert exported["region"] == "eu", exported
text = open(sys.argv[2], encoding="utf-8").read()
assert "default_profile_id=1234567890123456789012" in text, text
assert "default_profile_region=eu" in text, text
assert "default_profile_country=DE" in text, text
assert "default_profile_type=vendor" in text, text
PY

run export-postman --export postman
details="status $status; $(cat "$work/export-postman.err")"
check "the exported api_url is the default profile's region's host" \
  python3 - "$work/export-postman.out" "$ADS_ONBOARDING_API_URL" <<'PY'
import json, sys
values = {v["key"]: v["value"] for v in json.load(open(sys.argv[1], encoding="utf-8"))["values"]}
assert values["api_url"] == sys.argv[2].replace("{region}", "eu"), values["api_url"]
PY

run unknown-profile --set-default-profile 42
if [ $status -eq 2 ] && grep -q "42" "$work/unknown-profile.err"; then
  ok "an unknown profile exits 2"
else
  not_ok "an unknown profile exits 2" "status $status" "$(cat "$work/unknown-profile.err")"
fi

access=$(secret-tool lookup kind access-token account_id "$a" 2>/dev/null)
if [ -n "$access" ] && ! grep -rqF "$access" "$work"/*.err "$work/server.log"; then
  ok "no access token in any message"
else
  not_ok "no access token in any message" "token found: ${access:+yes}"
fi

finish
