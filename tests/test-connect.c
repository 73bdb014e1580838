/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "demo/ado-demo-server.h"
#include "ui/ado-client-page.h"
#include "ui/ado-connect-page.h"
#include "ui/ado-window.h"

#include "ado-test-util.h"

/*
 * Step 4 in the real window: signing in against the imitation of Login
 * with Amazon, through headless Chromium and the loopback listener, by
 * pasting the address, and each way it can fail.
 */

static AdwApplication *app;

typedef AdoTestConnectFixture Fixture;

static gboolean
use_chromium (Fixture *f)
{
  g_autofree char *chromium = g_find_program_in_path ("chromium");
  g_autofree char *profile = g_build_filename (f->tmpdir, "chromium", NULL);
  g_autofree char *command = NULL;

  if (chromium == NULL)
    return FALSE;

  /* Chromium's own chatter stays out of the test log */
  command = g_strdup_printf ("sh -c 'exec %s --headless --no-sandbox --disable-gpu --disable-quic "
                             "--no-first-run --disable-background-networking "
                             "--disable-component-update --disable-sync "
                             "--password-store=basic --user-data-dir=%s \"$1\" "
                             ">/dev/null 2>&1' sh",
                             chromium, profile);
  g_setenv ("ADS_ONBOARDING_BROWSER", command, TRUE);
  return TRUE;
}

static void
stop_chromium (Fixture *f)
{
  g_autofree char *pattern = g_strdup_printf ("--user-data-dir=%s/chromium", f->tmpdir);
  const char *argv[] = { "pkill", "-f", "--", pattern, NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  ado_test_connect_fixture_set_up (f, "ado-connect-XXXXXX", data);
  ado_test_connect_fixture_open_window (f, app);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_chromium (f);
  ado_test_connect_fixture_tear_down (f);
}

static GtkWidget *
connect_child (Fixture    *f,
               const char *id)
{
  return ado_test_page_child (f->window, ADO_STEP_CONNECT, id);
}

static gboolean
shows_error (gpointer data)
{
  Fixture *f = data;

  return ado_test_connect_is_form (f->window) &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (connect_child (f, "error_revealer")));
}

static void
type_secret_in_client_step (Fixture *f)
{
  GtkWidget *client = ado_window_get_page (f->window, ADO_STEP_CLIENT);

  gtk_editable_set_text (GTK_EDITABLE (ado_test_find_by_id (client, "client_secret_row")),
                         ADO_DEMO_CLIENT_SECRET);
  /* Going to Connect brings the typed secret along */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "client");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "connect");
  ado_test_spin (20);
}

static void
sign_in (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_CONNECT),
                                             "connect.sign-in", NULL));
}

/* Signs in through the paste field, as with an https return URL */
static char *
sign_in_by_pasting (Fixture *f)
{
  GtkWidget *page = ado_window_get_page (f->window, ADO_STEP_CONNECT);
  g_autofree char *url = NULL;
  g_autofree char *pasted = NULL;

  g_unlink (f->browser_out);
  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  url = ado_test_wait_for_browser (f->browser_out);
  pasted = ado_test_paste_sign_in_address (f->window, url);

  return g_strdup (ado_connect_page_get_last_account_id (ADO_CONNECT_PAGE (page)));
}

static GtkWidget *
accounts_child (Fixture    *f,
                const char *id)
{
  return ado_test_page_child (f->window, ADO_STEP_ACCOUNTS, id);
}

static gboolean
account_row_checked (gpointer data)
{
  Fixture *f = data;
  GtkWidget *row = gtk_widget_get_first_child (accounts_child (f, "accounts_list"));

  return row != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (accounts_child (f, "content_stack"))),
                    "accounts") == 0 &&
         strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "Checking") == NULL;
}

static gboolean
accounts_empty (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (accounts_child (f, "content_stack"))),
                    "empty") == 0;
}

static gboolean
secret_rotated (gpointer data)
{
  g_autofree char *secret = ado_test_lookup_secret ("client-secret", "client_id",
                                                    ADO_DEMO_CLIENT_ID);

  return g_str_equal (secret, "amzn1.oa2-cs.v1.rotated");
}

static gboolean
error_shown (gpointer data)
{
  Fixture *f = data;

  return gtk_revealer_get_reveal_child (GTK_REVEALER (accounts_child (f, "error_revealer")));
}

/* Accessibility and keyboard checks shared by the steps */

/* The field is described by @message and invalid */
static void
assert_field_error (GtkWidget *field,
                    GtkWidget *message)
{
  g_autofree char *relation = NULL;
  g_autofree char *state = NULL;

  g_assert_true (gtk_widget_is_visible (message));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (field),
                                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  relation = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (field),
                                                 GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                                 message, NULL);
  g_assert_null (relation);
  state = gtk_test_accessible_check_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                           GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_null (state);
}

/* …and no longer, once the error is gone (a hint may still describe it) */
static void
assert_field_fine (GtkWidget *field)
{
  g_autofree char *state = NULL;

  g_assert_false (gtk_widget_has_css_class (field, "error"));
  state = gtk_test_accessible_check_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                           GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_null (state);
}

