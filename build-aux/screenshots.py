#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of every step of the real app in --demo, for build-aux/screenshots.sh.

Run it through build-aux/screenshots.sh, which builds the app and gives this program its
private session (D-Bus, an unlocked throw-away keyring, Xvfb, XDG_CONFIG_HOME in a temp
dir). This program, in that session:

  screenshots.py APP SCHEMA_DIR OUTPUT_DIR [NAME_PATTERN]
      writes OUTPUT_DIR/<step>-<width>-<light|dark>.png for every step at 1280x800 and
      360x720, light and dark, and connect-waiting-<width>-<scheme>.png (the sign-in
      waiting for the browser). NAME_PATTERN (a shell pattern on the file name without
      .png) keeps only some.
  screenshots.py --browser URL
      the browser the app starts (ADS_ONBOARDING_BROWSER): fetches the demo's consent
      page and follows its Allow link, which returns to the app's return URL.

Each shot starts the app with its step current: the demo's settings file
($XDG_CONFIG_HOME/ads-onboarding/demo-settings.ini, a GSettings keyfile) is written first,
with the progress of someone who got there in order. Connect, Verify and Accounts show a
sign-in made in that very run (the imitation of Amazon lives in the app's process and
knows no token of an earlier one): the app starts on Connect, Sign In is pressed through
AT-SPI, the browser allows, the window moves to Verify; Back leads to Connect and Next to
Accounts.
"""

import ctypes
import fnmatch
import html
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import warnings

STEPS = ("welcome", "client", "apply", "assign", "data-provider", "connect", "verify",
         "accounts")
SIZES = ((1280, 800), (360, 720))
SCHEMES = ("light", "dark")
# The steps shown after a sign-in in the window
SIGNED_IN = ("connect", "verify", "accounts")

GROUP = "io/github/adsonboarding/AdsOnboarding"
# A fixed date (2026-11-30 09:00 UTC) for "submitted", so that the dates shown do not move
SUBMITTED_AT = 1796029200

# Without a compositor, GTK draws the window's edge as a solid frame inside the X window:
# 4 px to resize by and a 1 px outline. On a desktop that is shadow outside the window.
# The window is made that much larger and the frame cut off: a shot shows the window's
# content at exactly the size in its name.
FRAME = 5

WINDOW_TIMEOUT = 20      # seconds until the window is mapped
SETTLE_TIMEOUT = 8       # seconds until captures in a row are the same
SETTLE_INTERVAL = 0.2    # seconds between those captures
SIGN_IN_TIMEOUT = 30     # seconds until the sign-in is stored


def log(*args):
    print("screenshots:", *args, file=sys.stderr, flush=True)


# --- The browser ------------------------------------------------------------------------

def browser(url):
    """Answers the demo's consent page with Allow, as a person would in a browser."""
    # The demo listens on loopback: no proxy from the environment may stand between
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=20) as response:
        page = response.read().decode("utf-8", "replace")
        base = response.geturl()
    match = re.search(r'<a id="allow" href="([^"]+)"', page)
    if match is None:
        log("no Allow link on the consent page")
        return 1
    allow = urllib.parse.urljoin(base, html.unescape(match.group(1)))
    # Allow redirects to the app's return URL, which the opener follows
    with opener.open(allow, timeout=20) as response:
        response.read()
    return 0


# --- X11, through Xlib (no extra package) -----------------------------------------------

class XWindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int),
                ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("border_width", ctypes.c_int), ("depth", ctypes.c_int),
                ("visual", ctypes.c_void_p), ("root", ctypes.c_ulong),
                ("class_", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int),
                ("backing_planes", ctypes.c_ulong), ("backing_pixel", ctypes.c_ulong),
                ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int),
                ("all_event_masks", ctypes.c_long), ("your_event_mask", ctypes.c_long),
                ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


