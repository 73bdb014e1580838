/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The assistant by keyboard only: real key events through the X server
 * (XTest), from Welcome to Accounts, the sign-in included. */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>

#include "demo/ado-demo-server.h"
#include "ui/ado-window.h"

#include "ado-test-util.h"

static AdwApplication *app;

typedef AdoTestConnectFixture Fixture;

/* Presses and releases @keyval with @modifiers held, as a keyboard does,
 * and waits @ms for what it started */
static void
press_for (Fixture         *f,
           guint            keyval,
           GdkModifierType  modifiers,
           guint            ms)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (f->window));
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  KeyCode code = XKeysymToKeycode (xdisplay, keyval);
  KeyCode alt = XKeysymToKeycode (xdisplay, XK_Alt_L);
  KeyCode shift = XKeysymToKeycode (xdisplay, XK_Shift_L);
  KeyCode control = XKeysymToKeycode (xdisplay, XK_Control_L);

  g_assert_cmpuint (code, !=, 0);

  if (modifiers & GDK_ALT_MASK)
    XTestFakeKeyEvent (xdisplay, alt, True, CurrentTime);
  if (modifiers & GDK_SHIFT_MASK)
    XTestFakeKeyEvent (xdisplay, shift, True, CurrentTime);
  if (modifiers & GDK_CONTROL_MASK)
    XTestFakeKeyEvent (xdisplay, control, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, code, True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, code, False, CurrentTime);
  if (modifiers & GDK_CONTROL_MASK)
    XTestFakeKeyEvent (xdisplay, control, False, CurrentTime);
  if (modifiers & GDK_SHIFT_MASK)
    XTestFakeKeyEvent (xdisplay, shift, False, CurrentTime);
  if (modifiers & GDK_ALT_MASK)
    XTestFakeKeyEvent (xdisplay, alt, False, CurrentTime);
  XFlush (xdisplay);

  ado_test_spin (ms);
}

static void
press (Fixture         *f,
       guint            keyval,
       GdkModifierType  modifiers)
{
  /* A button activated by a key (Enter, Space, a mnemonic) shows itself
   * pressed for a quarter of a second before it acts */
  press_for (f, keyval, modifiers, 400);
}

static GtkWidget *
focus (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

/* Gives the window the X input focus: there is no window manager */
static void
focus_window (Fixture *f)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  Display *xdisplay = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));

  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XFlush (xdisplay);
  ado_test_spin (200);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;

  ado_test_connect_fixture_set_up (f, "ado-keyboard-XXXXXX", NULL);

  /* From the start, as a new user */
  settings = g_settings_new_with_backend (APP_ID, f->backend);
  g_settings_set_string (settings, "current-step", "welcome");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ado_test_connect_fixture_tear_down (f);
}

/* What the focused widget says: its label, or its row's title */
static char *
describe (GtkWidget *widget)
{
  const char *text = NULL;
  GString *plain;

  if (widget == NULL)
    return g_strdup ("(nothing)");

  if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  else if (GTK_IS_CHECK_BUTTON (widget))
    text = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));

  if (text == NULL)
    {
      GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

      if (row != NULL)
        text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
    }

  if (text == NULL)
    return g_strdup (G_OBJECT_TYPE_NAME (widget));

  plain = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);
  return g_string_free (plain, FALSE);
}

static gboolean
focus_says (Fixture    *f,
            const char *words)
{
  g_autofree char *text = describe (focus (f));
  g_autofree char *folded_text = g_utf8_casefold (text, -1);
  g_autofree char *folded_words = g_utf8_casefold (words, -1);

  return strstr (folded_text, folded_words) != NULL;
}

/* Tab, as a user does, until the focus is on what says @words */
static void
tab_to (Fixture    *f,
        const char *words)
{
  for (guint i = 0; i < 60; i++)
    {
      if (focus_says (f, words))
        return;
      /* ADO_TEST_DEBUG_FOCUS=1: where each Tab went */
      if (g_getenv ("ADO_TEST_DEBUG_FOCUS") != NULL)
        {
          g_autofree char *text = describe (focus (f));
          g_printerr ("tab %u: %s\n", i, text);
        }
      press_for (f, GDK_KEY_Tab, 0, 150);
    }

  {
    g_autofree char *text = describe (focus (f));
    g_error ("60 Tabs did not reach “%s”; the focus is on “%s”", words, text);
  }
}

