/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "demo/ado-demo-server.h"
#include "ui/ado-connect-page.h"
#include "ui/ado-window.h"

#include "ado-test-util.h"

/*
 * Step 4 in the real window, against the imitation of Login with Amazon:
 * on the data provider path, the three regional sign-ins of the checklist
 * (Amazon asks for the audiences grant once per regional authorization
 * URL); and the legacy campaign scope of clients approved before October
 * 2020. The browser is a command that writes down the address it was
 * given; the test then does what a browser would.
 */

#define LEGACY_SCOPE "cpc_advertising:campaign_management"

static AdwApplication *app;

static const char * const region_ids[] = { "na", "eu", "fe" };

typedef AdoTestConnectFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  gboolean data_provider = GPOINTER_TO_INT (data);
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *regional_auth_url = NULL;

  ado_test_connect_fixture_set_up (f, "ado-connect-regions-XXXXXX", NULL);

  /* Each region's authorization URL is told apart by a parameter that the
   * imitation ignores */
  auth_url = ado_demo_server_dup_auth_url (f->server);
  regional_auth_url = g_strdup_printf ("%s?ado_test_region={region}", auth_url);
  g_setenv ("ADS_ONBOARDING_AUTH_URL", regional_auth_url, TRUE);

  ado_test_use_capturing_browser (f->browser_out);

  settings = g_settings_new_with_backend (APP_ID, f->backend);
  g_settings_set_boolean (settings, "has-access", TRUE);
  g_settings_set_boolean (settings, "data-provider", data_provider);

  ado_test_connect_fixture_open_window (f, app);

  /* The secret as typed in the Connect step */
  gtk_editable_set_text (GTK_EDITABLE (ado_test_page_child (f->window, ADO_STEP_CONNECT,
                                                            "client_secret_row")),
                         ADO_DEMO_CLIENT_SECRET);
  /* The permissions and Amazon's messages are one tap away: open them */
  gtk_expander_set_expanded (GTK_EXPANDER (ado_test_page_child (f->window, ADO_STEP_CONNECT,
                                                                "more_expander")), TRUE);
  gtk_expander_set_expanded (GTK_EXPANDER (ado_test_page_child (f->window, ADO_STEP_CONNECT,
                                                                "waiting_more_expander")), TRUE);
  ado_test_spin (20);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ado_test_connect_fixture_tear_down (f);
}

static GtkWidget *
connect_page (Fixture *f)
{
  return ado_window_get_page (f->window, ADO_STEP_CONNECT);
}

static GtkWidget *
connect_child (Fixture    *f,
               const char *id)
{
  return ado_test_page_child (f->window, ADO_STEP_CONNECT, id);
}

static GtkWidget *
region_child (Fixture    *f,
              const char *region,
              const char *what)
{
  g_autofree char *id = g_strdup_printf ("%s_region_row", region);
  GtkWidget *row = connect_child (f, id);

  /* The check mark and the button are the row's own */
  return g_str_equal (what, "row") ? row : ado_test_find_by_id (row, what);
}

/* Starts a sign-in with @action (and @region as its target, if any) and
 * returns the query of the authorization URL the browser was given */
static GHashTable *
start_sign_in (Fixture    *f,
               const char *action,
               const char *region,
               char      **url_out)
{
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *query;

  g_unlink (f->browser_out);
  if (region != NULL)
    g_assert_true (gtk_widget_activate_action (connect_page (f), action, "s", region));
  else
    g_assert_true (gtk_widget_activate_action (connect_page (f), action, NULL));
  ado_test_wait_until (ado_test_connect_is_waiting, f->window, "the waiting state");
  url = ado_test_wait_for_browser (f->browser_out);

  /* The window shows the address the browser got */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (connect_child (f, "url_row"))),
                   ==, url);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &error);
  g_assert_no_error (error);
  query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (query, "client_id"), ==, ADO_DEMO_CLIENT_ID);

  if (url_out != NULL)
    *url_out = g_steal_pointer (&url);
  return query;
}

/* Allow on the consent page; the browser follows the answer to this computer */
static void
allow (Fixture    *f,
       const char *url)
{
  AdoTestFetch answer = ado_test_fetch (url);
  AdoTestFetch landing;

  g_assert_cmpuint (answer.status, ==, 302);
  g_assert_true (g_str_has_prefix (answer.location, f->redirect_uri));
  g_assert_nonnull (strstr (answer.location, "code="));
  landing = ado_test_fetch (answer.location);
  g_assert_cmpuint (landing.status, ==, 200);

  ado_test_fetch_clear (&answer);
  ado_test_fetch_clear (&landing);
}

