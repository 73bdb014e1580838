/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ado-test-util.h"

/* What the window tests share: waiting without hanging, finding template
 * children and dialogs, the clipboard, screenshots, free ports, the
 * capturing browser, HTTP as a browser does it, the keyring, and the
 * fixture of the tests that sign in. */

static gboolean
timeout_cb (gpointer data)
{
  gboolean *flag = data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

void
ado_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
ado_test_wait_until (AdoTestCondition  condition,
                     gpointer          data,
                     const char       *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

gboolean
ado_test_is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

GtkWidget *
ado_test_find_by_id (GtkWidget  *root,
                     const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *child_id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (child));
      GtkWidget *found;

      if (g_strcmp0 (child_id, id) == 0)
        return child;
      if ((found = ado_test_find_by_id (child, id)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
port_is_free (int port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return g_socket_bind (socket, address, TRUE, NULL);
}

/**
 * ado_test_free_port:
 *
 * Returns: a TCP port on 127.0.0.1 that nothing listens on right now, nor
 *   on the next one (the spare return URL's). Below the ports the system
 *   gives outgoing connections: no client of a test running beside (some
 *   open a thousand) takes it meanwhile.
 */
int
ado_test_free_port (void)
{
  g_autofree char *range = NULL;
  int lowest_ephemeral = 32768;

  if (g_file_get_contents ("/proc/sys/net/ipv4/ip_local_port_range", &range, NULL, NULL))
    lowest_ephemeral = MAX (atoi (range), 12000);

  for (guint i = 0; i < 1000; i++)
    {
      int port = g_random_int_range (10000, lowest_ephemeral - 1);

      if (port_is_free (port) && port_is_free (port + 1))
        return port;
    }

  g_error ("No two free ports in a row below %d", lowest_ephemeral);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *)data)->done;
}

char *
ado_test_read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget),
                                 NULL, clipboard_read_cb, &read);
  ado_test_wait_until (clipboard_read_done, &read, "the clipboard");
  return read.text;
}

void
ado_test_save_screenshot (GtkWidget  *widget,
                          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) back = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* Let the last change reach the screen first */
  ado_test_spin (400);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  /* A slow machine (or a sanitizer build) may not have drawn yet: the
   * paintable is empty until the window's next frame */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
      if (node == NULL)
        {
          gtk_widget_queue_draw (widget);
          ado_test_spin (100);
          width = gtk_widget_get_width (widget);
          height = gtk_widget_get_height (widget);
        }
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  back = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (back);
  g_assert_cmpint (gdk_texture_get_width (back), ==, width);
  g_test_message ("Screenshot: %s", path);
}


gboolean
ado_test_file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

gboolean
ado_test_reached_verify (gpointer window)
{
  return ado_window_get_visible_step (window) == ADO_STEP_VERIFY;
}

GtkWidget *
ado_test_page_child (AdoWindow  *window,
                     AdoStep     step,
                     const char *id)
{
  GtkWidget *widget = ado_test_find_by_id (ado_window_get_page (window, step), id);

  g_assert_nonnull (widget);
  return widget;
}

AdwApplication *
ado_test_application_new (const char *application_id)
{
  AdwApplication *app = adw_application_new (application_id, G_APPLICATION_NON_UNIQUE);

  g_application_set_resource_base_path (G_APPLICATION (app),
                                        "/io/github/adsonboarding/AdsOnboarding");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  return app;
}

void
ado_test_destroy_window (AdoWindow **window)
{
  if (*window == NULL)
    return;

  gtk_window_destroy (GTK_WINDOW (*window));
  *window = NULL;
  ado_test_spin (20);
}

AdwMessageDialog *
ado_test_find_dialog (void)
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
  return ado_test_find_dialog () != NULL;
}

AdwMessageDialog *
ado_test_wait_for_dialog (const char *what)
{
  ado_test_wait_until (dialog_shown, NULL, what);
  return ado_test_find_dialog ();
}

void
ado_test_remove_dir (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

void
ado_test_use_capturing_browser (const char *out_path)
{
  g_autofree char *quoted = g_shell_quote (out_path);
  g_autofree char *command = g_strdup_printf ("sh -c 'printf %%s \"$1\" > %s' sh", quoted);

  g_setenv ("ADS_ONBOARDING_BROWSER", command, TRUE);
}

static gboolean
browser_wrote (gpointer data)
{
  const char *out_path = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (out_path, &contents, NULL, NULL) && contents[0] != '\0';
}

char *
ado_test_wait_for_browser (const char *out_path)
{
  char *contents = NULL;

  ado_test_wait_until (browser_wrote, (gpointer)out_path, "the browser command");
  g_assert_true (g_file_get_contents (out_path, &contents, NULL, NULL));
  return contents;
}

typedef struct
{
  AdoTestFetch *result;
  gboolean      done;
} FetchState;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  FetchState *state = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  state->result->status = soup_message_get_status (msg);
  state->result->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  if (body != NULL)
    state->result->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  state->done = TRUE;
}

static gboolean
fetch_done (gpointer data)
{
  return ((FetchState *)data)->done;
}

