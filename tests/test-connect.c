/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
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

typedef struct
{
  GSettingsBackend   *backend;
  GSettings          *settings;
  AdoProgress        *progress;
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  AdoDemoServer      *server;
  AdoWindow          *window;
  char               *tmpdir;
  char               *registry_path;
  char               *browser_out;
  char               *redirect_uri;
  int                 port;
} Fixture;

static void
use_capturing_browser (Fixture *f)
{
  g_autofree char *quoted = g_shell_quote (f->browser_out);
  g_autofree char *command = g_strdup_printf ("sh -c 'printf %%s \"$1\" > %s' sh", quoted);

  g_setenv ("ADS_ONBOARDING_BROWSER", command, TRUE);
}

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
  const char *return_url = data != NULL ? data : NULL;
  g_autoptr(GFile) registry_file = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *api_url = NULL;
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("ado-connect-XXXXXX", NULL);
  f->browser_out = g_build_filename (f->tmpdir, "opened", NULL);
  f->registry_path = g_build_filename (f->tmpdir, "accounts.ini", NULL);
  f->port = ado_test_free_port ();
  f->redirect_uri = return_url != NULL
                    ? g_strdup (return_url)
                    : g_strdup_printf ("http://127.0.0.1:%d/callback", f->port);

  f->server = ado_demo_server_new ();
  g_assert_true (ado_demo_server_start (f->server, &error));
  ado_demo_server_add_client (f->server, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                              (const char * const[]) { f->redirect_uri, NULL });
  auth_url = ado_demo_server_dup_auth_url (f->server);
  token_url = ado_demo_server_dup_token_url (f->server);
  api_url = ado_demo_server_dup_api_url (f->server);
  g_setenv ("ADS_ONBOARDING_AUTH_URL", auth_url, TRUE);
  g_setenv ("ADS_ONBOARDING_TOKEN_URL", token_url, TRUE);
  g_setenv ("ADS_ONBOARDING_API_URL", api_url, TRUE);

  f->backend = g_memory_settings_backend_new ();
  f->settings = g_settings_new_with_backend (APP_ID, f->backend);
  g_settings_set_string (f->settings, "client-id", ADO_DEMO_CLIENT_ID);
  g_settings_set_string (f->settings, "redirect-uri", f->redirect_uri);
  g_settings_set_string (f->settings, "current-step", "connect");
  f->progress = ado_progress_new (f->settings);

  registry_file = g_file_new_for_path (f->registry_path);
  f->store = ado_credential_store_new (FALSE);
  f->registry = ado_account_registry_new_for_file (registry_file);

  f->window = ado_window_new (app, f->progress, f->store, f->registry);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  ado_test_wait_until (ado_test_is_drawn, f->window, "the window");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->tmpdir);

  stop_chromium (f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  ado_test_spin (20);
  g_clear_object (&f->progress);
  g_clear_object (&f->store);
  g_clear_object (&f->registry);
  g_clear_object (&f->settings);
  g_clear_object (&f->backend);
  ado_demo_server_stop (f->server);
  g_clear_object (&f->server);

  {
    const char *argv[] = { "rm", "-rf", f->tmpdir, NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }

  g_free (f->tmpdir);
  g_free (f->browser_out);
  g_free (f->registry_path);
  g_free (f->redirect_uri);
  g_unsetenv ("ADS_ONBOARDING_BROWSER");
  g_unsetenv ("ADS_ONBOARDING_AUTH_URL");
  g_unsetenv ("ADS_ONBOARDING_TOKEN_URL");
  g_unsetenv ("ADS_ONBOARDING_API_URL");
}

static GtkWidget *
connect_child (Fixture    *f,
               const char *id)
{
  GtkWidget *widget = ado_test_find_by_id (ado_window_get_page (f->window, ADO_STEP_CONNECT), id);

  g_assert_nonnull (widget);
  return widget;
}

static const char *
mode (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (connect_child (f, "mode_stack")));
}