typedef struct
{
  Fixture    *f;
  const char *region;
} RegionWait;

static gboolean
region_recorded (gpointer data)
{
  RegionWait *wait = data;
  g_autofree char *account_id = ado_progress_dup_region_account (wait->f->progress, wait->region);

  return account_id != NULL && ado_test_connect_is_form (wait->f->window);
}

static gboolean
reached_verify (gpointer data)
{
  Fixture *f = data;

  return ado_test_reached_verify (f->window) && ado_test_connect_is_form (f->window);
}

static gboolean
row_shows_done (Fixture    *f,
                const char *region)
{
  GtkWidget *row = region_child (f, region, "row");
  GtkWidget *button = region_child (f, region, "button");

  g_autofree char *name = gtk_test_accessible_check_property (GTK_ACCESSIBLE (region_child (f, region, "done")),
                                                              GTK_ACCESSIBLE_PROPERTY_LABEL, "");

  /* The check mark says the region and that it is signed in */
  return gtk_widget_get_visible (region_child (f, region, "done")) &&
         name != NULL && g_str_has_suffix (name, ": signed in") &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Signed in") != NULL &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (button)), "view-refresh-symbolic") == 0 &&
         g_str_has_suffix (gtk_widget_get_tooltip_text (button), " again");
}

/* Screenshots show the checklist, below the client's fields */
static void
scroll_to (Fixture    *f,
           const char *id)
{
  GtkWidget *widget = connect_child (f, id);
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  double x = 0, y = 0;

  ado_test_spin (100);
  g_assert_true (gtk_widget_translate_coordinates (widget, content, 0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, y - 12);
}

static void
assert_scope_is (GHashTable *query,
                 const char *expected)
{
  g_assert_cmpstr (g_hash_table_lookup (query, "scope"), ==, expected);
}

/* Tests */

static void
test_three_regions (Fixture       *f,
                    gconstpointer  data)
{
  char *accounts[G_N_ELEMENTS (region_ids)] = { NULL, };
  g_autofree char *again_url = NULL;
  g_autoptr(GHashTable) again = NULL;
  guint tokens_before;

  /* The checklist instead of the region to choose */
  g_assert_true (gtk_widget_get_visible (connect_child (f, "regions_group")));
  g_assert_false (gtk_widget_get_visible (connect_child (f, "region_group")));
  g_assert_true (gtk_widget_get_visible (connect_child (f, "audiences_scope_row")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (connect_child (f, "sign_in_button"))),
                   ==, "Sign In to North America");
  for (guint i = 0; i < G_N_ELEMENTS (region_ids); i++)
    g_assert_false (row_shows_done (f, region_ids[i]));
  g_assert_false (ado_page_get_complete (ADO_PAGE (connect_page (f))));
  scroll_to (f, "regions_group");
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-regions-1280");

  /* Sign In runs North America, Europe and the Far East in turn */
  for (guint i = 0; i < G_N_ELEMENTS (region_ids); i++)
    {
      g_autofree char *url = NULL;
      g_autoptr(GHashTable) query = NULL;
      const char *scopes_text;
      RegionWait wait = { f, region_ids[i] };

      g_test_message ("Signing in to %s", region_ids[i]);
      query = start_sign_in (f, "connect.sign-in", NULL, &url);
      g_assert_cmpstr (g_hash_table_lookup (query, "ado_test_region"), ==, region_ids[i]);
      assert_scope_is (query, "advertising::campaign_management advertising::audiences");

      /* The waiting state says what Amazon will ask for */
      scopes_text = gtk_label_get_label (GTK_LABEL (connect_child (f, "waiting_scopes_label")));
      g_assert_nonnull (strstr (scopes_text, "Amazon will ask you to allow"));
      g_assert_nonnull (strstr (scopes_text, "advertising::campaign_management"));
      g_assert_nonnull (strstr (scopes_text, "advertising::audiences"));
      if (i == 1)
        ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-regions-waiting");

      allow (f, url);
      ado_test_wait_until (region_recorded, &wait, "the region's sign-in");
      g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server), ==, i + 1);
      g_assert_cmpuint (ado_demo_server_get_authorization_request_count (f->server), ==, i + 1);

      accounts[i] = ado_progress_dup_region_account (f->progress, region_ids[i]);

      /* Done marks for the regions signed in, and only for them */
      for (guint j = 0; j < G_N_ELEMENTS (region_ids); j++)
        g_assert_true (row_shows_done (f, region_ids[j]) == (j <= i));

      if (i + 1 < G_N_ELEMENTS (region_ids))
        {
          /* Not done yet: the step stays on Connect */
          g_assert_false (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
          g_assert_false (ado_page_get_complete (ADO_PAGE (connect_page (f))));
          g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_CONNECT);
        }
    }

  /* Three sign-ins, three token requests, one account per region */
  ado_test_wait_until (reached_verify, f, "the Verify step");
  g_assert_true (ado_progress_is_step_done (f->progress, ADO_STEP_CONNECT));
  g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server), ==, 3);
  g_assert_cmpuint (ado_demo_server_get_authorization_request_count (f->server), ==, 3);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (f->registry), ==, 3);
  g_assert_cmpstr (accounts[0], !=, accounts[1]);
  g_assert_cmpstr (accounts[1], !=, accounts[2]);
  g_assert_cmpstr (accounts[0], !=, accounts[2]);
  for (guint i = 0; i < G_N_ELEMENTS (region_ids); i++)
    {
      AdoAccount *account = ado_account_registry_get_account (f->registry, accounts[i]);
      g_autofree char *refresh = ado_test_lookup_secret ("refresh-token", "account_id",
                                                         accounts[i]);

      g_assert_nonnull (account);
      g_assert_cmpstr (ado_account_get_region (account), ==, region_ids[i]);
      g_assert_nonnull (strstr (ado_account_get_scope (account), "advertising::audiences"));
      g_assert_true (g_str_has_prefix (refresh, "Atzr|"));
    }

  /* A restart: the checklist is read back from the settings */
  ado_test_connect_fixture_close_window (f);
  ado_test_connect_fixture_open_window (f, app);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "connect");
  ado_test_spin (50);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_CONNECT);
  for (guint i = 0; i < G_N_ELEMENTS (region_ids); i++)
    {
      g_autofree char *account_id = ado_progress_dup_region_account (f->progress, region_ids[i]);

      g_assert_cmpstr (account_id, ==, accounts[i]);
      g_assert_true (row_shows_done (f, region_ids[i]));
    }
  g_assert_true (ado_page_get_complete (ADO_PAGE (connect_page (f))));
  g_assert_false (gtk_widget_get_visible (connect_child (f, "sign_in_button")));
  g_assert_cmpint (ado_progress_get_step_state (f->progress, ADO_STEP_CONNECT), ==,
                   ADO_STEP_STATE_DONE);
  scroll_to (f, "regions_group");
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-regions-done-1280");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 760);
  ado_test_spin (300);
  scroll_to (f, "regions_group");
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-regions-done-360");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  ado_test_spin (300);

  /* Reconnect from the Accounts page: Sign In leads to that account's region */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reconnect", "s",
                                             accounts[2]));
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_CONNECT);
  g_assert_true (gtk_widget_get_visible (connect_child (f, "sign_in_button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (connect_child (f, "sign_in_button"))),
                   ==, "Sign In to Far East");

  /* One region again: its own account is reconnected, nothing is added */
  gtk_editable_set_text (GTK_EDITABLE (connect_child (f, "client_secret_row")),
                         ADO_DEMO_CLIENT_SECRET);
  tokens_before = ado_demo_server_get_token_request_count (f->server);
  again = start_sign_in (f, "connect.sign-in-region", "eu", &again_url);
  g_assert_cmpstr (g_hash_table_lookup (again, "ado_test_region"), ==, "eu");
  assert_scope_is (again, "advertising::campaign_management advertising::audiences");
  allow (f, again_url);
  ado_test_wait_until (ado_test_connect_is_form, f->window, "the form");
  ado_test_spin (50);
  g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server), ==, tokens_before + 1);
  g_assert_cmpstr (ado_connect_page_get_last_account_id (ADO_CONNECT_PAGE (connect_page (f))),
                   ==, accounts[1]);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (f->registry), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (region_ids); i++)
    {
      g_autofree char *account_id = ado_progress_dup_region_account (f->progress, region_ids[i]);

      g_assert_cmpstr (account_id, ==, accounts[i]);
      g_free (accounts[i]);
    }
}

