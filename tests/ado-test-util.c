/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "ado-test-util.h"

/* What the window tests share, over ado-test-core: finding template
 * children and dialogs, the clipboard, screenshots, the Connect step, and
 * the fixtures of the window tests and of the tests that sign in. */

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

void
ado_test_append_text (GtkWidget *widget,
                      gboolean   shown_only,
                      GString   *text)
{
  if (shown_only && !gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ado_test_append_text (child, shown_only, text);

  /* A closed expander keeps its child out of the widget tree */
  if (!shown_only && GTK_IS_EXPANDER (widget) &&
      !gtk_expander_get_expanded (GTK_EXPANDER (widget)) &&
      gtk_expander_get_child (GTK_EXPANDER (widget)) != NULL)
    ado_test_append_text (gtk_expander_get_child (GTK_EXPANDER (widget)), shown_only, text);
}

void
ado_test_activate (AdoWindow  *window,
                   GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  /* Actions installed on a widget class do not take a floating reference */
  g_autoptr(GVariant) owned = param != NULL ? g_variant_ref_sink (param) : NULL;

  if (widget == NULL)
    widget = GTK_WIDGET (window);
  g_assert_true (gtk_widget_activate_action_variant (widget, action, owned));
  ado_test_spin (10);
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

static void
window_fixture_open_settings (AdoTestWindowFixture *f)
{
  f->backend = f->settings_path != NULL
               ? g_keyfile_settings_backend_new (f->settings_path, "/", NULL)
               : g_memory_settings_backend_new ();
  f->settings = g_settings_new_with_backend (APP_ID, f->backend);
  f->progress = ado_progress_new (f->settings);
}

void
ado_test_window_fixture_set_up (AdoTestWindowFixture *f,
                                const char           *tmpdir_template,
                                gboolean              in_key_file)
{
  g_autofree char *registry_path = NULL;
  g_autoptr(GFile) registry_file = NULL;

  f->tmpdir = g_dir_make_tmp (tmpdir_template, NULL);
  g_assert_nonnull (f->tmpdir);
  f->browser_out = g_build_filename (f->tmpdir, "opened", NULL);
  if (in_key_file)
    f->settings_path = g_build_filename (f->tmpdir, "settings.ini", NULL);

  /* The "browser" writes the address it was given into a file */
  ado_test_use_capturing_browser (f->browser_out);

  registry_path = g_build_filename (f->tmpdir, "accounts.ini", NULL);
  registry_file = g_file_new_for_path (registry_path);
  f->store = ado_credential_store_new (FALSE);
  f->registry = ado_account_registry_new_for_file (registry_file);
  window_fixture_open_settings (f);
}

void
ado_test_window_fixture_new_window (AdoTestWindowFixture *f,
                                    int                   width,
                                    int                   height)
{
  g_autoptr(AdoAccounts) accounts = NULL;

  g_settings_set_int (f->settings, "window-width", width);
  g_settings_set_int (f->settings, "window-height", height);
  g_clear_object (&f->progress);
  f->progress = ado_progress_new (f->settings);
  accounts = ado_accounts_new_for_storage (f->store, f->registry);
  f->window = ado_window_new (ADW_APPLICATION (g_application_get_default ()),
                              f->progress, accounts);
  gtk_window_present (GTK_WINDOW (f->window));
  ado_test_wait_until (ado_test_is_drawn, f->window, "the window to be drawn");
  ado_test_spin (50);
}

void
ado_test_window_fixture_close_settings (AdoTestWindowFixture *f)
{
  g_clear_object (&f->progress);
  if (f->settings != NULL)
    g_settings_sync ();
  g_clear_object (&f->settings);
  g_clear_object (&f->backend);
}

void
ado_test_window_fixture_reopen_settings (AdoTestWindowFixture *f)
{
  g_assert_null (f->settings);
  window_fixture_open_settings (f);
}

void
ado_test_window_fixture_tear_down (AdoTestWindowFixture *f)
{
  ado_test_destroy_window (&f->window);
  ado_test_window_fixture_close_settings (f);
  g_clear_object (&f->store);
  g_clear_object (&f->registry);
  ado_test_remove_dir (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->browser_out, g_free);
  g_clear_pointer (&f->settings_path, g_free);
  g_unsetenv ("ADS_ONBOARDING_BROWSER");
}
