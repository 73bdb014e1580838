#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ads-onboarding --export as the tools that read it see it: for a North
# American, a European and a Far East profile, as the default profile and
# named with --profile, every format is read back by a real parser (bash
# eval, Python's json, PyYAML), and its values make a first call to the
# imitation of the Ads API, which, like Amazon, refuses a profile on another
# region's host. The sign-in is North American. TAP output.
set -u

# shellcheck source-path=SCRIPTDIR source=cli-test-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/cli-test-lib.sh"

have_yaml=0
python3 -c 'import yaml' 2>/dev/null && have_yaml=1

# The Far East region has a seller in Japan and one in Singapore
tell_server 'set-profiles fe [{"profileId":4611686018427387905,"countryCode":"JP","currencyCode":"JPY","timezone":"Asia/Tokyo","accountInfo":{"marketplaceStringId":"A1VC38T7YXB528","id":"A2DEMOJP","type":"seller","name":"Demo Japan"}},{"profileId":77,"countryCode":"SG","currencyCode":"SGD","timezone":"Asia/Singapore","accountInfo":{"marketplaceStringId":"A19VAU5U5O7RUS","id":"A2DEMOSG","type":"seller","name":"Demo Singapore"}}]'

a=$(sign_in "Shop")
if [[ $a =~ ^[0-9a-f]{8}$ ]]; then
  ok "an account is made with --authorize (North America)"
else
  not_ok "an account is made with --authorize (North America)" "$(cat "$work/sign-in.err")"
fi

# first_call URL TOKEN PROFILE: the HTTP status of GET URL/v2/sp/campaigns
first_call () {
  python3 - "$1" "$client_id" "$2" "$3" <<'PY'
import sys, urllib.request, urllib.error
request = urllib.request.Request(sys.argv[1] + "/v2/sp/campaigns", headers={
    "Amazon-Advertising-API-ClientId": sys.argv[2],
    "Authorization": "Bearer " + sys.argv[3],
    "Amazon-Advertising-API-Scope": sys.argv[4]})
try:
    print(urllib.request.urlopen(request).status)
except urllib.error.HTTPError as e:
    print(e.code)
PY
}

# The host python-amazon-ad-api asks for a marketplace name (its Marketplaces enum)
marketplace_region () {
  case $1 in
    NA|US|CA|MX|BR) echo na ;;
    EU|UK|GB|DE|FR|ES|IT|NL|BE|IE|SE|PL|AE) echo eu ;;
    JP|AU|SG) echo fe ;;
    *) echo "unknown marketplace $1" >&2; echo none ;;
  esac
}