/* Types @text key by key */
static void
type (Fixture    *f,
      const char *text)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (f->window));
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);

  for (const char *p = text; *p != '\0'; p++)
    {
      guint keyval = gdk_unicode_to_keyval ((guchar) *p);
      KeyCode code = XKeysymToKeycode (xdisplay, keyval);
      gboolean shifted = XkbKeycodeToKeysym (xdisplay, code, 0, 0) != keyval;

      press_for (f, keyval, shifted ? GDK_SHIFT_MASK : 0, 10);
    }
}

/* A widget someone operates: a button, a check, a switch, a text field,
 * a drop-down, or a row that does something when activated; not a row
 * that only shows text */
static gboolean
is_control (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      if (ADW_IS_EXPANDER_ROW (widget) || ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget))
        return TRUE;
      if (ADW_IS_ACTION_ROW (widget) &&
          adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) != NULL)
        return TRUE;
      return gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL;
    }

  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_TEXT (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_TEXT_VIEW (widget) || GTK_IS_EXPANDER (widget);
}

/* The first control of @root in Tab order (tree order for these pages) */
static GtkWidget *
first_control (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_mapped (child) || !gtk_widget_is_sensitive (child))
        continue;
      if (gtk_widget_get_focusable (child) && is_control (child))
        return child;
      if ((found = first_control (child)) != NULL)
        return found;
    }

  return NULL;
}

/* After Next (or Back), the focus is on the new page's first control */
static void
assert_focus_on_first_control (Fixture *f,
                               AdoStep  step)
{
  GtkWidget *page = ado_window_get_page (f->window, step);
  GtkWidget *first = first_control (page);
  GtkWidget *now = focus (f);

  /* The focus moves once the new page is laid out: on a slow machine
   * (the sanitizers) a few frames after the key */
  for (guint i = 0; i < 200 && first != NULL && now != first &&
                    (now == NULL || !gtk_widget_is_ancestor (now, first)); i++)
    {
      ado_test_spin (50);
      now = focus (f);
    }

  if (g_getenv ("ADO_TEST_DEBUG_FOCUS") != NULL)
    {
      g_autofree char *text = describe (now);
      g_printerr ("step %d focus %s\n", ado_window_get_visible_step (f->window), text);
    }
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, step);
  g_assert_nonnull (first);
  if (now != first && (now == NULL || !gtk_widget_is_ancestor (now, first)))
    {
      g_autofree char *said = describe (now);
      g_autofree char *expected = describe (first);

      g_error ("after Next the focus is on “%s” (%s), not on the page's first control “%s”",
               said, now != NULL ? G_OBJECT_TYPE_NAME (now) : "-", expected);
    }
}

/* The browser's part of the sign-in: Amazon's page answers with the return
 * URL, which the browser follows */
static void
browser_allows (Fixture *f)
{
  g_autofree char *url = ado_test_wait_for_browser (f->browser_out);
  AdoTestFetch consent = ado_test_fetch (url);
  AdoTestFetch back = { 0, };

  g_assert_cmpuint (consent.status, ==, 302);
  g_assert_nonnull (consent.location);
  back = ado_test_fetch (consent.location);
  g_assert_cmpuint (back.status, ==, 200);
  ado_test_fetch_clear (&consent);
  ado_test_fetch_clear (&back);
  g_unlink (f->browser_out);
}

static gboolean
browser_opened (gpointer data)
{
  Fixture *f = data;

  return g_file_test (f->browser_out, G_FILE_TEST_EXISTS);
}

static gboolean
next_enabled (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_is_sensitive (ado_test_find_by_id (GTK_WIDGET (f->window), "next_button"));
}

static gboolean
on_accounts (gpointer data)
{
  Fixture *f = data;

  return ado_window_get_visible_step (f->window) == ADO_STEP_ACCOUNTS;
}

static gboolean
dialog_shown (gpointer data)
{
  return ado_test_find_dialog () != NULL;
}

/*
 * The demo from Welcome to Accounts with the keyboard only: Tab, Space,
 * Enter, Escape, Alt+N (the Next button's mnemonic), typed text.
 */
