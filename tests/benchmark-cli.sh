#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Latencies of the command line against the imitation of Login with Amazon:
# --print-access-token with a cached token next to `secret-tool lookup`, and
# the time from Amazon's redirect reaching the listener to the stored
# account. Prints medians; asserts nothing (shared machines are noisy).
set -u

exe=${ADS_ONBOARDING_EXECUTABLE:?}
tool=${ADS_ONBOARDING_DEMO_TOOL:?}
client_id=amzn1.application-oa2-client.0123456789abcdef0123456789abcdef
secret=amzn1.oa2-cs.v1.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
runs=${ADS_ONBOARDING_BENCHMARK_RUNS:-15}

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" ADS_ONBOARDING_CLIENT_SECRET="$secret"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkfifo "$work/server-in"
"$tool" "http://127.0.0.1:$port/callback" <"$work/server-in" >"$work/urls" 2>/dev/null &
server_pid=$!
exec 7>"$work/server-in"
for _ in $(seq 100); do [ "$(wc -l <"$work/urls")" -ge 2 ] && break; sleep 0.1; done
export ADS_ONBOARDING_AUTH_URL=$(sed -n 1p "$work/urls")
export ADS_ONBOARDING_TOKEN_URL=$(sed -n 2p "$work/urls")

python3 - "$exe" "$client_id" "$port" "$runs" <<'PY'
import statistics, subprocess, sys, time, urllib.request, urllib.error

exe, client_id, port, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

def sign_in():
    """--authorize, with this script as the browser; returns (account, ms)."""
    cli = subprocess.Popen([exe, "--authorize", "--client-id", client_id, "--port", port,
                            "--no-browser", "--timeout", "60"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    consent = cli.stdout.readline().strip()
    try:
        urllib.request.build_opener(NoRedirect).open(consent)
    except urllib.error.HTTPError as e:
        redirect = e.headers["Location"]
    start = time.monotonic()
    urllib.request.urlopen(redirect).read()        # the browser reaches the listener
    account = cli.stdout.readline().strip()        # stored: keyring and registry
    elapsed = (time.monotonic() - start) * 1000
    cli.wait()
    return account, elapsed

def timed(argv):
    start = time.monotonic()
    out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    return (time.monotonic() - start) * 1000, out.stdout

callback = []
account = None
for _ in range(max(3, runs // 3)):
    account, ms = sign_in()
    callback.append(ms)

app, tool = [], []
for _ in range(runs):
    ms, token = timed([exe, "--print-access-token", "--account", account])
    app.append(ms)
    ms, stored = timed(["secret-tool", "lookup", "kind", "access-token", "account_id", account])
    tool.append(ms)
assert token.strip() == stored.strip(), "the cached token differs from the keyring's"

print(f"callback to stored token: median {statistics.median(callback):.1f} ms "
      f"(min {min(callback):.1f}, {len(callback)} sign-ins)")
print(f"--print-access-token, cached: median {statistics.median(app):.1f} ms "
      f"(min {min(app):.1f}, {runs} runs)")
print(f"secret-tool lookup, same item: median {statistics.median(tool):.1f} ms "
      f"(min {min(tool):.1f}, {runs} runs)")
PY