static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *ancestor)
{
  return widget != NULL && (widget == ancestor || gtk_widget_is_ancestor (widget, ancestor));
}

/* Tab from the page's start: the first stop is @first, and no stop on the
 * way is a label or a row that does nothing */
static void
assert_tab_stops (GtkWidget *page,
                  GtkWidget *first)
{
  GtkRoot *root = gtk_widget_get_root (page);
  guint n = 0;

  gtk_root_set_focus (root, NULL);
  g_assert_true (gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD));
  if (!is_inside (gtk_root_get_focus (root), first))
    g_error ("The first Tab stop is a %s (%s) in a %s, not the %s",
             G_OBJECT_TYPE_NAME (gtk_root_get_focus (root)),
             GTK_IS_BUTTON (gtk_root_get_focus (root))
             ? gtk_button_get_label (GTK_BUTTON (gtk_root_get_focus (root))) : "",
             G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_root_get_focus (root))),
             G_OBJECT_TYPE_NAME (first));

  do
    {
      GtkWidget *focus = gtk_root_get_focus (root);

      g_assert_false (GTK_IS_LABEL (focus));
      if (GTK_IS_LIST_BOX_ROW (focus) && !ADW_IS_EXPANDER_ROW (focus))
        g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (focus)));
      g_assert_cmpuint (++n, <, 100);
    }
  while (gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD));
}

/* The words a person reads on the page before its first control: the
 * visible labels, in order, up to the first Tab stop; reported in the log */
static gboolean
count_words (GtkWidget *widget,
             GtkWidget *first,
             guint     *n)
{
  if (widget == first)
    return TRUE;
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget))
    {
      g_auto(GStrv) words = g_strsplit_set (gtk_label_get_text (GTK_LABEL (widget)), " \n", -1);

      for (guint i = 0; words[i] != NULL; i++)
        *n += words[i][0] != '\0';
      /* What was counted, for the log */
      g_test_message ("  “%s”", gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (count_words (child, first, n))
      return TRUE;

  return FALSE;
}

static void
report_words (GtkWidget  *page,
              const char *name)
{
  GtkRoot *root = gtk_widget_get_root (page);
  GtkWidget *first;
  guint n = 0;

  gtk_root_set_focus (root, NULL);
  g_assert_true (gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD));
  first = gtk_root_get_focus (root);
  /* A field's own title is part of the control */
  if (gtk_widget_get_ancestor (first, ADW_TYPE_ENTRY_ROW) != NULL)
    first = gtk_widget_get_ancestor (first, ADW_TYPE_ENTRY_ROW);
  count_words (page, first, &n);
  g_test_message ("Words before the first control of %s: %u", name, n);
}

/* Nothing visible on the page is cut short with an ellipsis */
static void
assert_nothing_cut (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        g_error ("“%s” is cut short", gtk_label_get_label (GTK_LABEL (widget)));
      /* No empty label sits in a header */
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget)), !=, "");
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_nothing_cut (child);
}

/* Tests */

static void
test_browser_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  AdoConnectPage *page;
  g_autofree char *refresh = NULL;
  g_autofree char *registry = NULL;
  const char *account_id;

  if (!use_chromium (f))
    {
      g_test_skip ("chromium is not installed");
      return;
    }

  type_secret_in_client_step (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (connect_child (f, "client_secret_row"))),
                   ==, ADO_DEMO_CLIENT_SECRET);

  sign_in (f);
  ado_test_wait_until (ado_test_reached_verify, f->window, "the sign-in through Chromium");

  page = ADO_CONNECT_PAGE (ado_window_get_page (f->window, ADO_STEP_CONNECT));
  account_id = ado_connect_page_get_last_account_id (page);
  g_assert_nonnull (account_id);
  g_assert_true (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));

  /* Read back with the documented attributes */
  refresh = ado_test_lookup_secret ("refresh-token", "account_id", account_id);
  g_assert_true (g_str_has_prefix (refresh, "Atzr|"));
  g_assert_true (g_file_get_contents (f->registry_path, &registry, NULL, NULL));
  g_assert_nonnull (strstr (registry, account_id));
  g_assert_null (strstr (registry, "Atzr|"));
  g_assert_null (strstr (registry, ADO_DEMO_CLIENT_SECRET));

  /* The typed secret is gone from the window once stored */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (connect_child (f, "client_secret_row"))),
                   ==, "");
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-success");
}

