#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader reads: every step of the real app (--demo), through
the AT-SPI registry as Orca sees it. Fails on an unnamed control, a name
with a mnemonic mark or said twice, a radio choice exposed as a check box,
an empty label, or an invalid field without a described-by relation to its
message. Prints, per step, the words read
before the first control. TAP output."""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import warnings

# The reader's own warnings (the registry's cache coming and going) are not
# the app's: only the app runs with fatal warnings
APP_G_DEBUG = os.environ.pop("G_DEBUG", None)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

EXE = os.environ["ADS_ONBOARDING_EXECUTABLE"]
GROUP = "io/github/adsonboarding/AdsOnboarding"

PAGES = {
    "welcome": "AdoWelcomePage",
    "client": "AdoClientPage",
    "apply": "AdoApplyPage",
    "assign": "AdoAssignPage",
    "data-provider": "AdoDataProviderPage",
    "connect": "AdoConnectPage",
    "verify": "AdoVerifyPage",
    "accounts": "AdoAccountsPage",
}

# Roles a keyboard or screen reader user operates
CONTROLS = {
    "push button", "toggle button", "check box", "radio button", "text", "password text",
    "entry", "combo box", "switch", "link", "spin button", "slider", "menu item",
    "page tab", "list item", "tree item",
}

# What the user picks one of: exposed as radio buttons
RADIO_CHOICES = {
    "welcome": ["Partner", "Direct Advertiser"],
}

GTYPE_NAME = re.compile(r"^(Gtk|Adw|Ado)[A-Z]\w*$")
MNEMONIC = re.compile(r"(^|\s)_\w")

n = 0
failed = 0


def ok(condition, what, details=()):
    global n, failed
    n += 1
    if condition:
        print(f"ok {n} - {what}")
    else:
        failed += 1
        print(f"not ok {n} - {what}")
        for line in details:
            print(f"# {line}")
    sys.stdout.flush()


def said_twice(name):
    words = name.split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def states(node):
    return node.get_state_set()


def find_app(pid, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except gi.repository.GLib.Error:
                pass
        time.sleep(0.2)
    return None


def find_page(node, type_name):
    try:
        if node.get_role_name() == "filler" and node.get_name() == type_name:
            return node
        for i in range(node.get_child_count()):
            found = find_page(node.get_child_at_index(i), type_name)
            if found is not None:
                return found
    except gi.repository.GLib.Error:
        pass
    return None


def walk(node, skip_pages, out):
    """The tree in reading order, without the pages not on screen"""
    role = node.get_role_name()
    name = node.get_name() or ""
    if role == "filler" and name in skip_pages:
        return
    # Hidden widgets (a row's unused icon, a collapsed part) are not read
    if role != "application" and not states(node).contains(Atspi.StateType.VISIBLE):
        return
    out.append(node)
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            walk(child, skip_pages, out)


def described_by(node):
    targets = []
    for relation in node.get_relation_set():
        if relation.get_relation_type() == Atspi.RelationType.DESCRIBED_BY:
            for i in range(relation.get_n_targets()):
                targets.append(relation.get_target(i))
    return targets


def text_of(node):
    name = node.get_name() or ""
    if name:
        return name
    try:
        text = node.get_text_iface()
        if text is not None:
            return text.get_text(0, text.get_character_count())
    except (AttributeError, gi.repository.GLib.Error):
        pass
    return ""


def is_control(node):
    return node.get_role_name() in CONTROLS and states(node).contains(Atspi.StateType.FOCUSABLE)


def where(node):
    """The nearest named ancestors, to find an unnamed control"""
    names = []
    parent = node.get_parent()
    while parent is not None and len(names) < 2:
        name = parent.get_name() or ""
        if name and not GTYPE_NAME.match(name):
            names.append(f'{parent.get_role_name()} "{name}"')
        parent = parent.get_parent()
    return ", ".join(names) or "the window"


def describe(node):
    return f'{node.get_role_name()} "{node.get_name()}"'


def launch(step, extra_settings, browser_command=None, config=None):
    """Starts the demo on @step; in @config when given (its accounts kept)"""
    if config is None:
        config = tempfile.mkdtemp(prefix="ado-a11y-")
        os.makedirs(os.path.join(config, "ads-onboarding"), mode=0o700)
    settings = {
        "current-step": f"'{step}'",
        "data-provider": "true",
        "window-width": "1000",
        "window-height": "760",
    }
    if step != "welcome":
        settings["access-path"] = "'partner'"
    settings.update(extra_settings)
    with open(os.path.join(config, "ads-onboarding", "demo-settings.ini"), "w") as f:
        f.write(f"[{GROUP}]\n")
        for key, value in settings.items():
            f.write(f"{key}={value}\n")

    env = dict(os.environ)
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    env["XDG_CONFIG_HOME"] = config
    if browser_command is not None:
        env["ADS_ONBOARDING_BROWSER"] = browser_command
    if APP_G_DEBUG is not None:
        env["G_DEBUG"] = APP_G_DEBUG
    with open(os.path.join(config, "app.log"), "w") as log:
        process = subprocess.Popen([EXE, "--demo"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=log)
    return process, config


def wait_for_page(app, step, label):
    page = None
    end = time.monotonic() + 30
    while page is None and time.monotonic() < end:
        page = find_page(app, PAGES[step])
        if page is None:
            time.sleep(0.2)
    ok(page is not None, f"{label}: the page is in the tree")
    # The page's widgets are mapped (and named) once it is drawn
    time.sleep(1.0)
    return page is not None


def read_tree(pid, step):
    """The nodes of the window with @step on screen, with their names and
    roles read once; a page that rebuilds its rows while it is read (the
    profiles arriving) is read again"""
    skip = set(PAGES.values()) - {PAGES[step]}
    for attempt in range(5):
        try:
            # Found anew each time: its registration on the bus may change
            # (the accessibility bus says "no longer exists" for the old one)
            app = find_app(pid, timeout=10)
            if app is None:
                raise RuntimeError("the app left the accessibility bus")
            nodes = []
            walk(app, skip, nodes)
            for node in nodes:
                node.get_role_name()
                node.get_name()
                node.get_state_set()
            return nodes
        except gi.repository.GLib.Error:
            if attempt == 4:
                raise
            time.sleep(1.0)
    return []


def analyse(nodes, step):
    """What a screen reader user would stumble on, from the nodes read"""
    found = {"unnamed": [], "marked": [], "doubled": [], "empty": [], "radios": {},
             "undescribed": [], "invalid": 0, "words": 0}
    for node in nodes:
        role = node.get_role_name()
        name = node.get_name() or ""
        if is_control(node):
            if role == "list item" and node.get_child_count() > 0 and not name:
                # A row is read by what it holds; its children are checked themselves
                continue
            if not name.strip() or GTYPE_NAME.match(name):
                found["unnamed"].append(describe(node) + " in " + where(node))
        if MNEMONIC.search(name):
            found["marked"].append(describe(node))
        if said_twice(name):
            found["doubled"].append(describe(node))
        if role == "label" and not text_of(node).strip():
            found["empty"].append(describe(node))

    for choice in RADIO_CHOICES.get(step, []):
        found["radios"][choice] = [node.get_role_name() for node in nodes
                                   if node.get_name() == choice and node.get_role_name() in
                                   ("radio button", "check box", "toggle button")]

    # GTK 4.8 says "invalid" where other toolkits say "invalid entry"
    for node in nodes:
        if (states(node).contains(Atspi.StateType.INVALID_ENTRY) or
                states(node).contains(Atspi.StateType.INVALID)):
            found["invalid"] += 1
            targets = described_by(node)
            if not targets or not any(text_of(t).strip() for t in targets):
                found["undescribed"].append(describe(node))

    # The words read before the first thing to operate on the page (a
    # row is a container: what it holds counts, not the row itself)
    in_page = False
    for node in nodes:
        if node.get_role_name() == "filler" and node.get_name() == PAGES[step]:
            in_page = True
            continue
        if not in_page:
            continue
        if is_control(node) and node.get_role_name() != "list item":
            break
        if node.get_role_name() == "label":
            found["words"] += len(text_of(node).split())
    return found


def inspect(pid, step, label, expect_invalid=False):
    """Reads the window with @step on screen and says what fails; returns
    the nodes. A page that rebuilds its rows while it is read (the profiles
    arriving) is read again."""
    for attempt in range(5):
        try:
            nodes = read_tree(pid, step)
            found = analyse(nodes, step)
            break
        except gi.repository.GLib.Error:
            if attempt == 4:
                raise
            time.sleep(1.0)

    ok(not found["unnamed"], f"{label}: every control has a name", found["unnamed"])
    ok(not found["marked"], f"{label}: no name carries a mnemonic mark", found["marked"])
    ok(not found["doubled"], f"{label}: no name is said twice", found["doubled"])
    ok(not found["empty"], f"{label}: no empty label", found["empty"])
    for choice, roles in found["radios"].items():
        ok(roles == ["radio button"], f"{label}: “{choice}” is a radio button", [str(roles)])
    ok(not found["undescribed"], f"{label}: every invalid field is described by its message",
       found["undescribed"])
    if expect_invalid:
        ok(found["invalid"] > 0, f"{label}: the field in error is marked invalid",
           ["no object has the invalid state"])
    print(f"# words before the first control: {label}: {found['words']}")
    return nodes


def stop(process, config, keep=False):
    if process.poll() is not None:
        # It ended on its own: say how
        print(f"# the app ended with status {process.returncode}:")
        for line in read(config, "app.log").splitlines()[-20:]:
            print(f"#   {line}")
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if not keep:
        subprocess.run(["rm", "-rf", config], check=False)


def check_step(step, label=None, extra_settings=None, expect_invalid=False):
    label = label or step
    process, config = launch(step, extra_settings or {})
    try:
        app = find_app(process.pid)
        ok(app is not None, f"{label}: the app is on the accessibility bus")
        if app is None or not wait_for_page(app, step, label):
            return
        inspect(process.pid, step, label, expect_invalid)
    except gi.repository.GLib.Error as error:
        ok(False, f"{label}: the window can be read", [str(error)])
    finally:
        stop(process, config)


def press(node):
    with warnings.catch_warnings():
        # Deprecated for get_action, which Debian 12's binding does not have
        warnings.simplefilter("ignore", DeprecationWarning)
        action = node.get_action_iface()
        names = [action.get_action_name(i) for i in range(action.get_n_actions())]
    action.do_action(names.index("click") if "click" in names else 0)


def find_button(pid, step, pattern):
    nodes = read_tree(pid, step)
    for node in nodes:
        if (node.get_role_name() == "push button" and re.search(pattern, node.get_name() or "")
                and states(node).contains(Atspi.StateType.SENSITIVE)):
            return node
    return None


def current_step(config):
    try:
        with open(os.path.join(config, "ads-onboarding", "demo-settings.ini")) as f:
            match = re.search(r"^current-step='([^']*)'", f.read(), re.MULTILINE)
    except OSError:
        return None
    return match.group(1) if match else None


def read(config, name):
    try:
        with open(os.path.join(config, name)) as f:
            return f.read()
    except OSError:
        return "(none)"


def wait(condition, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


def check_signed_in():
    """Verify with profiles and Accounts with an account: signed in through
    the demo's consent page, the screen reader's way (AT-SPI actions)"""
    # The browser that answers the demo's consent page with Allow, as the
    # screenshots use it
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    browser = f"{sys.executable} {os.path.join(root, 'build-aux', 'screenshots.py')} --browser"
    process, config = launch("connect", {"has-access": "true", "data-provider": "false"}, browser)
    signed_in = False
    try:
        app = find_app(process.pid)
        ok(app is not None, "signed in: the app is on the accessibility bus")
        if app is None or not wait_for_page(app, "connect", "signed in"):
            return
        # Sign In is there once the demo's secret is in the keyring
        wait(lambda: find_button(process.pid, "connect", r"^Sign In") is not None)
        sign_in = find_button(process.pid, "connect", r"^Sign In")
        ok(sign_in is not None, "signed in: Sign In is there to press")
        if sign_in is None:
            return
        press(sign_in)
        registry = os.path.join(config, "ads-onboarding", "accounts-demo.ini")
        signed_in = wait(lambda: os.path.exists(registry) and "[" in open(registry).read(), 60)
        ok(signed_in, "signed in: the sign-in stored an account",
           [f"pressed {describe(sign_in)}", f"app log: {read(config, 'app.log')[-500:]}"])
        if not signed_in:
            return
        # Done, Connect offers Next
        if not wait(lambda: current_step(config) == "verify", 3):
            next_button = find_button(process.pid, "connect", r"^Next$")
            if next_button is not None:
                press(next_button)
        reached = wait(lambda: current_step(config) == "verify")
        ok(reached, "signed in: Next leads to Verify", [f"current step {current_step(config)}"])
        if not reached:
            return
        # The profiles arrive from the three regions
        time.sleep(3.0)
        nodes = inspect(process.pid, "verify", "verify with profiles")
        radios = [n for n in nodes if n.get_role_name() == "radio button"]
        checks = [n for n in nodes if n.get_role_name() == "check box"]
        ok(len(radios) >= 2 and not checks,
           "verify with profiles: the default profile is a choice of radio buttons",
           [f"{len(radios)} radio buttons, {len(checks)} check boxes"])
        copies = [n.get_name() for n in nodes
                  if n.get_role_name() == "push button" and (n.get_name() or "").startswith("Copy")]
        ok(len(copies) >= 2 and len(set(copies)) == len(copies),
           "verify with profiles: each Copy button says what it copies", copies)
    except gi.repository.GLib.Error as error:
        ok(False, "signed in: the window can be read", [str(error)])
    finally:
        stop(process, config, keep=signed_in)
    if not signed_in:
        return

    # Accounts, from a fresh start: the account stays in the keyring and the
    # list. (One reader, one app, one long walk: the registry's connection to
    # the app has dropped under load before, and libatspi does not reconnect.)
    process, config = launch("accounts", {"has-access": "true", "data-provider": "false"},
                             None, config)
    try:
        app = find_app(process.pid)
        ok(app is not None and wait_for_page(app, "accounts", "accounts with an account"),
           "accounts with an account: the page is shown")
        inspect(process.pid, "accounts", "accounts with an account")
    except gi.repository.GLib.Error as error:
        ok(False, "accounts with an account: the window can be read", [str(error)])
    finally:
        stop(process, config)


def main():
    for step in PAGES:
        check_step(step)
    # An error on screen: a client ID that does not check out
    check_step("client", "client with a wrong client ID",
               {"client-id": "'amzn1.application-oa2-client.123'"}, expect_invalid=True)
    check_signed_in()
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