static void
test_legacy_scope (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) standard = NULL;
  g_autoptr(GHashTable) legacy = NULL;
  g_autofree char *url = NULL;
  GtkWidget *campaign_row = connect_child (f, "campaign_scope_row");
  AdoConnectPage *page = ADO_CONNECT_PAGE (connect_page (f));
  const char *scopes_text;
  AdoAccount *account;

  /* Without the data provider path: the region to choose, no checklist */
  g_assert_true (gtk_widget_get_visible (connect_child (f, "region_group")));
  g_assert_false (gtk_widget_get_visible (connect_child (f, "regions_group")));
  g_assert_false (gtk_widget_get_visible (connect_child (f, "audiences_scope_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (campaign_row)), ==,
                   "advertising::campaign_management");

  /* The switch off: today's scope */
  standard = start_sign_in (f, "connect.sign-in", NULL, NULL);
  assert_scope_is (standard, "advertising::campaign_management");
  g_assert_cmpstr (g_hash_table_lookup (standard, "ado_test_region"), ==, "na");
  g_assert_true (gtk_widget_activate_action (connect_page (f), "connect.cancel", NULL));
  ado_test_wait_until (ado_test_connect_is_form, f->window, "the form");

  /* On: the legacy scope, shown and asked for, and kept */
  gtk_switch_set_active (GTK_SWITCH (connect_child (f, "legacy_scope_switch")), TRUE);
  ado_test_spin (20);
  g_assert_true (g_settings_get_boolean (f->settings, "legacy-scope"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (campaign_row)), ==, LEGACY_SCOPE);

  legacy = start_sign_in (f, "connect.sign-in", NULL, &url);
  assert_scope_is (legacy, LEGACY_SCOPE);
  g_assert_nonnull (strstr (url, "scope=cpc_advertising%3Acampaign_management&"));
  scopes_text = gtk_label_get_label (GTK_LABEL (connect_child (f, "waiting_scopes_label")));
  g_assert_nonnull (strstr (scopes_text, LEGACY_SCOPE));
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-legacy-waiting");

  allow (f, url);
  ado_test_wait_until (reached_verify, f, "the Verify step");
  account = ado_account_registry_get_account (f->registry,
                                              ado_connect_page_get_last_account_id (page));
  g_assert_nonnull (account);
  g_assert_cmpstr (ado_account_get_scope (account), ==, LEGACY_SCOPE);
  /* One sign-in: no checklist on this path */
  g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server), ==, 1);

  /* A restart keeps the choice */
  ado_test_connect_fixture_close_window (f);
  ado_test_connect_fixture_open_window (f, app);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", "connect");
  ado_test_spin (50);
  gtk_expander_set_expanded (GTK_EXPANDER (connect_child (f, "more_expander")), TRUE);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (connect_child (f, "legacy_scope_switch"))));
  campaign_row = connect_child (f, "campaign_scope_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (campaign_row)), ==, LEGACY_SCOPE);
  scroll_to (f, "scopes_group");
  ado_test_save_screenshot (GTK_WIDGET (f->window), "connect-legacy-1280");
}