static void
test_paste_address (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *time_left = NULL;
  g_autofree char *pasted = NULL;
  g_autofree char *url_again = NULL;
  GtkWidget *paste;
  GtkWidget *message;
  GtkWidget *hint;
  GtkWidget *retry;

  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");

  /* The browser got the same address the window shows */
  url = ado_test_wait_for_browser (f->browser_out);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (connect_child (f, "url_row"))), ==, url);
  time_left = g_strdup (gtk_label_get_label (GTK_LABEL (connect_child (f, "time_left_label"))));
  /* The default wait: a quarter of an hour, not the code's five minutes */
  g_assert_true (g_regex_match_simple ("^1[0-5]:[0-5][0-9] left$", time_left, 0, 0));
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-waiting");

  /* From the start, what Amazon's “not whitelisted” page means and what
   * to do; the exact return URLs one tap away */
  hint = connect_child (f, "waiting_hint");
  g_assert_true (gtk_widget_is_visible (hint));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (hint)), "has not been whitelisted"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (hint)), "Web Settings"));
  gtk_expander_set_expanded (GTK_EXPANDER (connect_child (f, "waiting_more_expander")), TRUE);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (connect_child (f, "waiting_redirect_label"))),
                            "https://amazon.com"));

  /* Something else pasted: explained next to the field, still waiting */
  paste = connect_child (f, "paste_row");
  message = connect_child (f, "paste_message");
  assert_field_fine (paste);
  gtk_editable_set_text (GTK_EDITABLE (paste), "https://amazon.com/?code=abc&state=not-this-one");
  g_signal_emit_by_name (paste, "apply");
  ado_test_spin (20);
  assert_field_error (paste, message);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "another sign-in attempt"));
  g_assert_cmpstr (ado_test_connect_mode (f->window), ==, "waiting");
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-paste-error");

  /* …with a real way to sign in again: a new attempt, a new address */
  retry = connect_child (f, "paste_retry_button");
  g_assert_true (gtk_widget_is_visible (retry));
  g_unlink (f->browser_out);
  g_assert_true (gtk_widget_activate (retry));
  url_again = ado_test_wait_for_browser (f->browser_out);
  g_assert_cmpstr (url_again, !=, url);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the new waiting state");
  g_assert_false (gtk_widget_is_visible (message));
  assert_field_fine (paste);
  g_free (url);
  url = g_steal_pointer (&url_again);

  /* The address bar after Allow */
  pasted = ado_test_paste_sign_in_address (f->window, url);
  g_assert_true (g_str_has_prefix (pasted, "https://amazon.com"));
  g_assert_true (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
}

static void
test_denied (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *url = NULL;
  AdoTestFetch answer;
  AdoTestFetch landing;
  const char *message;

  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_DENY, 1);
  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");

  /* The browser follows Amazon's refusal back to the listener */
  url = ado_test_wait_for_browser (f->browser_out);
  answer = ado_test_fetch (url);
  g_assert_nonnull (strstr (answer.location, "error=access_denied"));
  landing = ado_test_fetch (answer.location);
  g_assert_cmpuint (landing.status, ==, 200);

  ado_test_wait_until (shows_error, f, "the error");
  message = gtk_label_get_label (GTK_LABEL (connect_child (f, "error_label")));
  g_assert_nonnull (strstr (message, "Access was not allowed"));
  /* What happened, what to do; Amazon's own words behind Details, and no
   * doubled punctuation such as “(The user denied the request.).” */
  g_assert_null (strstr (message, "denied the request"));
  g_assert_null (strstr (message, ")."));
  gtk_expander_set_expanded (GTK_EXPANDER (connect_child (f, "error_details")), TRUE);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (connect_child (f, "error_details_label"))), ==,
                   "The user denied the request");
  g_assert_false (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
  /* What was typed is kept for the next try */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (connect_child (f, "client_secret_row"))),
                   ==, ADO_DEMO_CLIENT_SECRET);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-error");

  ado_test_fetch_clear (&answer);
  ado_test_fetch_clear (&landing);
}