AdoTestFetch
ado_test_fetch (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  AdoTestFetch result = { 0, NULL, NULL };
  FetchState state = { &result, FALSE };

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &state);
  ado_test_wait_until (fetch_done, &state, "the HTTP request");
  return result;
}

void
ado_test_fetch_clear (AdoTestFetch *fetch)
{
  g_clear_pointer (&fetch->location, g_free);
  g_clear_pointer (&fetch->body, g_free);
}

char *
ado_test_lookup_secret (const char *kind,
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

const char *
ado_test_connect_mode (AdoWindow *window)
{
  GtkWidget *stack = ado_test_page_child (window, ADO_STEP_CONNECT, "mode_stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

gboolean
ado_test_connect_is_waiting (gpointer window)
{
  return g_strcmp0 (ado_test_connect_mode (window), "waiting") == 0;
}

gboolean
ado_test_connect_is_form (gpointer window)
{
  return g_strcmp0 (ado_test_connect_mode (window), "form") == 0;
}

char *
ado_test_paste_sign_in_address (AdoWindow  *window,
                                const char *url)
{
  GtkWidget *paste = ado_test_page_child (window, ADO_STEP_CONNECT, "paste_row");
  AdoTestFetch answer = ado_test_fetch (url);
  char *location;

  g_assert_cmpuint (answer.status, ==, 302);
  gtk_editable_set_text (GTK_EDITABLE (paste), answer.location);
  g_signal_emit_by_name (paste, "apply");
  ado_test_wait_until (ado_test_reached_verify, window, "the sign-in by pasting");

  location = g_steal_pointer (&answer.location);
  ado_test_fetch_clear (&answer);
  return location;
}

void
ado_test_connect_fixture_set_up (AdoTestConnectFixture *f,
                                 const char            *tmpdir_template,
                                 const char            *redirect_uri)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *api_url = NULL;
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp (tmpdir_template, NULL);
  f->browser_out = g_build_filename (f->tmpdir, "opened", NULL);
  f->registry_path = g_build_filename (f->tmpdir, "accounts.ini", NULL);
  f->port = ado_test_free_port ();
  f->redirect_uri = redirect_uri != NULL
                    ? g_strdup (redirect_uri)
                    : g_strdup_printf ("http://127.0.0.1:%d/callback", f->port);

  f->server = ado_demo_server_new ();
  g_assert_true (ado_demo_server_start (f->server, &error));
  g_assert_no_error (error);
  ado_demo_server_add_client (f->server, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                              (const char * const[]) { f->redirect_uri, NULL });
  auth_url = ado_demo_server_dup_auth_url (f->server);
  token_url = ado_demo_server_dup_token_url (f->server);
  api_url = ado_demo_server_dup_api_url (f->server);
  g_setenv ("ADS_ONBOARDING_AUTH_URL", auth_url, TRUE);
  g_setenv ("ADS_ONBOARDING_TOKEN_URL", token_url, TRUE);
  g_setenv ("ADS_ONBOARDING_API_URL", api_url, TRUE);

  f->backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (APP_ID, f->backend);
  g_settings_set_string (settings, "client-id", ADO_DEMO_CLIENT_ID);
  g_settings_set_string (settings, "redirect-uri", f->redirect_uri);
  g_settings_set_string (settings, "current-step", "connect");
}

void
ado_test_connect_fixture_open_window (AdoTestConnectFixture *f,
                                      AdwApplication        *app)
{
  g_autoptr(GFile) registry_file = g_file_new_for_path (f->registry_path);
  g_autoptr(AdoAccounts) accounts = NULL;

  /* What a restart reads: the settings, the registry file, the keyring */
  f->settings = g_settings_new_with_backend (APP_ID, f->backend);
  f->progress = ado_progress_new (f->settings);
  f->store = ado_credential_store_new (FALSE);
  f->registry = ado_account_registry_new_for_file (registry_file);

  accounts = ado_accounts_new_for_storage (f->store, f->registry);
  f->window = ado_window_new (app, f->progress, accounts);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  ado_test_wait_until (ado_test_is_drawn, f->window, "the window");
}

void
ado_test_connect_fixture_close_window (AdoTestConnectFixture *f)
{
  ado_test_destroy_window (&f->window);
  g_clear_object (&f->progress);
  g_clear_object (&f->store);
  g_clear_object (&f->registry);
  g_clear_object (&f->settings);
}

void
ado_test_connect_fixture_tear_down (AdoTestConnectFixture *f)
{
  ado_test_connect_fixture_close_window (f);
  g_clear_object (&f->backend);
  ado_demo_server_stop (f->server);
  g_clear_object (&f->server);

  ado_test_remove_dir (f->tmpdir);

  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->browser_out, g_free);
  g_clear_pointer (&f->registry_path, g_free);
  g_clear_pointer (&f->redirect_uri, g_free);
  g_unsetenv ("ADS_ONBOARDING_BROWSER");
  g_unsetenv ("ADS_ONBOARDING_AUTH_URL");
  g_unsetenv ("ADS_ONBOARDING_TOKEN_URL");
  g_unsetenv ("ADS_ONBOARDING_API_URL");
}