class Display:
    IS_VIEWABLE = 2
    XA_CARDINAL = 6

    def __init__(self):
        x = ctypes.CDLL("libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                 ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                                 ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                 ctypes.POINTER(ctypes.c_uint)]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                           ctypes.POINTER(XWindowAttributes)]
        x.XGetWindowProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong,
                                         ctypes.c_long, ctypes.c_long, ctypes.c_int,
                                         ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                         ctypes.POINTER(ctypes.c_int),
                                         ctypes.POINTER(ctypes.c_ulong),
                                         ctypes.POINTER(ctypes.c_ulong),
                                         ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte))]
        x.XWarpPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong,
                                   ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                   ctypes.c_int, ctypes.c_int]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x = x
        self.dpy = x.XOpenDisplay(None)
        if not self.dpy:
            raise RuntimeError("cannot open the display " + os.environ.get("DISPLAY", ""))
        self.root = x.XDefaultRootWindow(self.dpy)
        self.pid_atom = x.XInternAtom(self.dpy, b"_NET_WM_PID", False)

    def _pid_of(self, window):
        actual_type = ctypes.c_ulong()
        actual_format = ctypes.c_int()
        n_items = ctypes.c_ulong()
        after = ctypes.c_ulong()
        data = ctypes.POINTER(ctypes.c_ubyte)()
        if self.x.XGetWindowProperty(self.dpy, window, self.pid_atom, 0, 1, False,
                                     self.XA_CARDINAL, ctypes.byref(actual_type),
                                     ctypes.byref(actual_format), ctypes.byref(n_items),
                                     ctypes.byref(after), ctypes.byref(data)) != 0:
            return None
        try:
            if not data or n_items.value < 1 or actual_format.value != 32:
                return None
            # Format 32 comes as C longs
            return ctypes.cast(data, ctypes.POINTER(ctypes.c_long))[0]
        finally:
            if data:
                self.x.XFree(data)

    def find_window(self, pid):
        """The viewable top-level window of process pid: (id, width, height) or None."""
        root = ctypes.c_ulong()
        parent = ctypes.c_ulong()
        children = ctypes.POINTER(ctypes.c_ulong)()
        count = ctypes.c_uint()
        self.x.XSync(self.dpy, False)
        if not self.x.XQueryTree(self.dpy, self.root, ctypes.byref(root), ctypes.byref(parent),
                                 ctypes.byref(children), ctypes.byref(count)):
            return None
        try:
            for i in range(count.value):
                window = children[i]
                attrs = XWindowAttributes()
                if not self.x.XGetWindowAttributes(self.dpy, window, ctypes.byref(attrs)):
                    continue
                if (attrs.map_state == self.IS_VIEWABLE and not attrs.override_redirect
                        and self._pid_of(window) == pid):
                    return window, attrs.width, attrs.height
        finally:
            if children:
                self.x.XFree(children)
        return None

    def park_pointer(self):
        """Moves the pointer to the screen's corner, off every window: no hover, no tooltip."""
        width = self.x.XDisplayWidth(self.dpy, 0)
        height = self.x.XDisplayHeight(self.dpy, 0)
        self.x.XWarpPointer(self.dpy, 0, self.root, 0, 0, 0, 0, width - 1, height - 1)
        self.x.XSync(self.dpy, False)


# --- AT-SPI ------------------------------------------------------------------------------

_atspi = None


def atspi():
    global _atspi
    if _atspi is None:
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi, GLib
        # GTK 4.8 has no AT-SPI cache object, which libatspi asks for and warns about
        GLib.log_set_handler("dbind", GLib.LogLevelFlags.LEVEL_WARNING,
                             lambda *args: None)
        _atspi = Atspi
    return _atspi


def find_accessible_app(pid, timeout=WINDOW_TIMEOUT):
    Atspi = atspi()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid and app.get_child_count() > 0:
                    return app
            except Exception:  # an application that went away while asked
                continue
        time.sleep(0.1)
    raise RuntimeError("the app did not show up on the accessibility bus")