static void
test_start_over (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *account_id = NULL;

  ado_progress_set_region_account (f->progress, "na", "abcdefgh");
  ado_progress_set_region_account (f->progress, "eu", "bcdefghi");
  ado_progress_set_region_account (f->progress, "eu", NULL);
  ado_progress_set_legacy_scope (f->progress, TRUE);
  ado_test_spin (20);
  g_assert_true (row_shows_done (f, "na"));
  g_assert_false (row_shows_done (f, "eu"));
  g_assert_cmpint (ado_progress_get_step_state (f->progress, ADO_STEP_CONNECT), ==,
                   ADO_STEP_STATE_IN_PROGRESS);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (connect_child (f, "sign_in_button"))),
                   ==, "Sign In to Europe");

  /* Start over forgets the regions, not the client's legacy scope */
  ado_progress_reset (f->progress);
  ado_test_spin (20);
  account_id = ado_progress_dup_region_account (f->progress, "na");
  g_assert_null (account_id);
  g_assert_false (row_shows_done (f, "na"));
  g_assert_true (ado_progress_get_legacy_scope (f->progress));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The accessibility checks read what a screen reader would be told */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = ado_test_application_new ("io.github.adsonboarding.AdsOnboarding.ConnectRegionsTests");

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/connect-regions/three-regions", test_three_regions, GINT_TO_POINTER (TRUE));
  ADD ("/ado/connect-regions/legacy-scope", test_legacy_scope, GINT_TO_POINTER (FALSE));
  ADD ("/ado/connect-regions/start-over", test_start_over, GINT_TO_POINTER (TRUE));

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