static void
block_port (GSocket *blocker,
            int      port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  g_assert_true (g_socket_bind (blocker, address, TRUE, NULL));
  g_assert_true (g_socket_listen (blocker, NULL));
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocket) blocker = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocket) spare_blocker = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                                   G_SOCKET_PROTOCOL_TCP, NULL);
  g_autofree char *spare = g_strdup_printf ("http://127.0.0.1:%d/callback", f->port + 1);
  g_autofree char *spare_query = g_strdup_printf ("redirect_uri=http%%3A%%2F%%2F127.0.0.1%%3A%d",
                                                  f->port + 1);
  g_autofree char *port = g_strdup_printf ("Port %d is in use", f->port);
  g_autofree char *url = NULL;
  GtkWidget *page = ado_window_get_page (f->window, ADO_STEP_CONNECT);
  GtkWidget *sign_in_button = connect_child (f, "sign_in_button");
  AdoTestFetch answer;
  AdoTestFetch landing;
  AdoAccount *account;
  const char *message;

  /* Both return URLs registered, as the client step asks */
  ado_demo_server_add_client (f->server, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                              (const char * const[]) { f->redirect_uri, spare, NULL });
  block_port (blocker, f->port);

  /* The first one's port is taken: the spare one, without a question */
  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  g_assert_true (gtk_widget_has_css_class (sign_in_button, "suggested-action"));
  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  url = ado_test_wait_for_browser (f->browser_out);
  g_assert_nonnull (strstr (url, spare_query));
  answer = ado_test_fetch (url);
  g_assert_true (g_str_has_prefix (answer.location, spare));
  landing = ado_test_fetch (answer.location);
  g_assert_cmpuint (landing.status, ==, 200);
  ado_test_wait_until (ado_test_reached_verify, f->window, "the sign-in on the spare port");
  account = ado_account_registry_get_account (f->registry,
                                              ado_connect_page_get_last_account_id (ADO_CONNECT_PAGE (page)));
  /* The token request names the return URL the attempt used */
  g_assert_cmpstr (ado_account_get_redirect_uri (account), ==, spare);
  g_assert_true (ado_page_get_complete (ADO_PAGE (page)));
  /* Signed in: Next is the one suggested button, not Sign In */
  g_assert_false (gtk_widget_has_css_class (sign_in_button, "suggested-action"));
  ado_test_fetch_clear (&answer);
  ado_test_fetch_clear (&landing);

  /* Both taken: said plainly, with what to do; the ports behind Details */
  block_port (spare_blocker, f->port + 1);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "connect");
  g_unlink (f->browser_out);
  sign_in (f);
  ado_test_wait_until (shows_error, f, "the error");
  message = gtk_label_get_label (GTK_LABEL (connect_child (f, "error_label")));
  g_assert_nonnull (strstr (message, "both return URLs"));
  g_assert_nonnull (strstr (message, "try again"));
  g_assert_null (strstr (message, "Port"));
  g_assert_true (gtk_widget_get_visible (connect_child (f, "error_details")));
  gtk_expander_set_expanded (GTK_EXPANDER (connect_child (f, "error_details")), TRUE);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (connect_child (f, "error_details_label"))),
                            port));
  g_assert_true (gtk_widget_get_visible (connect_child (f, "retry_button")));
  /* Nothing was opened */
  g_assert_false (g_file_test (f->browser_out, G_FILE_TEST_EXISTS));

  /* No “Done” and no Next beside the red error; Sign In is suggested again */
  g_assert_false (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
  g_assert_false (ado_page_get_complete (ADO_PAGE (page)));
  g_assert_true (gtk_widget_has_css_class (sign_in_button, "suggested-action"));
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-ports-taken");
}

static gboolean
press_escape (GtkWidget *widget)
{
  /* What the page does with the Escape key: its own shortcut */
  for (guint i = 0;; i++)
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (controller == NULL)
        return FALSE;
      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, "Escape"))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *page = ado_window_get_page (f->window, ADO_STEP_CONNECT);
  GtkWidget *secret = connect_child (f, "client_secret_row");
  GtkWidget *focus;
  g_autofree char *url = NULL;

  ado_test_use_capturing_browser (f->browser_out);
  gtk_editable_set_text (GTK_EDITABLE (secret), ADO_DEMO_CLIENT_SECRET);
  ado_test_spin (20);

  /* The known client ID is shown whole, as text; the first Tab stop is
   * its Change button; no label or inert row on the way */
  g_assert_true (gtk_widget_get_visible (connect_child (f, "client_id_view_row")));
  g_assert_false (gtk_widget_get_visible (connect_child (f, "client_id_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (connect_child (f, "client_id_view_row"))),
                   ==, ADO_DEMO_CLIENT_ID);
  report_words (page, "Connect");
  assert_tab_stops (page, connect_child (f, "change_client_id_button"));
  g_assert_true (gtk_widget_activate_action (page, "connect.change-client-id", NULL));
  g_assert_true (gtk_widget_get_visible (connect_child (f, "client_id_row")));
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (f->window)), connect_child (f, "client_id_row")));

  /* Enter in the secret field signs in */
  gtk_widget_grab_focus (secret);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_TEXT (focus));
  g_signal_emit_by_name (focus, "activate");
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  url = ado_test_wait_for_browser (f->browser_out);
  /* The keyboard is on the waiting page, where Escape cancels */
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (f->window)), page));

  g_assert_true (press_escape (page));
  ado_test_wait_until (ado_test_connect_is_form, f->window, "the form");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (connect_child (f, "error_revealer"))));
  /* After Cancel the focus is at Sign In, not in the sidebar */
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (f->window)),
                            connect_child (f, "sign_in_button")));
  /* On the form, Escape is not the page's */
  g_assert_false (press_escape (page));
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *secret = connect_child (f, "client_secret_row");
  g_autofree char *url = NULL;
  const char *message;

  ado_test_use_capturing_browser (f->browser_out);
  gtk_editable_set_text (GTK_EDITABLE (secret), "amzn1.oa2-cs.v1.not-the-secret");
  ado_test_spin (20);
  assert_field_fine (secret);
  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  url = ado_test_wait_for_browser (f->browser_out);
  {
    AdoTestFetch answer = ado_test_fetch (url);

    gtk_editable_set_text (GTK_EDITABLE (connect_child (f, "paste_row")), answer.location);
    g_signal_emit_by_name (connect_child (f, "paste_row"), "apply");
    ado_test_fetch_clear (&answer);
  }
  ado_test_wait_until (shows_error, f, "the error");

  /* Plain words; Amazon's own words behind Details; no doubled stops */
  message = gtk_label_get_label (GTK_LABEL (connect_child (f, "error_label")));
  g_assert_nonnull (strstr (message, "client secret"));
  g_assert_null (strstr (message, ")."));
  g_assert_null (strstr (message, ".."));
  /* The secret field is marked, and described by the error */
  assert_field_error (secret, connect_child (f, "error_label"));
  gtk_editable_set_text (GTK_EDITABLE (secret), ADO_DEMO_CLIENT_SECRET);
  assert_field_fine (secret);
}