static gboolean
is_waiting (gpointer data)
{
  return g_strcmp0 (mode (data), "waiting") == 0;
}

static gboolean
is_form (gpointer data)
{
  return g_strcmp0 (mode (data), "form") == 0;
}

static gboolean
reached_verify (gpointer data)
{
  Fixture *f = data;

  return ado_window_get_visible_step (f->window) == ADO_STEP_VERIFY;
}

static gboolean
shows_error (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (mode (f), "form") == 0 &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (connect_child (f, "error_revealer")));
}

static gboolean
browser_wrote (gpointer data)
{
  Fixture *f = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (f->browser_out, &contents, NULL, NULL) && contents[0] != '\0';
}

static char *
captured_url (Fixture *f)
{
  char *contents = NULL;

  ado_test_wait_until (browser_wrote, f, "the browser command");
  g_assert_true (g_file_get_contents (f->browser_out, &contents, NULL, NULL));
  return contents;
}

typedef struct
{
  char     *location;
  guint     status;
  gboolean  done;
} Fetch;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  fetch->status = soup_message_get_status (msg);
  fetch->location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                             "Location"));
  fetch->done = TRUE;
}

static gboolean
fetch_done (gpointer data)
{
  return ((Fetch *)data)->done;
}

/* What a browser does: GET, without following the redirect */
static Fetch
fetch (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Fetch result = { NULL, 0, FALSE };

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &result);
  ado_test_wait_until (fetch_done, &result, "the HTTP request");
  return result;
}

static char *
lookup_secret (const char *kind,
               const char *attribute,
               const char *value)
{
  const char *argv[] = { "secret-tool", "lookup", "kind", kind, attribute, value, NULL };
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, NULL, &status, NULL));
  return g_strstrip (g_steal_pointer (&out));
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
  g_autofree char *url = NULL;
  GtkWidget *paste = connect_child (f, "paste_row");
  Fetch answer;

  g_unlink (f->browser_out);
  sign_in (f);
  ado_test_wait_until (is_waiting, f, "the waiting state");
  url = captured_url (f);
  answer = fetch (url);
  gtk_editable_set_text (GTK_EDITABLE (paste), answer.location);
  g_signal_emit_by_name (paste, "apply");
  ado_test_wait_until (reached_verify, f, "the sign-in by pasting");
  g_free (answer.location);

  return g_strdup (ado_connect_page_get_last_account_id (ADO_CONNECT_PAGE (ado_window_get_page (f->window,
                                                                                                  ADO_STEP_CONNECT))));
}

static GtkWidget *
accounts_child (Fixture    *f,
                const char *id)
{
  GtkWidget *widget = ado_test_find_by_id (ado_window_get_page (f->window, ADO_STEP_ACCOUNTS), id);

  g_assert_nonnull (widget);
  return widget;
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
  g_autofree char *secret = lookup_secret ("client-secret", "client_id", ADO_DEMO_CLIENT_ID);

  return g_str_equal (secret, "amzn1.oa2-cs.v1.rotated");
}

