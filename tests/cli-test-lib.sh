# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the command-line tests: TAP helpers, the imitation of Login with
# Amazon and the Ads API (tests/ado-demo-server-tool.c) with its URLs in the
# environment, a sign-in through --authorize with the redirected address
# pasted on stdin, and a runner that keeps each command's output.
#
# After sourcing: $work (removed at exit), $exe, $client_id, $secret,
# $registry, $api_url_template, and the functions below.

exe=${ADS_ONBOARDING_EXECUTABLE:?}
tool=${ADS_ONBOARDING_DEMO_TOOL:?}
client_id=amzn1.application-oa2-client.0123456789abcdef0123456789abcdef
secret=amzn1.oa2-cs.v1.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () {
  n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift
  for line in "$@"; do printf '# %s\n' "$line"; done
}
# check DESCRIPTION COMMAND…: ok when the command succeeds, else the details
check () {
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what" "${details:-}"; fi
  details=
}
details=

work=$(mktemp -d)
server_pid=
cli_cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cli_cleanup EXIT

# The imitation, with Amazon's own walkthrough URL as the return URL: nobody
# listens, the address is pasted. Its stdin (fd 7) takes commands.
mkfifo "$work/server-in"
"$tool" "https://amazon.com" <"$work/server-in" >"$work/server-urls" 2>"$work/server.log" &
server_pid=$!
exec 7>"$work/server-in"
for _ in $(seq 100); do [ "$(wc -l <"$work/server-urls")" -ge 3 ] && break; sleep 0.1; done

export XDG_CONFIG_HOME="$work/config"
export GSETTINGS_BACKEND=keyfile
export ADS_ONBOARDING_AUTH_URL=$(sed -n 1p "$work/server-urls")
export ADS_ONBOARDING_TOKEN_URL=$(sed -n 2p "$work/server-urls")
api_url_template=$(sed -n 3p "$work/server-urls")
export ADS_ONBOARDING_API_URL=$api_url_template
unset ADS_ONBOARDING_CLIENT_SECRET
registry="$XDG_CONFIG_HOME/ads-onboarding/accounts.ini"

# tell_server LINE: a command to the imitation, waiting for its "ok"
acks=3
tell_server () {
  echo "$*" >&7
  acks=$((acks + 1))
  for _ in $(seq 100); do [ "$(wc -l <"$work/server-urls")" -ge $acks ] && break; sleep 0.1; done
}

# location_of URL: where Amazon's page at URL sends the browser, the address
# the user copies from the address bar (redirects are not followed)
location_of () {
  python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
try:
    urllib.request.build_opener(NoRedirect).open(sys.argv[1])
except urllib.error.HTTPError as e:
    print(e.headers.get("Location", ""))
PY
}

# sign_in NAME: a new account through --authorize; prints its id
sign_in () {
  local name=$1 fifo="$work/cli-in.$RANDOM" location pid
  mkfifo "$fifo"
  ADS_ONBOARDING_CLIENT_SECRET="$secret" \
    "$exe" --authorize --client-id "$client_id" --redirect-uri https://amazon.com --no-browser \
    --timeout 60 --name "$name" <"$fifo" >"$work/sign-in.out" 2>"$work/sign-in.err" &
  pid=$!
  exec 8>"$fifo"
  for _ in $(seq 100); do [ -s "$work/sign-in.out" ] && break; sleep 0.1; done
  # Amazon redirects to the registered URL; the user copies it from the address bar
  location=$(location_of "$(sed -n 1p "$work/sign-in.out")")
  printf '%s\n' "$location" >&8
  exec 8>&-
  wait "$pid"
  rm -f "$fifo"
  sed -n 2p "$work/sign-in.out"
}

# run NAME ARGS…: runs the app; NAME.out, NAME.err and the status in $status
crashed=
run () {
  local name=$1
  shift
  "$exe" "$@" </dev/null >"$work/$name.out" 2>"$work/$name.err"
  status=$?
  # Killed by a signal (an abort, a crash): never a way to end
  if [ $status -gt 128 ]; then crashed="$crashed $name($status)"; fi
}

# finish: the last test lines and the exit status
finish () {
  if [ -z "$crashed" ]; then ok "no command crashed"; else not_ok "no command crashed" "$crashed"; fi
  echo "1..$n"
  exit $failed
}
