#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The secret prompt of the command line on a real terminal (a pty): it
reads without echo, and Ctrl-C there gives the terminal back as it was,
echo included. TAP output."""

import os
import pty
import select
import signal
import sys
import termios
import time

EXE = os.environ["ADS_ONBOARDING_EXECUTABLE"]
# A client ID the test keyring holds no secret for: the command asks for it
CLIENT_ID = "amzn1.application-oa2-client.0123456789abcdef0123456789abcd0f"

n = 0
failed = 0


def ok(condition, what, details=()):
    global n, failed
    n += 1
    print(f"{'ok' if condition else 'not ok'} {n} - {what}")
    if not condition:
        failed += 1
        for line in details:
            print(f"# {line}")
    sys.stdout.flush()


def read_until(fd, text, timeout=20):
    seen = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end and text not in seen:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def echo_on(fd):
    return bool(termios.tcgetattr(fd)[3] & termios.ECHO)


def main():
    pid, master = pty.fork()
    if pid == 0:
        env = dict(os.environ)
        env.pop("ADS_ONBOARDING_CLIENT_SECRET", None)
        os.execve(EXE, [EXE, "--authorize", "--client-id", CLIENT_ID, "--no-browser",
                        "--timeout", "30"], env)

    ok(echo_on(master), "the terminal echoes before the command runs")
    seen = read_until(master, b"(not shown): ")
    asked = b"(not shown): " in seen
    ok(asked, "the command asks for the client secret on the terminal",
       [seen.decode(errors="replace")])
    if asked:
        ok(not echo_on(master), "what is typed at the prompt is not echoed")

    # Ctrl-C, as typed on the terminal
    os.write(master, b"\x03")
    status = None
    end = time.monotonic() + 10
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        read_until(master, b"\0", 0.2)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    ok(status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT,
       "Ctrl-C ends the command as an interrupt", [f"status {status}"])
    ok(echo_on(master), "after Ctrl-C the terminal echoes again")
    os.close(master)

    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