# check_exports TAG PROFILE REGION MARKETPLACE ARGS…: every format for one profile
check_exports () {
  local tag=$1 profile=$2 region=$3 marketplace=$4 upper other token
  shift 4
  upper=$(echo "$region" | tr a-z A-Z)

  run "$tag-env" --export env "$@"
  details="status $status; $(cat "$work/$tag-env.out" "$work/$tag-env.err")"
  check "$tag: env, evaluated by bash, names the profile, its region and marketplace" \
    bash -c 'set -eu; eval "$(cat "$1")"; [ "$AD_API_PROFILE_ID" = "$2" ] &&
             [ "$AMAZON_ADS_REGION" = "$3" ] && [ "$AD_API_DEFAULT_MARKETPLACE" = "$4" ] &&
             [ "$AD_API_CLIENT_ID" = "$5" ] && [ "$AD_API_CLIENT_SECRET" = "$6" ]' \
    bash "$work/$tag-env.out" "$profile" "$region" "$marketplace" "$client_id" "$secret"

  # python-amazon-ad-api asks the host of its marketplace: the profile's
  token=$(secret-tool lookup kind access-token account_id "$a" 2>/dev/null)
  if [ "$(marketplace_region "$marketplace")" = "$region" ] &&
     [ "$(first_call "${api_url_template/\{region\}/$region}" "$token" "$profile")" = 200 ]; then
    ok "$tag: the marketplace's host knows the profile"
  else
    not_ok "$tag: the marketplace's host knows the profile" "marketplace $marketplace"
  fi

  run "$tag-json" --export json "$@"
  details="status $status; $(cat "$work/$tag-json.out" "$work/$tag-json.err")"
  check "$tag: json names the profile's digits and region" \
    python3 - "$work/$tag-json.out" "$profile" "$region" "$status" <<'PY'
import json, sys
assert sys.argv[4] == "0"
data = json.load(open(sys.argv[1], encoding="utf-8"))
assert set(data) == {"client_id", "client_secret", "refresh_token", "region", "profile_id"}, data
assert data["profile_id"] == sys.argv[2] and data["region"] == sys.argv[3], data
assert all(isinstance(v, str) for v in data.values())
PY

  run "$tag-postman" --export postman "$@"
  details="status $status; $(cat "$work/$tag-postman.err")"
  check "$tag: postman's api_url is the profile's host, token_expires_at in ms" \
    python3 - "$work/$tag-postman.out" "$profile" "${api_url_template/\{region\}/$region}" <<'PY'
import json, sys, time
values = {v["key"]: v for v in json.load(open(sys.argv[1], encoding="utf-8"))["values"]}
assert values["profileId"]["value"] == sys.argv[2], values["profileId"]
assert values["api_url"]["value"] == sys.argv[3], values["api_url"]
assert values["dspAccountId"]["value"] == "" and values["manager_account_id"]["value"] == ""
expires = int(values["token_expires_at"]["value"])
now = time.time() * 1000
# The cached token: valid for at most an hour, exported a minute early
assert now < expires <= now + 3600 * 1000 - 59 * 1000, (expires, now)
PY
  other=na; [ "$region" = na ] && other=eu
  token=$(python3 -c 'import json, sys; print({v["key"]: v["value"] for v in json.load(open(sys.argv[1]))["values"]}["access_token"])' "$work/$tag-postman.out")
  api=$(python3 -c 'import json, sys; print({v["key"]: v["value"] for v in json.load(open(sys.argv[1]))["values"]}["api_url"])' "$work/$tag-postman.out")
  if [ "$(first_call "$api" "$token" "$profile")" = 200 ] &&
     [ "$(first_call "${api_url_template/\{region\}/$other}" "$token" "$profile")" = 401 ]; then
    ok "$tag: postman's first call works; on another region's host it gets 401"
  else
    not_ok "$tag: postman's first call works; on another region's host it gets 401"
  fi

  run "$tag-yaml" --export python-ad-api "$@"
  if [ $have_yaml -eq 1 ]; then
    details="status $status; $(cat "$work/$tag-yaml.out" "$work/$tag-yaml.err")"
    check "$tag: python-ad-api is a credentials.yml with the profile, naming the marketplace" \
      python3 - "$work/$tag-yaml.out" "$profile" "$marketplace" <<'PY'
import sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
data = yaml.safe_load(text)
account = data["default"]
# python-amazon-ad-api's own check: MissingCredentials without any of these
for key in ("refresh_token", "client_id", "client_secret", "profile_id"):
    assert isinstance(account.get(key), str) and account[key], key
assert account["profile_id"] == sys.argv[2], account["profile_id"]
assert "AD_API_DEFAULT_MARKETPLACE=" + sys.argv[3] + "\n" in text, text
PY
  else
    if [ $status -eq 0 ] && grep -qx "  profile_id: '$profile'" "$work/$tag-yaml.out"; then
      ok "$tag: python-ad-api names the profile (PyYAML missing: read by hand)"
    else
      not_ok "$tag: python-ad-api names the profile" "$(cat "$work/$tag-yaml.err")"
    fi
  fi

  run "$tag-airbyte" --export airbyte "$@"
  details="status $status; $(cat "$work/$tag-airbyte.out" "$work/$tag-airbyte.err")"
  check "$tag: airbyte has oauth2.0, the region in capitals and the profile as an integer" \
    python3 - "$work/$tag-airbyte.out" "$profile" "$upper" "$client_id" <<'PY'
import json, sys
config = json.load(open(sys.argv[1], encoding="utf-8"))
assert set(config) == {"auth_type", "client_id", "client_secret", "refresh_token", "region",
                       "profiles"}, config.keys()
assert config["auth_type"] == "oauth2.0" and config["region"] == sys.argv[3], config
assert config["client_id"] == sys.argv[4]
assert config["profiles"] == [int(sys.argv[2])] and type(config["profiles"][0]) is int
PY
}

# 1. Named with --profile, no default profile kept
check_exports "NA --profile" 9007199254740993 na US --profile 9007199254740993
check_exports "EU --profile" 1234567890123456789012 eu DE --profile 1234567890123456789012
check_exports "FE --profile" 4611686018427387905 fe JP --profile 4611686018427387905