/* The radio buttons below @widget, each with a name */
static guint
count_radios (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_CHECK_BUTTON (widget))
    {
      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (widget),
                                                   GTK_ACCESSIBLE_ROLE_RADIO));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      n++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_radios (child);

  return n;
}

static void
test_regions_whole (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *page = ado_window_get_page (f->window, ADO_STEP_CONNECT);
  GtkWidget *group = connect_child (f, "region_group");
  guint n_radios = 0;

  /* Each region a radio button, named with its countries in full */
  n_radios = count_radios (group);
  g_assert_cmpuint (n_radios, ==, 3);

  /* Nothing cut, wide or narrow */
  assert_nothing_cut (page);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-1280");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 760);
  ado_test_spin (300);
  assert_nothing_cut (page);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-360");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  AdoTestFetch closed;

  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");

  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_CONNECT),
                                             "connect.cancel", NULL));
  ado_test_wait_until (ado_test_connect_is_form, f->window, "the form");

  /* Cancel is no error, and the port is closed */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (connect_child (f, "error_revealer"))));
  g_assert_false (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
  closed = ado_test_fetch (f->redirect_uri);
  g_assert_cmpuint (closed.status, ==, SOUP_STATUS_NONE);
  ado_test_fetch_clear (&closed);
}

static void
test_accounts_page (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *account_id = NULL;
  g_autofree char *export_path = g_build_filename (f->tmpdir, "ads.env", NULL);
  g_autofree char *yaml_path = g_build_filename (f->tmpdir, "credentials.yml", NULL);
  g_autofree char *airbyte_path = g_build_filename (f->tmpdir, "airbyte.json", NULL);
  g_autofree char *exported = NULL;
  g_autofree char *airbyte = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *after = NULL;
  GtkWidget *row;
  AdwMessageDialog *dialog;
  GStatBuf st;

  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  account_id = sign_in_by_pasting (f);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "accounts");
  ado_test_wait_until (account_row_checked, f, "the account's state");
  row = gtk_widget_get_first_child (accounts_child (f, "accounts_list"));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "valid until"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "North America account 1");
  g_assert_true (ado_progress_is_step_done (f->progress, ADO_STEP_ACCOUNTS));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "accounts-1280");

  /* Narrow: the window folds, and the account's buttons still fit */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 760);
  ado_test_spin (300);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "accounts-connected-360");
  g_assert_cmpint (gtk_widget_get_width (ado_test_find_by_id (GTK_WIDGET (f->window), "leaflet")), <=, 360);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "accounts-connected-360");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  ado_test_spin (300);

  /* Export: a private file a shell can source */
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_ACCOUNTS),
                                             "accounts.export-to", "(sss)",
                                             account_id, "env", export_path));
  ado_test_wait_until (ado_test_file_exists, export_path, "the export");
  ado_test_spin (100);
  g_assert_true (g_file_get_contents (export_path, &exported, NULL, NULL));
  g_assert_nonnull (strstr (exported, "export AD_API_REFRESH_TOKEN='Atzr|"));
  g_assert_nonnull (strstr (exported, "export AD_API_CLIENT_ID='" ADO_DEMO_CLIENT_ID "'"));
  g_assert_cmpint (g_stat (export_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* No profile yet: the region's marketplace for python-amazon-ad-api */
  g_assert_nonnull (strstr (exported, "export AD_API_DEFAULT_MARKETPLACE='NA'"));

  /* python-amazon-ad-api refuses a file without a profile: none is written */
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_ACCOUNTS),
                                             "accounts.export-to", "(sss)",
                                             account_id, "python-ad-api", yaml_path));
  ado_test_wait_until (error_shown, f, "the error");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (accounts_child (f, "error_label"))),
                            "default profile"));
  ado_test_spin (200);
  g_assert_false (g_file_test (yaml_path, G_FILE_TEST_EXISTS));

  /* Airbyte's source config, as private as the others */
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_ACCOUNTS),
                                             "accounts.export-to", "(sss)",
                                             account_id, "airbyte", airbyte_path));
  ado_test_wait_until (ado_test_file_exists, airbyte_path, "the Airbyte export");
  ado_test_spin (100);
  g_assert_true (g_file_get_contents (airbyte_path, &airbyte, NULL, NULL));
  g_assert_nonnull (strstr (airbyte, "\"auth_type\" : \"oauth2.0\""));
  g_assert_nonnull (strstr (airbyte, "\"region\" : \"NA\""));
  g_assert_cmpint (g_stat (airbyte_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A rotated client secret, entered again */
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_ACCOUNTS),
                                             "accounts.update-secret", "s", account_id));
  dialog = ado_test_wait_for_dialog ("the secret dialog");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "  amzn1.oa2-cs.v1.rotated\n");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ado_test_wait_until (secret_rotated, NULL, "the new secret in the keyring");

  /* Forget: after a confirmation that says what it does not do */
  refresh = ado_test_lookup_secret ("refresh-token", "account_id", account_id);
  g_assert_true (g_str_has_prefix (refresh, "Atzr|"));
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_ACCOUNTS),
                                             "accounts.forget", "s", account_id));
  dialog = ado_test_wait_for_dialog ("the confirmation");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "does not revoke"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "amazon.com/ap/adam"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "Manage apps & services with data access"));
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ado_test_wait_until (accounts_empty, f, "the empty list");
  g_assert_false (ado_progress_is_step_done (f->progress, ADO_STEP_ACCOUNTS));

  after = ado_test_lookup_secret ("refresh-token", "account_id", account_id);
  g_assert_cmpstr (after, ==, "");
}

