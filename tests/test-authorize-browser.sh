#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ads-onboarding --authorize end to end: headless Chromium is the browser,
# the imitation of Login with Amazon answers, the credentials land in the
# real keyring of the test session. TAP output.
set -u

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

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "1..0 # SKIP chromium is not installed"
  exit 0
fi

work=$(mktemp -d)
server_pid=
cleanup () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  pkill -f -- "--user-data-dir=$work/" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A port nobody uses, for the return URL
free_port () {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port=$(free_port)
redirect="http://127.0.0.1:$port/callback"

# The imitation of Login with Amazon: registers the demo client with the
# loopback return URL and Amazon's own walkthrough URL
mkfifo "$work/server-in"
"$tool" "$redirect" "https://amazon.com" <"$work/server-in" >"$work/server-urls" 2>"$work/server.log" &
server_pid=$!
exec 7>"$work/server-in"
for _ in $(seq 100); do [ "$(wc -l <"$work/server-urls")" -ge 2 ] && break; sleep 0.1; done
auth_url=$(sed -n 1p "$work/server-urls")
token_url=$(sed -n 2p "$work/server-urls")

export XDG_CONFIG_HOME="$work/config"
# Settings in a file, so that what the command line records can be read back
export GSETTINGS_BACKEND=keyfile
export ADS_ONBOARDING_AUTH_URL="$auth_url"
export ADS_ONBOARDING_TOKEN_URL="$token_url"
unset ADS_ONBOARDING_CLIENT_SECRET
browser="$chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync \
--password-store=basic"

# 1. The whole round trip through the browser and the loopback listener
ADS_ONBOARDING_BROWSER="$browser --user-data-dir=$work/chromium-1" \
ADS_ONBOARDING_CLIENT_SECRET="$secret" \
  timeout 90 "$exe" --authorize --client-id "$client_id" --port "$port" --timeout 60 \
  </dev/null >"$work/out-1" 2>"$work/err-1"
status=$?
url=$(sed -n 1p "$work/out-1")
account=$(sed -n 2p "$work/out-1")
lines=$(wc -l <"$work/out-1")
if [ $status -eq 0 ] && [ "$lines" -eq 2 ] && [[ "$url" == "$auth_url?"* ]] &&
   [[ "$url" == *"code_challenge_method=S256"* ]] && [[ "$account" =~ ^[0-9a-f]{8}$ ]]; then
  ok "--authorize prints the address, then the new account's ID"
else
  not_ok "--authorize prints the address, then the new account's ID" \
    "status $status" "stdout: $(cat "$work/out-1")" "stderr: $(cat "$work/err-1")"
fi
pkill -f -- "--user-data-dir=$work/chromium-1" 2>/dev/null

# The secrets are where other tools find them, by the documented attributes
refresh=$(secret-tool lookup kind refresh-token account_id "$account" 2>/dev/null)
access=$(secret-tool lookup kind access-token account_id "$account" 2>/dev/null)
stored_secret=$(secret-tool lookup kind client-secret client_id "$client_id" 2>/dev/null)
if [[ "$refresh" == Atzr\|* ]] && [[ "$access" == Atza\|* ]] && [ "$stored_secret" = "$secret" ]; then
  ok "secret-tool finds the refresh token, the access token and the client secret"
else
  not_ok "secret-tool finds the refresh token, the access token and the client secret" \
    "refresh: ${refresh:0:5}… access: ${access:0:5}…"
fi

# The assistant learns about it too: the client ID and the Connect step
settings="$XDG_CONFIG_HOME/glib-2.0/settings/keyfile"
if grep -q "client-id='$client_id'" "$settings" 2>/dev/null && grep -q "done-steps=\['connect'\]" "$settings"; then
  ok "the shared settings record the client ID and the finished Connect step"
else
  not_ok "the shared settings record the client ID and the finished Connect step" "$(cat "$settings" 2>&1)"
fi

# No secret reached the registry, stdout or the log
registry="$XDG_CONFIG_HOME/ads-onboarding/accounts.ini"
if [ -f "$registry" ] && grep -q "$account" "$registry" && [ -n "$refresh" ] &&
   ! grep -qF -- "$refresh" "$registry" "$work/out-1" "$work/err-1" &&
   ! grep -qF -- "$secret" "$registry" "$work/out-1" "$work/err-1"; then
  ok "the account is in the registry, and no secret in any file or output"
else
  not_ok "the account is in the registry, and no secret in any file or output" "$(cat "$registry" 2>&1)"
fi

# 2. The address pasted on stdin, for a return URL that is not on this computer;
# the client secret now comes from the keyring
mkfifo "$work/cli-in"
"$exe" --authorize --client-id "$client_id" --redirect-uri https://amazon.com --no-browser \
  --timeout 60 --name "Pasted account" <"$work/cli-in" >"$work/out-2" 2>"$work/err-2" &
cli_pid=$!
exec 8>"$work/cli-in"
for _ in $(seq 100); do [ -s "$work/out-2" ] && break; sleep 0.1; done
consent=$(sed -n 1p "$work/out-2")
# Amazon redirects to the registered URL; the user copies it from the address bar
location=$(python3 - "$consent" <<'PY'
import sys, urllib.request, urllib.error
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
opener = urllib.request.build_opener(NoRedirect)
try:
    opener.open(sys.argv[1])
except urllib.error.HTTPError as e:
    print(e.headers.get("Location", ""))
PY
)
printf 'not an address\n' >&8
printf '%s\n' "$location" >&8
exec 8>&-
wait $cli_pid
status=$?
account2=$(sed -n 2p "$work/out-2")
if [ $status -eq 0 ] && [[ "$location" == https://amazon.com*code=* ]] &&
   [[ "$account2" =~ ^[0-9a-f]{8}$ ]] && [ "$account2" != "$account" ] &&
   grep -q "not only the code" "$work/err-2" && grep -q "Pasted account" "$registry"; then
  ok "an address pasted on stdin signs in (a bad line is explained, the wait goes on)"
else
  not_ok "an address pasted on stdin signs in" "status $status" "location: $location" \
    "stdout: $(cat "$work/out-2")" "stderr: $(cat "$work/err-2")"
fi

# 3. A taken port: exit 2, naming the port
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); print("ready", flush=True); time.sleep(30)
' "$port" >"$work/blocker" &
blocker=$!
for _ in $(seq 50); do [ -s "$work/blocker" ] && break; sleep 0.1; done
"$exe" --authorize --client-id "$client_id" --port "$port" --no-browser </dev/null \
  >"$work/out-3" 2>"$work/err-3"
status=$?
kill $blocker 2>/dev/null; wait $blocker 2>/dev/null
if [ $status -eq 2 ] && grep -q "Port $port is in use" "$work/err-3" && [ ! -s "$work/out-3" ]; then
  ok "a taken port exits 2 with a message naming it"
else
  not_ok "a taken port exits 2 with a message naming it" "status $status" "$(cat "$work/err-3")"
fi

# 4. No answer: exit 3 after the timeout; end of stdin is not an error
start=$(date +%s)
"$exe" --authorize --client-id "$client_id" --port "$port" --no-browser --timeout 2 </dev/null \
  >"$work/out-4" 2>"$work/err-4"
status=$?
took=$(( $(date +%s) - start ))
if [ $status -eq 3 ] && [ $took -ge 2 ] && grep -q "Allowed Return URLs" "$work/err-4" &&
   grep -qF "$redirect" "$work/err-4"; then
  ok "no answer exits 3 after --timeout, naming the return URL to check"
else
  not_ok "no answer exits 3 after --timeout" "status $status, ${took}s" "$(cat "$work/err-4")"
fi

# 4b. The window's "approved before October 2020" switch is the command line's scope too
gsettings set io.github.adsonboarding.AdsOnboarding legacy-scope true
"$exe" --authorize --client-id "$client_id" --port "$port" --no-browser --timeout 1 </dev/null \
  >"$work/out-4b" 2>"$work/err-4b"
status=$?
gsettings reset io.github.adsonboarding.AdsOnboarding legacy-scope
if [ $status -eq 3 ] &&
   grep -q "[?&]scope=cpc_advertising%3Acampaign_management\(&\|$\)" "$work/out-4b"; then
  ok "the legacy-scope setting makes --authorize ask for cpc_advertising:campaign_management"
else
  not_ok "the legacy-scope setting makes --authorize ask for the legacy scope" "status $status" \
    "$(cat "$work/out-4b" "$work/err-4b")"
fi

# 5. A wrong client secret: the token endpoint says invalid_client, exit 3
secret-tool clear kind client-secret client_id "$client_id"
ADS_ONBOARDING_BROWSER="$browser --user-data-dir=$work/chromium-5" \
ADS_ONBOARDING_CLIENT_SECRET="amzn1.oa2-cs.v1.wrong" \
  timeout 90 "$exe" --authorize --client-id "$client_id" --port "$port" --timeout 60 \
  </dev/null >"$work/out-5" 2>"$work/err-5"
status=$?
pkill -f -- "--user-data-dir=$work/chromium-5" 2>/dev/null
if [ $status -eq 3 ] && grep -q "client secret" "$work/err-5" && ! grep -q "wrong" "$work/err-5"; then
  ok "a wrong client secret exits 3 and says so, without repeating it"
else
  not_ok "a wrong client secret exits 3" "status $status" "$(cat "$work/err-5")"
fi

# 6. An endpoint override off this computer is refused before anything is sent
ADS_ONBOARDING_TOKEN_URL=https://example.com/token ADS_ONBOARDING_CLIENT_SECRET="$secret" \
  "$exe" --authorize --client-id "$client_id" --port "$port" --no-browser </dev/null \
  >"$work/out-6" 2>"$work/err-6"
status=$?
if [ $status -eq 2 ] && grep -q "ADS_ONBOARDING_TOKEN_URL" "$work/err-6" && [ ! -s "$work/out-6" ]; then
  ok "a token URL override off this computer exits 2"
else
  not_ok "a token URL override off this computer exits 2" "status $status" "$(cat "$work/err-6")"
fi

# 7. Bad options: exit 2 with one clear sentence
"$exe" --authorize --client-id nonsense --no-browser </dev/null >/dev/null 2>"$work/err-7"
s1=$?
"$exe" --authorize --port 80 --redirect-uri http://127.0.0.1:9/x </dev/null >/dev/null 2>/dev/null
s2=$?
"$exe" --authorize --region mars --client-id "$client_id" </dev/null >/dev/null 2>/dev/null
s3=$?
"$exe" --bogus-option </dev/null >/dev/null 2>/dev/null
s4=$?
if [ $s1 -eq 2 ] && [ $s2 -eq 2 ] && [ $s3 -eq 2 ] && [ $s4 -eq 2 ] &&
   grep -q "amzn1.application-oa2-client" "$work/err-7"; then
  ok "bad options exit 2"
else
  not_ok "bad options exit 2" "$s1 $s2 $s3 $s4" "$(cat "$work/err-7")"
fi

# 8. No secret anywhere: asked on the terminal, without echo, before the address
secret-tool clear kind client-secret client_id "$client_id"
python3 - "$exe" "$client_id" "$port" "$secret" >"$work/out-8" 2>&1 <<'PY'
import os, pty, select, sys, time
exe, client_id, port, secret = sys.argv[1:5]
pid, fd = pty.fork()
if pid == 0:
    os.execv(exe, [exe, "--authorize", "--client-id", client_id, "--port", port,
                   "--no-browser", "--timeout", "30"])
seen = b""
def read_until(needle, limit=20):
    global seen
    end = time.time() + limit
    while needle not in seen and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return needle in seen
asked = read_until(b"Client secret (not shown): ")
url_before = b"/ap/oa?" in seen
os.write(fd, secret.encode() + b"\n")
got_url = read_until(b"code_challenge_method=S256")
os.kill(pid, 15)
os.waitpid(pid, 0)
print("asked" if asked else "not asked")
print("url-before-prompt" if url_before else "prompt-first")
print("echoed" if secret.encode() in seen else "not echoed")
print("url" if got_url else "no url")
PY
if grep -q "^asked" "$work/out-8" && grep -q "^prompt-first" "$work/out-8" &&
   grep -q "^not echoed" "$work/out-8" && grep -q "^url" "$work/out-8"; then
  ok "without a stored secret it asks on the terminal, without echo, before printing the address"
else
  not_ok "it asks for the secret on the terminal" "$(cat "$work/out-8")"
fi

exec 7>&-
echo "1..$n"
exit $failed