static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
error_shown (gpointer data)
{
  Fixture *f = data;

  return gtk_revealer_get_reveal_child (GTK_REVEALER (accounts_child (f, "error_revealer")));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
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
  ado_test_wait_until (reached_verify, f, "the sign-in through Chromium");

  page = ADO_CONNECT_PAGE (ado_window_get_page (f->window, ADO_STEP_CONNECT));
  account_id = ado_connect_page_get_last_account_id (page);
  g_assert_nonnull (account_id);
  g_assert_true (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));

  /* Read back with the documented attributes */
  refresh = lookup_secret ("refresh-token", "account_id", account_id);
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
  GtkWidget *paste;
  GtkWidget *message;
  Fetch answer;

  use_capturing_browser (f);
  type_secret_in_client_step (f);
  sign_in (f);
  ado_test_wait_until (is_waiting, f, "the waiting state");

  /* The browser got the same address the window shows */
  url = captured_url (f);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (connect_child (f, "url_row"))), ==, url);
  time_left = g_strdup (gtk_label_get_label (GTK_LABEL (connect_child (f, "time_left_label"))));
  /* The default wait: a quarter of an hour, not the code's five minutes */
  g_assert_true (g_regex_match_simple ("^1[0-5]:[0-5][0-9] left$", time_left, 0, 0));
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-waiting");

  /* Something else pasted: explained, still waiting */
  paste = connect_child (f, "paste_row");
  message = connect_child (f, "paste_message");
  gtk_editable_set_text (GTK_EDITABLE (paste), "https://amazon.com/?code=abc&state=not-this-one");
  g_signal_emit_by_name (paste, "apply");
  ado_test_spin (20);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "another sign-in attempt"));
  g_assert_cmpstr (mode (f), ==, "waiting");

  /* The address bar after Allow */
  answer = fetch (url);
  g_assert_cmpuint (answer.status, ==, 302);
  g_assert_true (g_str_has_prefix (answer.location, "https://amazon.com"));
  gtk_editable_set_text (GTK_EDITABLE (paste), answer.location);
  g_signal_emit_by_name (paste, "apply");
  ado_test_wait_until (reached_verify, f, "the sign-in by pasting");
  g_assert_true (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
  g_free (answer.location);
}

static void
test_denied (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *url = NULL;
  Fetch answer;
  Fetch landing;
  const char *message;

  use_capturing_browser (f);
  type_secret_in_client_step (f);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_DENY, 1);
  sign_in (f);
  ado_test_wait_until (is_waiting, f, "the waiting state");

  /* The browser follows Amazon's refusal back to the listener */
  url = captured_url (f);
  answer = fetch (url);
  g_assert_nonnull (strstr (answer.location, "error=access_denied"));
  landing = fetch (answer.location);
  g_assert_cmpuint (landing.status, ==, 200);

  ado_test_wait_until (shows_error, f, "the error");
  message = gtk_label_get_label (GTK_LABEL (connect_child (f, "error_label")));
  g_assert_nonnull (strstr (message, "Access was not allowed"));
  g_assert_false (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
  /* What was typed is kept for the next try */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (connect_child (f, "client_secret_row"))),
                   ==, ADO_DEMO_CLIENT_SECRET);
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-error");

  g_free (answer.location);
  g_free (landing.location);
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocket) blocker = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, f->port);
  g_autofree char *port = g_strdup_printf ("Port %d is in use", f->port);

  g_assert_true (g_socket_bind (blocker, address, TRUE, NULL));
  g_assert_true (g_socket_listen (blocker, NULL));

  use_capturing_browser (f);
  type_secret_in_client_step (f);
  sign_in (f);
  ado_test_wait_until (shows_error, f, "the error");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (connect_child (f, "error_label"))), port));
  /* Nothing was opened */
  g_assert_false (g_file_test (f->browser_out, G_FILE_TEST_EXISTS));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  use_capturing_browser (f);
  type_secret_in_client_step (f);
  sign_in (f);
  ado_test_wait_until (is_waiting, f, "the waiting state");

  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_CONNECT),
                                             "connect.cancel", NULL));
  ado_test_wait_until (is_form, f, "the form");

  /* Cancel is no error, and the port is closed */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (connect_child (f, "error_revealer"))));
  g_assert_false (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
  g_assert_cmpuint (fetch (f->redirect_uri).status, ==, SOUP_STATUS_NONE);
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

  use_capturing_browser (f);
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
  ado_test_wait_until (file_written, export_path, "the export");
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
  ado_test_wait_until (file_written, airbyte_path, "the Airbyte export");
  ado_test_spin (100);
  g_assert_true (g_file_get_contents (airbyte_path, &airbyte, NULL, NULL));
  g_assert_nonnull (strstr (airbyte, "\"auth_type\" : \"oauth2.0\""));
  g_assert_nonnull (strstr (airbyte, "\"region\" : \"NA\""));
  g_assert_cmpint (g_stat (airbyte_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A rotated client secret, entered again */
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_ACCOUNTS),
                                             "accounts.update-secret", "s", account_id));
  ado_test_wait_until (dialog_shown, NULL, "the secret dialog");
  dialog = find_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "  amzn1.oa2-cs.v1.rotated\n");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ado_test_wait_until (secret_rotated, NULL, "the new secret in the keyring");

  /* Forget: after a confirmation that says what it does not do */
  refresh = lookup_secret ("refresh-token", "account_id", account_id);
  g_assert_true (g_str_has_prefix (refresh, "Atzr|"));
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_ACCOUNTS),
                                             "accounts.forget", "s", account_id));
  ado_test_wait_until (dialog_shown, NULL, "the confirmation");
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "does not revoke"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "amazon.com/ap/adam"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "Manage apps & services with data access"));
  adw_message_dialog_response (dialog, "forget");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ado_test_wait_until (accounts_empty, f, "the empty list");
  g_assert_false (ado_progress_is_step_done (f->progress, ADO_STEP_ACCOUNTS));

  after = lookup_secret ("refresh-token", "account_id", account_id);
  g_assert_cmpstr (after, ==, "");
}