static gboolean
second_row_renamed (gpointer data)
{
  Fixture *f = data;
  GtkWidget *row = gtk_widget_get_first_child (accounts_child (f, "accounts_list"));
  g_autofree char *registry = NULL;

  row = row != NULL ? gtk_widget_get_next_sibling (row) : NULL;
  return row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Shoes team") == 0 &&
         g_file_get_contents (f->registry_path, &registry, NULL, NULL) &&
         strstr (registry, "name=Shoes team\n") != NULL;
}

static gboolean
error_gone (gpointer data)
{
  Fixture *f = data;
  GtkWidget *revealer = accounts_child (f, "error_revealer");

  return !gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) &&
         !gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) &&
         !gtk_widget_get_mapped (gtk_revealer_get_child (GTK_REVEALER (revealer)));
}

static void
test_rename_account (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GtkWidget *page = ado_window_get_page (f->window, ADO_STEP_ACCOUNTS);
  GtkWidget *row;
  AdwMessageDialog *dialog;

  /* Two sign-ins of the same Amazon user: two accounts, numbered */
  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  first = sign_in_by_pasting (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "connect");
  second = sign_in_by_pasting (f);
  g_assert_cmpstr (first, !=, second);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "accounts");
  ado_test_wait_until (account_row_checked, f, "the accounts' states");
  row = gtk_widget_get_next_sibling (gtk_widget_get_first_child (accounts_child (f, "accounts_list")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "North America account 2");

  /* Rename, in a dialog that starts from the old name */
  g_assert_true (gtk_widget_activate_action (page, "accounts.rename", "s", second));
  dialog = ado_test_wait_for_dialog ("the rename dialog");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))),
                   ==, "North America account 2");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "  ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Shoes team");
  adw_message_dialog_response (dialog, "rename");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ado_test_wait_until (second_row_renamed, f, "the new name, shown and stored");

  /* Another account's name is refused, plainly */
  g_assert_true (gtk_widget_activate_action (page, "accounts.rename-to", "(ss)", second,
                                             "North America account 1"));
  g_assert_true (error_shown (f));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (accounts_child (f, "error_label"))),
                            "already called"));
  g_assert_cmpstr (ado_account_get_name (ado_account_registry_get_account (f->registry, second)), ==,
                   "Shoes team");
  g_assert_true (gtk_widget_activate_action (page, "accounts.refresh", NULL));
  ado_test_wait_until (account_row_checked, f, "the accounts' states");

  /* Tab reaches controls only; nothing is cut, wide or narrow */
  ado_test_wait_until (error_gone, f, "the error to go");
  row = gtk_widget_get_first_child (accounts_child (f, "accounts_list"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ado_test_spin (300);
  report_words (page, "Accounts");
  assert_tab_stops (page, accounts_child (f, "refresh_button"));
  assert_nothing_cut (page);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "accounts-two-1280");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 760);
  row = gtk_widget_get_first_child (accounts_child (f, "accounts_list"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ado_test_spin (300);
  /* The client ID whole, even narrow */
  assert_nothing_cut (page);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "accounts-two-360");
}

static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *refresh_before = NULL;
  g_autofree char *refresh_after = NULL;

  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  first = sign_in_by_pasting (f);
  refresh_before = ado_test_lookup_secret ("refresh-token", "account_id", first);

  /* Reconnect: the same account gets new tokens */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reconnect", "s", first));
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_CONNECT);
  second = sign_in_by_pasting (f);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (f->registry), ==, 1);
  refresh_after = ado_test_lookup_secret ("refresh-token", "account_id", first);
  g_assert_true (g_str_has_prefix (refresh_after, "Atzr|"));
  g_assert_cmpstr (refresh_after, !=, refresh_before);
}

static GtkWidget *
verify_child (Fixture    *f,
              const char *id)
{
  return ado_test_page_child (f->window, ADO_STEP_VERIFY, id);
}

static gboolean
regions_answered (gpointer data)
{
  Fixture *f = data;
  const char *rows[] = { "na_row", "eu_row", "fe_row" };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (verify_child (f, rows[i])));

      if (subtitle == NULL || strstr (subtitle, "Asking") != NULL)
        return FALSE;
    }

  return TRUE;
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static gboolean
default_saved (gpointer data)
{
  Fixture *f = data;
  g_autofree char *registry = NULL;

  return g_file_get_contents (f->registry_path, &registry, NULL, NULL) &&
         strstr (registry, "9007199254740993") != NULL;
}

