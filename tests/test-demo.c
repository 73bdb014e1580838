/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "ado-application.h"
#include "demo/ado-demo-server.h"
#include "ui/ado-window.h"

#include "ado-test-util.h"

/*
 * ads-onboarding --demo: the real application, its window marked Demo,
 * signing in against the built-in imitation through its consent page,
 * with demo credentials kept apart from real ones.
 */

static char *config_dir;
static char *browser_out;

static gboolean
has_window (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (data);

  return window != NULL && ado_test_is_drawn (window);
}

static gboolean
browser_wrote (gpointer data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (browser_out, &contents, NULL, NULL) && contents[0] != '\0';
}

static gboolean
reached_verify (gpointer data)
{
  return ado_window_get_visible_step (data) == ADO_STEP_VERIFY;
}

/* Sign In is enabled once the demo secret is found in the keyring: try
 * until the browser is opened */
static gboolean
sign_in_started (gpointer data)
{
  GtkWidget *page = ado_window_get_page (data, ADO_STEP_CONNECT);

  gtk_widget_activate_action (page, "connect.sign-in", NULL);
  ado_test_spin (50);
  return g_file_test (browser_out, G_FILE_TEST_EXISTS);
}

typedef struct
{
  guint     status;
  char     *location;
  char     *body;
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
  if (body != NULL)
    fetch->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  fetch->done = TRUE;
}

static gboolean
fetch_done (gpointer data)
{
  return ((Fetch *)data)->done;
}

static Fetch
fetch (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Fetch result = { 0 };

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &result);
  ado_test_wait_until (fetch_done, &result, "the HTTP request");
  return result;
}

static char *
search_items (const char *attribute,
              const char *value)
{
  const char *argv[] = { "secret-tool", "search", "--all", "demo", "true", attribute, value, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, &err, NULL, NULL));

  /* secret-tool splits what it prints between stdout and stderr */
  return g_strconcat (out, err, NULL);
}

static void
test_demo_sign_in (void)
{
  g_autoptr(AdoApplication) app = ado_application_new (TRUE);
  g_autofree char *consent_url = NULL;
  g_autofree char *allow_url = NULL;
  g_autofree char *registry = NULL;
  g_autofree char *real_registry = NULL;
  g_autofree char *items = NULL;
  g_autoptr(GUri) consent = NULL;
  GtkWidget *banner;
  AdoWindow *window;
  const char *href;
  Fetch page;
  Fetch allowed;
  Fetch landing;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_activate (G_APPLICATION (app));
  ado_test_wait_until (has_window, app, "the demo window");
  window = ADO_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  /* Marked as a demo */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Ads Onboarding (Demo)");
  banner = ado_test_find_by_id (GTK_WIDGET (window), "demo_banner");
  g_assert_true (gtk_widget_get_visible (banner));

  /* The demo client is filled in, its secret in the demo keyring */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-step", "s", "connect");
  ado_test_wait_until (sign_in_started, window, "the sign-in to start");

  /* The imitation shows a consent page first, like Amazon */
  ado_test_wait_until (browser_wrote, NULL, "the browser");
  g_assert_true (g_file_get_contents (browser_out, &consent_url, NULL, NULL));
  page = fetch (consent_url);
  g_assert_cmpuint (page.status, ==, 200);
  href = strstr (page.body, "id=\"allow\" href=\"");
  g_assert_nonnull (href);
  href += strlen ("id=\"allow\" href=\"");
  consent = g_uri_parse (consent_url, G_URI_FLAGS_NONE, NULL);
  allow_url = g_strdup_printf ("http://%s:%d%.*s", g_uri_get_host (consent), g_uri_get_port (consent),
                               (int)(strchr (href, '"') - href), href);
  allowed = fetch (allow_url);
  g_assert_cmpuint (allowed.status, ==, 302);
  landing = fetch (allowed.location);
  g_assert_cmpuint (landing.status, ==, 200);

  ado_test_wait_until (reached_verify, window, "the sign-in");

  /* Demo credentials never mix with real ones */
  registry = g_build_filename (config_dir, "ads-onboarding", "accounts-demo.ini", NULL);
  real_registry = g_build_filename (config_dir, "ads-onboarding", "accounts.ini", NULL);
  g_assert_true (g_file_test (registry, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (real_registry, G_FILE_TEST_EXISTS));
  items = search_items ("kind", "refresh-token");
  g_assert_nonnull (strstr (items, "attribute.demo = true"));
  g_assert_nonnull (strstr (items, "attribute.kind = refresh-token"));

  ado_test_save_screenshot (GTK_WIDGET (window), "demo-verify");

  gtk_window_destroy (GTK_WINDOW (window));
  ado_test_spin (50);
  g_free (page.body);
  g_free (page.location);
  g_free (allowed.body);
  g_free (allowed.location);
  g_free (landing.body);
  g_free (landing.location);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = g_dir_make_tmp ("ado-demo-XXXXXX", NULL);
  g_autofree char *quoted = NULL;
  g_autofree char *command = NULL;
  int ret;

  /* Before anything asks GLib where the configuration lives */
  config_dir = g_build_filename (tmpdir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  browser_out = g_build_filename (tmpdir, "opened", NULL);
  quoted = g_shell_quote (browser_out);
  command = g_strdup_printf ("sh -c 'printf %%s \"$1\" > %s' sh", quoted);
  g_setenv ("ADS_ONBOARDING_BROWSER", command, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ado/demo/sign-in", test_demo_sign_in);
  ret = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, (char **)rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (config_dir);
  g_free (browser_out);
  return ret;
}