def find_button(root, name_re, page=None):
    """The first visible, sensitive push button whose name matches name_re.

    page: the (class) name of the part to look in, e.g. "AdoConnectPage", "AdwToastWidget";
    the step pages are skipped otherwise (the window's own buttons: Back, Next)."""
    Atspi = atspi()
    pattern = re.compile(name_re, re.IGNORECASE)

    def walk(node, in_page):
        try:
            role = node.get_role()
            name = node.get_name() or ""
            states = node.get_state_set()
        except Exception:
            return None
        # GTK 4.8 sets no "showing" state: a hidden page's buttons are "visible" too,
        # hence the search in one page. The name may hold the mnemonic's underscore.
        if role == Atspi.Role.PUSH_BUTTON and (page is None or in_page):
            if (pattern.search(name.replace("_", "")) and states.contains(Atspi.StateType.VISIBLE)
                    and states.contains(Atspi.StateType.SENSITIVE)):
                return node
        if name == page:
            in_page = True
        elif name.startswith("Ado") and name.endswith("Page") and not in_page:
            return None
        for i in range(node.get_child_count()):
            child = node.get_child_at_index(i)
            if child is not None:
                found = walk(child, in_page)
                if found is not None:
                    return found
        return None

    return walk(root, False)


def shown_buttons(root):
    """The names of every visible push button under root, for error messages."""
    Atspi = atspi()
    names = []

    def walk(node):
        try:
            if (node.get_role() == Atspi.Role.PUSH_BUTTON
                    and node.get_state_set().contains(Atspi.StateType.VISIBLE)):
                names.append(repr(node.get_name()))
        except Exception:
            return
        for i in range(node.get_child_count()):
            child = node.get_child_at_index(i)
            if child is not None:
                walk(child)

    walk(root)
    return names


def press(button):
    action = atspi().Action
    with warnings.catch_warnings():
        # Deprecated for get_name, which Debian 12's binding does not have yet
        warnings.simplefilter("ignore", DeprecationWarning)
        names = [action.get_action_name(button, i) for i in range(action.get_n_actions(button))]
    action.do_action(button, names.index("click") if "click" in names else 0)


def press_button(pid, name_re, page=None, timeout=10, required=True):
    app = find_accessible_app(pid)
    deadline = time.monotonic() + timeout
    while True:
        button = find_button(app, name_re, page)
        if button is not None:
            press(button)
            return True
        if time.monotonic() > deadline:
            if not required:
                return False
            raise RuntimeError("no button matching /%s/ to press; the buttons shown: %s"
                               % (name_re, ", ".join(shown_buttons(app)) or "none"))
        time.sleep(0.2)


# --- The demo's settings -------------------------------------------------------------------

def config_dir():
    return os.path.join(os.environ["XDG_CONFIG_HOME"], "ads-onboarding")


def settings_path():
    return os.path.join(config_dir(), "demo-settings.ini")