static char *
code_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Every character of the code is under a tag that forbids hyphens */
static void
assert_no_hyphens (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      g_autoptr(GSList) tags = gtk_text_iter_get_tags (&iter);
      gboolean forbidden = FALSE;

      for (GSList *l = tags; l != NULL; l = l->next)
        {
          gboolean set, hyphens;

          g_object_get (l->data, "insert-hyphens-set", &set, "insert-hyphens", &hyphens, NULL);
          forbidden |= set && !hyphens;
        }
      g_assert_true (forbidden);
    }
  while (gtk_text_iter_forward_char (&iter) && !gtk_text_iter_is_end (&iter));
}

/* How many buttons below @widget have a name starting with @prefix */
static guint
count_copy_names (GtkWidget  *widget,
                  const char *prefix)
{
  guint n = 0;

  if (GTK_IS_BUTTON (widget))
    {
      g_autofree char *name = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                  "");

      if (name != NULL && g_str_has_prefix (name, prefix))
        n++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_copy_names (child, prefix);

  return n;
}

/* Every image below @widget that shows has a name starting with @prefix */
static void
assert_images_named (GtkWidget  *widget,
                     const char *prefix)
{
  if (GTK_IS_IMAGE (widget) && gtk_widget_get_mapped (widget) &&
      !gtk_test_accessible_has_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_PRESENTATION))
    {
      g_autofree char *name = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                  "");

      g_assert_nonnull (name);
      g_assert_true (g_str_has_prefix (name, prefix));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_images_named (child, prefix);
}

static void
test_verify_profiles (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *account_id = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *curl = NULL;
  g_autofree char *registry = NULL;
  GtkWidget *list;
  GtkWidget *big_row = NULL;
  GtkWidget *view;

  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  ado_demo_server_fail_profiles_next (f->server, "eu", ADO_DEMO_PROFILES_FAILURE_SERVER_ERROR, 5);
  account_id = sign_in_by_pasting (f);

  /* Right after sign-in: all three regions asked, each told on its own */
  ado_test_wait_until (regions_answered, f, "the three regions");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (verify_child (f, "na_row"))),
                            "2 profiles"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (verify_child (f, "eu_row"))),
                            "Europe"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (verify_child (f, "fe_row"))),
                            "no advertising accounts in"));

  g_assert_true (ado_progress_is_step_done (f->progress, ADO_STEP_VERIFY));

  /* The failing region did not hide the others; IDs keep every digit */
  list = verify_child (f, "profiles_list");
  g_assert_cmpuint (count_rows (list), ==, 2);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "ID 9007199254740993 ") != NULL)
      big_row = row;
  g_assert_nonnull (big_row);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "verify-1280");

  /* A screen reader hears a radio group, a distinct name on each Copy,
   * and each region with its outcome */
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = ado_test_find_by_id (row, "default_check");

      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_ROLE_RADIO));
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (check),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
    }
  g_assert_cmpuint (count_copy_names (list, "Copy the profile ID 9007199254740993"), ==, 1);
  g_assert_cmpuint (count_copy_names (list, "Copy the profile ID "), ==, 2);
  assert_images_named (verify_child (f, "na_row"), "North America: 2 profiles");
  assert_images_named (verify_child (f, "eu_row"), "Europe: ");
  assert_nothing_cut (ado_window_get_page (f->window, ADO_STEP_VERIFY));
  report_words (ado_window_get_page (f->window, ADO_STEP_VERIFY), "Verify");
  /* The first Tab stop is the first profile's radio button */
  assert_tab_stops (ado_window_get_page (f->window, ADO_STEP_VERIFY),
                    ado_test_find_by_id (gtk_widget_get_first_child (list), "default_check"));

  /* The command is code: monospace, selectable, wrapped anywhere, no hyphens */
  view = verify_child (f, "curl_view");
  g_assert_true (GTK_IS_TEXT_VIEW (view));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (view)));
  g_assert_cmpint (gtk_text_view_get_wrap_mode (GTK_TEXT_VIEW (view)), ==, GTK_WRAP_CHAR);
  assert_no_hyphens (GTK_TEXT_VIEW (view));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 760);
  ado_test_spin (300);
  assert_nothing_cut (ado_window_get_page (f->window, ADO_STEP_VERIFY));
  ado_test_save_screenshot (GTK_WIDGET (f->window), "verify-360");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  ado_test_spin (300);

  /* Default profile: saved with the account, used by the first call */
  /* Chosen with the row's radio button, as a person would */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ado_test_find_by_id (big_row, "default_check")),
                               TRUE);
  ado_test_wait_until (default_saved, f, "the default profile in the registry");
  /* With what exports need of it, so that they ask Amazon nothing */
  g_assert_true (g_file_get_contents (f->registry_path, &registry, NULL, NULL));
  g_assert_nonnull (strstr (registry, "default_profile_region=na\n"));
  g_assert_nonnull (strstr (registry, "default_profile_country=US\n"));
  g_assert_nonnull (strstr (registry, "default_profile_type=seller\n"));
  curl = code_text (verify_child (f, "curl_view"));
  g_assert_nonnull (strstr (curl, "Amazon-Advertising-API-Scope: 9007199254740993"));
  g_assert_nonnull (strstr (curl, "https://advertising-api.amazon.com/v2/profiles/9007199254740993"));
  g_assert_nonnull (strstr (curl, "--print-access-token --account "));
  g_assert_null (strstr (curl, "Atza|"));

  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_VERIFY),
                                             "verify.copy-id", "s", "9007199254740993"));
  copied = ado_test_read_clipboard (GTK_WIDGET (f->window));
  g_assert_cmpstr (copied, ==, "9007199254740993");

  /* From the Accounts page, the same account's profiles */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "accounts");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.verify-account", "s", account_id));
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_VERIFY);
  ado_test_wait_until (regions_answered, f, "the three regions again");

  /* The failed region recovers on Refresh */
  ado_demo_server_fail_profiles_next (f->server, "eu", ADO_DEMO_PROFILES_FAILURE_SERVER_ERROR, 0);
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_VERIFY),
                                             "verify.refresh", NULL));
  ado_test_wait_until (regions_answered, f, "the three regions again");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (verify_child (f, "eu_row"))),
                            "1 profile"));
  g_assert_cmpuint (count_rows (list), ==, 3);
}