static void
test_keyboard_only (Fixture       *f,
                    gconstpointer  data)
{
  ado_test_use_capturing_browser (f->browser_out);
  ado_test_connect_fixture_open_window (f, app);
  focus_window (f);

  /* Welcome: the first Tab lands on the page's first control */
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_WELCOME);
  tab_to (f, "Partner");
  press (f, GDK_KEY_space, 0);
  g_assert_cmpint (ado_progress_get_access_path (f->progress), ==, ADO_ACCESS_PATH_PARTNER);
  press (f, GDK_KEY_n, GDK_ALT_MASK);

  /* The client: the demo's client ID is in place; Next by Tab and Enter */
  assert_focus_on_first_control (f, ADO_STEP_CLIENT);
  tab_to (f, "Next");
  press (f, GDK_KEY_Return, 0);

  /* Apply: submitted */
  assert_focus_on_first_control (f, ADO_STEP_APPLY);
  tab_to (f, "I Have Submitted");
  press (f, GDK_KEY_Return, 0);
  g_assert_cmpint (g_settings_get_int64 (f->settings, "submitted-at"), >, 0);
  press (f, GDK_KEY_n, GDK_ALT_MASK);

  /* Assign: signed out, the link opened with Enter and confirmed, assigned */
  assert_focus_on_first_control (f, ADO_STEP_ASSIGN);
  tab_to (f, "signed out");
  press (f, GDK_KEY_space, 0);
  tab_to (f, "link");
  type (f, "https://advertising.amazon.com/api-access/assign?token=t0k3n");
  press (f, GDK_KEY_Return, 0);
  ado_test_wait_until (dialog_shown, NULL, "the confirmation before the link opens");
  /* The dialog's safe answer is the default; the other is a Tab away */
  press (f, GDK_KEY_Tab, 0);
  press (f, GDK_KEY_Return, 0);
  ado_test_wait_until (browser_opened, f, "the approval link to open");
  g_unlink (f->browser_out);
  /* A window manager gives the input back to the window when a dialog closes */
  focus_window (f);
  tab_to (f, "assigned");
  press (f, GDK_KEY_space, 0);
  press (f, GDK_KEY_n, GDK_ALT_MASK);

  /* Connect: Enter in the secret field signs in; Escape cancels; Enter
   * on Sign In again */
  assert_focus_on_first_control (f, ADO_STEP_CONNECT);
  tab_to (f, "secret");
  type (f, ADO_DEMO_CLIENT_SECRET);
  press (f, GDK_KEY_Return, 0);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the sign-in to start with Enter");
  ado_test_wait_until (browser_opened, f, "the sign-in address to open");
  g_unlink (f->browser_out);

  press (f, GDK_KEY_Escape, 0);
  ado_test_wait_until (ado_test_connect_is_form, f->window, "Escape to cancel the sign-in");
  g_assert_true (focus_says (f, "Sign In"));

  press (f, GDK_KEY_Return, 0);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the sign-in to start again");
  browser_allows (f);
  ado_test_wait_until (ado_test_reached_verify, f->window, "the sign-in to finish");

  /* Verify, then Accounts */
  ado_test_wait_until (next_enabled, f, "Verify to find the profiles");
  press (f, GDK_KEY_n, GDK_ALT_MASK);
  /* A mnemonic acts after the button showed itself pressed: on a busy
   * machine after more than the press's own pause */
  ado_test_wait_until (on_accounts, f, "Alt+N to go on to Accounts");
  g_assert_true (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
}

/* F1 opens the help, from anywhere in the window */
static void
test_f1_help (Fixture       *f,
              gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before;

  ado_test_connect_fixture_open_window (f, app);
  focus_window (f);
  before = g_list_model_get_n_items (toplevels);
  press (f, GDK_KEY_F1, 0);
  ado_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);

  /* Escape closes it, as any dialog */
  press (f, GDK_KEY_Escape, 0);
  ado_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  app = ado_test_application_new ("io.github.adsonboarding.AdsOnboarding.KeyboardTests");

  g_test_add ("/ado/keyboard/f1-help", Fixture, NULL, fixture_set_up, test_f1_help,
              fixture_tear_down);
  g_test_add ("/ado/keyboard/welcome-to-accounts", Fixture, NULL, fixture_set_up,
              test_keyboard_only, fixture_tear_down);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
