/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

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
  AdoTestFetch page;
  AdoTestFetch allowed;
  AdoTestFetch landing;

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
  consent_url = ado_test_wait_for_browser (browser_out);
  page = ado_test_fetch (consent_url);
  g_assert_cmpuint (page.status, ==, 200);
  href = strstr (page.body, "id=\"allow\" href=\"");
  g_assert_nonnull (href);
  href += strlen ("id=\"allow\" href=\"");
  consent = g_uri_parse (consent_url, G_URI_FLAGS_NONE, NULL);
  allow_url = g_strdup_printf ("http://%s:%d%.*s", g_uri_get_host (consent), g_uri_get_port (consent),
                               (int)(strchr (href, '"') - href), href);
  allowed = ado_test_fetch (allow_url);
  g_assert_cmpuint (allowed.status, ==, 302);
  landing = ado_test_fetch (allowed.location);
  g_assert_cmpuint (landing.status, ==, 200);

  ado_test_wait_until (ado_test_reached_verify, window, "the sign-in");

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
  ado_test_fetch_clear (&page);
  ado_test_fetch_clear (&allowed);
  ado_test_fetch_clear (&landing);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpdir = g_dir_make_tmp ("ado-demo-XXXXXX", NULL);
  int ret;

  /* Before anything asks GLib where the configuration lives */
  config_dir = g_build_filename (tmpdir, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  browser_out = g_build_filename (tmpdir, "opened", NULL);
  ado_test_use_capturing_browser (browser_out);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ado/demo/sign-in", test_demo_sign_in);
  ret = g_test_run ();

  ado_test_remove_dir (tmpdir);
  g_free (config_dir);
  g_free (browser_out);
  return ret;
}