# 2. As the default profile
for case in "9007199254740993 na US" "1234567890123456789012 eu DE" "77 fe SG"; do
  set -- $case
  run "default-$2" --set-default-profile "$1"
  if [ $status -ne 0 ]; then
    not_ok "--set-default-profile $1" "$(cat "$work/default-$2.err")"
  fi
  check_exports "${2^^} default" "$1" "$2" "$3"
done

# 3. A default in one region, another region's profile named
run default-eu --set-default-profile 1234567890123456789012
check_exports "FE --profile over an EU default" 4611686018427387905 fe JP \
  --profile 4611686018427387905

# 4. No profile known
sed -i '/^default_profile_/d' "$registry"
run none-yaml --export python-ad-api
if [ $status -eq 2 ] && [ ! -s "$work/none-yaml.out" ] &&
   grep -q -- "--profile" "$work/none-yaml.err" &&
   grep -q -- "--set-default-profile" "$work/none-yaml.err" &&
   [ "$(wc -l <"$work/none-yaml.err")" -eq 1 ]; then
  ok "python-ad-api without a profile: exit 2, one sentence naming --profile and --set-default-profile"
else
  not_ok "python-ad-api without a profile: exit 2 and one sentence" "status $status" \
    "$(cat "$work/none-yaml.out" "$work/none-yaml.err")"
fi
run none-env --export env
s_env=$status
run none-json --export json
if [ $s_env -eq 0 ] && [ $status -eq 0 ] &&
   grep -q "warning: no advertising profile" "$work/none-env.err" &&
   grep -q "warning: no advertising profile" "$work/none-json.err" &&
   grep -qx "export AD_API_DEFAULT_MARKETPLACE='NA'" "$work/none-env.out" &&
   ! grep -q AD_API_PROFILE_ID "$work/none-env.out"; then
  ok "env and json without a profile: the export, the sign-in region's marketplace, a warning"
else
  not_ok "env and json without a profile: the export and a warning" "$s_env $status" \
    "$(cat "$work/none-env.out" "$work/none-env.err" "$work/none-json.err")"
fi

# 5. An agency's profile: exported, with a warning
run agency --export env --profile 3141592653589793
if [ $status -eq 0 ] && grep -q "warning: profile 3141592653589793 belongs to an agency" \
     "$work/agency.err" && grep -qx "export AD_API_DEFAULT_MARKETPLACE='CA'" "$work/agency.out"; then
  ok "an agency's profile is exported with a warning"
else
  not_ok "an agency's profile is exported with a warning" "status $status" \
    "$(cat "$work/agency.err")"
fi

# 6. airbyte --all-profiles: every profile of the region, exact
run all --export airbyte --all-profiles --profile 9007199254740993
details="status $status; $(cat "$work/all.out" "$work/all.err")"
check "airbyte --all-profiles lists the region's profiles as exact integers" \
  python3 - "$work/all.out" <<'PY'
import json, sys
config = json.load(open(sys.argv[1], encoding="utf-8"))
assert config["region"] == "NA", config
assert config["profiles"] == [9007199254740993, 3141592653589793], config["profiles"]
PY
run all-fe --export airbyte --all-profiles --profile 77
details="status $status; $(cat "$work/all-fe.out" "$work/all-fe.err")"
check "airbyte --all-profiles follows the named profile's region" \
  python3 - "$work/all-fe.out" <<'PY'
import json, sys
config = json.load(open(sys.argv[1], encoding="utf-8"))
assert config["region"] == "FE" and config["profiles"] == [4611686018427387905, 77], config
PY

# 7. Usage errors
run all-json --export json --all-profiles
s1=$status
run unknown --export env --profile 42
if [ $s1 -eq 2 ] && grep -q -- "--all-profiles goes with --export airbyte" "$work/all-json.err" &&
   [ $status -eq 2 ] && [ ! -s "$work/unknown.out" ] && grep -q 42 "$work/unknown.err" &&
   grep -q -- "--list-profiles" "$work/unknown.err"; then
  ok "--all-profiles without airbyte, and a profile no region has: exit 2"
else
  not_ok "--all-profiles without airbyte, and a profile no region has: exit 2" "$s1 $status" \
    "$(cat "$work/all-json.err" "$work/unknown.err")"
fi

# 8. The secrets stay out of every message
refresh=$(secret-tool lookup kind refresh-token account_id "$a" 2>/dev/null)
if [ -n "$refresh" ] && ! grep -qF -e "$refresh" -e "$secret" "$work"/*.err "$work/server.log"; then
  ok "no secret in any message"
else
  not_ok "no secret in any message"
fi

finish