/* @name at 1280 and 360 pixels, light and dark */
static void
shoot (Fixture    *f,
       const char *name)
{
  static const int widths[] = { 1280, 360 };
  AdwStyleManager *style = adw_style_manager_get_default ();

  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
        {
          g_autofree char *file = g_strdup_printf ("%s-%d-%s", name, widths[i],
                                                   dark ? "dark" : "light");

          gtk_window_set_default_size (GTK_WINDOW (f->window), widths[i], 800);
          ado_test_spin (400);
          ado_test_save_screenshot (GTK_WIDGET (f->window), file);
        }
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  ado_test_spin (200);
}

/* Signs in through the loopback listener, as the browser would */
static void
allow_in_browser (Fixture *f)
{
  g_autofree char *url = ado_test_wait_for_browser (f->browser_out);
  AdoTestFetch answer = ado_test_fetch (url);
  AdoTestFetch landing = ado_test_fetch (answer.location);

  g_assert_cmpuint (landing.status, ==, 200);
  ado_test_fetch_clear (&answer);
  ado_test_fetch_clear (&landing);
  g_unlink (f->browser_out);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *row;

  ado_test_use_capturing_browser (f->browser_out);
  type_secret_in_client_step (f);
  shoot (f, "connect-idle");

  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  shoot (f, "connect-waiting");
  gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_CONNECT), "connect.cancel", NULL);
  ado_test_wait_until (ado_test_connect_is_form, f->window, "the form");
  g_unlink (f->browser_out);

  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_DENY, 1);
  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  allow_in_browser (f);
  ado_test_wait_until (shows_error, f, "the error");
  shoot (f, "connect-error");

  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  allow_in_browser (f);
  ado_test_wait_until (ado_test_reached_verify, f->window, "the Verify step");
  ado_test_wait_until (regions_answered, f, "the three regions");
  shoot (f, "verify-profiles");
  /* The command, narrow: focusing it scrolls it into view */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 800);
  ado_test_spin (400);
  gtk_widget_grab_focus (verify_child (f, "curl_view"));
  ado_test_spin (200);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "verify-command-360-light");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "connect");
  shoot (f, "connect-done");

  /* A second sign-in of the same Amazon user: a second account */
  sign_in (f);
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  allow_in_browser (f);
  ado_test_wait_until (ado_test_reached_verify, f->window, "the Verify step");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "accounts");
  ado_test_wait_until (account_row_checked, f, "the accounts' states");
  row = gtk_widget_get_first_child (accounts_child (f, "accounts_list"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  shoot (f, "accounts-two");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The accessibility tests read what a screen reader would be told */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = ado_test_application_new ("io.github.adsonboarding.AdsOnboarding.ConnectTests");

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/connect/browser-round-trip", test_browser_round_trip, NULL);
  ADD ("/ado/connect/paste-address", test_paste_address, "https://amazon.com");
  ADD ("/ado/connect/denied", test_denied, NULL);
  ADD ("/ado/connect/port-in-use", test_port_in_use, NULL);
  ADD ("/ado/connect/cancel", test_cancel, NULL);
  ADD ("/ado/connect/keyboard", test_keyboard, NULL);
  ADD ("/ado/connect/wrong-secret", test_wrong_secret, "https://amazon.com");
  ADD ("/ado/connect/regions-whole", test_regions_whole, NULL);
  ADD ("/ado/connect/accounts-page", test_accounts_page, "https://amazon.com");
  ADD ("/ado/connect/reconnect", test_reconnect, "https://amazon.com");
  ADD ("/ado/connect/rename-account", test_rename_account, "https://amazon.com");
  ADD ("/ado/connect/verify-profiles", test_verify_profiles, "https://amazon.com");
  ADD ("/ado/connect/screenshots", test_screenshots, NULL);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