def write_settings(keys):
    """Writes the demo's GSettings keyfile afresh with keys (GVariant text values)."""
    os.makedirs(config_dir(), mode=0o700, exist_ok=True)
    lines = ["[%s]" % GROUP] + ["%s=%s" % item for item in keys.items()]
    with open(settings_path() + ".new", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(settings_path() + ".new", settings_path())


def read_setting(key):
    try:
        with open(settings_path(), encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return None
    match = re.search(r"^%s=(.*)$" % re.escape(key), text, re.MULTILINE)
    return match.group(1).strip() if match else None


def gv_string(value):
    return "'%s'" % value


def gv_strings(values):
    return "[%s]" % ", ".join(gv_string(v) for v in values)


def progress_for(step):
    """The progress of someone who reached step in order, as Partner."""
    keys = {"current-step": gv_string(step)}
    order = STEPS.index(step)
    if order == 0:
        return keys
    done = [s for s in STEPS[:order] if s != "data-provider"]
    keys["access-path"] = gv_string("partner")
    if order > STEPS.index("apply"):
        keys["submitted-at"] = str(SUBMITTED_AT)
    if order > STEPS.index("assign"):
        keys["signed-out-confirmed"] = "true"
        keys["access-assigned"] = "true"
    if step == "data-provider":
        keys["data-provider"] = "true"
    keys["done-steps"] = gv_strings(done)
    return keys


def account_count():
    try:
        with open(accounts_path(), encoding="utf-8") as f:
            return sum(1 for line in f if line.startswith("["))
    except FileNotFoundError:
        return 0


def accounts_path():
    return os.path.join(config_dir(), "accounts-demo.ini")


# --- Running the app --------------------------------------------------------------------

class App:
    def __init__(self, exe, schema_dir, scheme, browser_command, log_path):
        env = dict(os.environ)
        # AT-SPI must work: the Sign In, Back and Next buttons are pressed through it
        for name in ("GTK_A11Y", "NO_AT_BRIDGE"):
            env.pop(name, None)
        env.update(GSETTINGS_SCHEMA_DIR=schema_dir, GSETTINGS_BACKEND="memory",
                   GDK_BACKEND="x11", GSK_RENDERER="cairo",
                   ADW_DEBUG_COLOR_SCHEME="prefer-dark" if scheme == "dark" else "prefer-light",
                   ADS_ONBOARDING_BROWSER=browser_command)
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen([exe, "--demo"], env=env, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log)

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def wait_window(display, app):
    deadline = time.monotonic() + WINDOW_TIMEOUT
    while time.monotonic() < deadline:
        if app.proc.poll() is not None:
            raise RuntimeError("the app exited with status %d" % app.proc.returncode)
        found = display.find_window(app.pid)
        if found is not None:
            return found
        time.sleep(0.05)
    raise RuntimeError("the app's window did not appear within %d s" % WINDOW_TIMEOUT)


def wait_for(what, condition, app, timeout):
    deadline = time.monotonic() + timeout
    while not condition():
        if app.proc.poll() is not None:
            raise RuntimeError("the app exited with status %d while waiting for %s"
                               % (app.proc.returncode, what))
        if time.monotonic() > deadline:
            raise RuntimeError("no %s within %d s" % (what, timeout))
        time.sleep(0.05)


def go_to(app, button_re, step):
    """Presses a window button (Back, Next) and waits until step is current."""
    press_button(app.pid, button_re)
    wait_for("step " + step, lambda: read_setting("current-step") == gv_string(step), app, 10)


def capture(window, width, height, path):
    """Captures the window without the frame that only Xvfb shows (see FRAME)."""
    crop = "%dx%d+%d+%d" % (width - 2 * FRAME, height - 2 * FRAME, FRAME, FRAME)
    subprocess.run(["import", "-silent", "-window", "0x%x" % window, "-crop", crop, "+repage",
                    "png:" + path], check=True, stdin=subprocess.DEVNULL)


def capture_settled(display, app, path, same=2):
    """Captures the window once `same` captures in a row are alike: it is drawn and idle."""
    display.park_pointer()
    previous, alike = None, 0
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        time.sleep(SETTLE_INTERVAL)
        # The window may be replaced while it is set up: look it up each time
        window, width, height = wait_window(display, app)
        capture(window, width, height, path + ".tmp")
        with open(path + ".tmp", "rb") as f:
            data = f.read()
        alike = alike + 1 if data == previous else 1
        previous = data
        if alike >= same or time.monotonic() > deadline:
            if alike < same:
                log("%s: still changing after %d s, kept the last capture"
                    % (os.path.basename(path), SETTLE_TIMEOUT))
            os.replace(path + ".tmp", path)
            return


def check_scheme(path, scheme):
    """Fails unless the shot is mostly light or mostly dark, as asked: proof that
    libadwaita followed ADW_DEBUG_COLOR_SCHEME."""
    mean = float(subprocess.run(["identify", "-format", "%[fx:mean]", path], check=True,
                                capture_output=True, text=True).stdout)
    if (mean < 0.5) != (scheme == "dark"):
        raise RuntimeError("%s is not %s (mean brightness %.2f)"
                           % (os.path.basename(path), scheme, mean))


class Shooter:
    def __init__(self, exe, schema_dir, out_dir, pattern):
        self.exe = exe
        self.schema_dir = schema_dir
        self.out_dir = out_dir
        self.pattern = pattern
        self.display = Display()
        self.log_path = os.path.join(tempfile.mkdtemp(prefix="screenshots."), "app.log")
        me = shlex.quote(os.path.abspath(__file__))
        self.browser_allow = "%s %s --browser" % (shlex.quote(sys.executable), me)
        # A browser that never answers: the sign-in stays waiting
        self.browser_none = "true"
        self.taken = []

    def shots(self):
        """(name, step, width, height, scheme) of every wanted shot, in the order taken."""
        steps = list(STEPS)
        steps.insert(steps.index("connect"), "connect-waiting")
        for step in steps:
            for width, height in SIZES:
                for scheme in SCHEMES:
                    name = "%s-%d-%s" % (step, width, scheme)
                    if fnmatch.fnmatchcase(name, self.pattern):
                        yield name, step, width, height, scheme

    def sign_in(self, app):
        """Signs in from the Connect step as a person would, and goes on to Verify."""
        press_button(app.pid, r"^sign in", "AdoConnectPage")
        wait_for("stored account", lambda: account_count() > 0, app, SIGN_IN_TIMEOUT)
        try:
            wait_for("step verify", lambda: read_setting("current-step") == "'verify'", app, 3)
        except RuntimeError:
            # The window stayed on Connect: Next leads on
            go_to(app, r"^next$", "verify")
        # "Signed in…" would cover the page: its close button (unnamed in libadwaita 1.2)
        if not press_button(app.pid, "", "AdwToastWidget", timeout=2, required=False):
            log("no toast after the sign-in")

    def shoot(self, name, step, width, height, scheme):
        """Starts the app on step (Connect for the steps after it), gets there, captures."""
        signs_in = step in SIGNED_IN
        keys = progress_for("connect" if signs_in or step == "connect-waiting" else step)
        keys.update({"window-width": str(width + 2 * FRAME),
                     "window-height": str(height + 2 * FRAME)})
        write_settings(keys)
        # Every sign-in starts without accounts, so that the account is the first one
        if os.path.exists(accounts_path()):
            os.remove(accounts_path())

        app = App(self.exe, self.schema_dir, scheme,
                  self.browser_allow if signs_in else self.browser_none, self.log_path)
        try:
            wait_window(self.display, app)
            if step == "connect-waiting":
                press_button(app.pid, r"^sign in", "AdoConnectPage")
            elif signs_in:
                # The imitation of Amazon lives in the app's process, so that a sign-in of
                # an earlier run is unknown to this one: each run signs in afresh
                self.sign_in(app)
                if step == "connect":
                    go_to(app, r"^back$", "connect")
                elif step == "accounts":
                    go_to(app, r"^next$", "accounts")
            path = os.path.join(self.out_dir, name + ".png")
            # After a sign-in the profiles arrive a moment later: a longer calm
            capture_settled(self.display, app, path, same=3 if signs_in else 2)
        finally:
            app.stop()
        check_scheme(path, scheme)
        self.taken.append(name)
        log("took %s.png" % name)

    def run(self):
        os.makedirs(self.out_dir, exist_ok=True)
        gtk_dir = os.path.join(os.environ["XDG_CONFIG_HOME"], "gtk-4.0")
        os.makedirs(gtk_dir, exist_ok=True)
        # As GNOME has them: its font, only a Close button; no animation and no blinking
        # cursor, so that a drawn window stays the same
        with open(os.path.join(gtk_dir, "settings.ini"), "w", encoding="utf-8") as f:
            f.write("[Settings]\ngtk-font-name=Cantarell 11\n"
                    "gtk-decoration-layout=appmenu:close\n"
                    "gtk-enable-animations=false\ngtk-cursor-blink=false\n")
        try:
            for shot in self.shots():
                self.shoot(*shot)
        except Exception:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                tail = f.read()[-4000:]
            if tail:
                log("the app's last messages:\n" + tail)
            raise
        return self.taken


def main(argv):
    if len(argv) == 3 and argv[1] == "--browser":
        return browser(argv[2])
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    exe, schema_dir, out_dir = argv[1:4]
    pattern = argv[4] if len(argv) == 5 else "*"
    started = time.monotonic()
    taken = Shooter(exe, schema_dir, out_dir, pattern).run()
    log("%d screenshots in %s, %.0f s" % (len(taken), out_dir, time.monotonic() - started))
    return 0 if taken else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