static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *refresh_before = NULL;
  g_autofree char *refresh_after = NULL;

  use_capturing_browser (f);
  type_secret_in_client_step (f);
  first = sign_in_by_pasting (f);
  refresh_before = lookup_secret ("refresh-token", "account_id", first);

  /* Reconnect: the same account gets new tokens */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reconnect", "s", first));
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_CONNECT);
  second = sign_in_by_pasting (f);
  g_assert_cmpstr (second, ==, first);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (f->registry), ==, 1);
  refresh_after = lookup_secret ("refresh-token", "account_id", first);
  g_assert_true (g_str_has_prefix (refresh_after, "Atzr|"));
  g_assert_cmpstr (refresh_after, !=, refresh_before);
}

static GtkWidget *
verify_child (Fixture    *f,
              const char *id)
{
  GtkWidget *widget = ado_test_find_by_id (ado_window_get_page (f->window, ADO_STEP_VERIFY), id);

  g_assert_nonnull (widget);
  return widget;
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

  use_capturing_browser (f);
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
                            "View-and-Edit"));

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

  /* Default profile: saved with the account, used by the first call */
  /* Chosen with the row's radio button, as a person would */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (g_object_get_data (G_OBJECT (big_row), "ado-check")),
                               TRUE);
  ado_test_wait_until (default_saved, f, "the default profile in the registry");
  /* With what exports need of it, so that they ask Amazon nothing */
  g_assert_true (g_file_get_contents (f->registry_path, &registry, NULL, NULL));
  g_assert_nonnull (strstr (registry, "default_profile_region=na\n"));
  g_assert_nonnull (strstr (registry, "default_profile_country=US\n"));
  g_assert_nonnull (strstr (registry, "default_profile_type=seller\n"));
  curl = g_strdup (gtk_label_get_label (GTK_LABEL (verify_child (f, "curl_label"))));
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

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  app = adw_application_new ("io.github.adsonboarding.AdsOnboarding.ConnectTests",
                             G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/adsonboarding/AdsOnboarding");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/connect/browser-round-trip", test_browser_round_trip, NULL);
  ADD ("/ado/connect/paste-address", test_paste_address, "https://amazon.com");
  ADD ("/ado/connect/denied", test_denied, NULL);
  ADD ("/ado/connect/port-in-use", test_port_in_use, NULL);
  ADD ("/ado/connect/cancel", test_cancel, NULL);
  ADD ("/ado/connect/accounts-page", test_accounts_page, "https://amazon.com");
  ADD ("/ado/connect/reconnect", test_reconnect, "https://amazon.com");
  ADD ("/ado/connect/verify-profiles", test_verify_profiles, "https://amazon.com");

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
