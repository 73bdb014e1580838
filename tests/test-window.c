/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "ads/ado-amazon.h"
#include "ui/ado-accounts-page.h"
#include "ui/ado-apply-page.h"
#include "ui/ado-assign-page.h"
#include "ui/ado-client-page.h"
#include "ui/ado-connect-page.h"
#include "ui/ado-data-provider-page.h"
#include "ui/ado-verify-page.h"
#include "ui/ado-welcome-page.h"
#include "ui/ado-window.h"

#include "ado-test-util.h"

#define GOOD_CLIENT_ID "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
#define GOOD_SECRET "amzn1.oa2-cs.v1.feedface0123456789abcdef0123456789abcdef0123456789abcdef0123"
#define APPROVAL_LINK "https://advertising.amazon.com/api-access/assign?token=t0k3n"

static AdwApplication *app;

typedef AdoTestWindowFixture Fixture;

/* The strings setting() returned, freed after each test */
static GPtrArray *strings;

/* Helpers */

static GtkWidget *
page_child (Fixture    *f,
            AdoStep     step,
            const char *id)
{
  return ado_test_page_child (f->window, step, id);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  ado_test_window_fixture_set_up (f, "ado-window-XXXXXX", FALSE);
  strings = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ado_test_window_fixture_tear_down (f);
  g_clear_pointer (&strings, g_ptr_array_unref);
}

/* A string setting, freed with the fixture */
static const char *
setting (Fixture    *f,
         const char *key)
{
  char *value = g_settings_get_string (f->settings, key);

  g_ptr_array_add (strings, value);
  return value;
}

/* What the browser was given; the next one writes a new file */
static char *
wait_for_browser (Fixture *f)
{
  char *contents = ado_test_wait_for_browser (f->browser_out);

  g_unlink (f->browser_out);
  return contents;
}

static gboolean
next_enabled (Fixture *f)
{
  GtkWidget *next = ado_test_find_by_id (GTK_WIDGET (f->window), "next_button");

  g_assert_nonnull (next);
  return gtk_widget_get_sensitive (next);
}

/* Tests */

static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AdoAccounts) accounts = ado_accounts_new_for_storage (f->store, f->registry);
  GtkWidget *pages[] = {
    ado_welcome_page_new (f->progress),
    ado_client_page_new (f->progress),
    ado_apply_page_new (f->progress),
    ado_assign_page_new (f->progress),
    ado_data_provider_page_new (f->progress),
    ado_connect_page_new (f->progress, accounts),
    ado_verify_page_new (f->progress, accounts),
    ado_accounts_page_new (f->progress, accounts),
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_object_ref_sink (pages[i]);
      g_assert_finalize_object (pages[i]);
    }
}

static void
test_window_create_destroy (Fixture       *f,
                            gconstpointer  data)
{
  AdoWindow *window;

  ado_test_window_fixture_new_window (f, 1000, 700);
  window = g_object_ref (f->window);
  ado_test_destroy_window (&f->window);
  g_assert_finalize_object (window);
}

static void
test_walk_steps (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(GStrv) done = NULL;
  GtkWidget *client_id;
  GtkWidget *secret;
  GtkWidget *message;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  ado_test_window_fixture_new_window (f, 1000, 700);

  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_WELCOME);
  g_assert_false (next_enabled (f));

  /* Step 0: choose the path */
  ado_test_activate (f->window, page_child (f, ADO_STEP_WELCOME, "partner_check"),
                     "onboarding.access-path", g_variant_new_string ("partner"));
  g_assert_cmpstr (setting (f, "access-path"), ==, "partner");
  g_assert_true (next_enabled (f));
  ado_test_activate (f->window, NULL, "win.next", NULL);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_CLIENT);
  g_assert_cmpstr (setting (f, "current-step"), ==, "client");
  done = g_settings_get_strv (f->settings, "done-steps");
  g_assert_true (g_strv_contains ((const char * const *)done, "welcome"));

  /* Step 1: a wrong client ID is explained and blocks Next */
  g_assert_false (next_enabled (f));
  client_id = page_child (f, ADO_STEP_CLIENT, "client_id_row");
  message = page_child (f, ADO_STEP_CLIENT, "client_id_message");
  gtk_editable_set_text (GTK_EDITABLE (client_id), "amzn1.application-oa2-client.123");
  ado_test_spin (10);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "32 hexadecimal"));
  g_assert_false (next_enabled (f));
  g_assert_cmpstr (setting (f, "client-id"), ==, "");

  /* Pasted with white space: trimmed, accepted, stored */
  gtk_editable_set_text (GTK_EDITABLE (client_id), "  " GOOD_CLIENT_ID "\n");
  ado_test_spin (10);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (client_id)), ==, GOOD_CLIENT_ID);
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_cmpstr (setting (f, "client-id"), ==, GOOD_CLIENT_ID);
  g_assert_true (next_enabled (f));

  /* The secret stays in memory: no setting holds it */
  secret = page_child (f, ADO_STEP_CLIENT, "client_secret_row");
  gtk_editable_set_text (GTK_EDITABLE (secret), GOOD_SECRET);
  ado_test_spin (10);
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (f->settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, "feedface"));
    }
  {
    g_autofree char *typed = ado_client_page_dup_client_secret (ADO_CLIENT_PAGE (ado_window_get_page (f->window, ADO_STEP_CLIENT)));
    g_assert_cmpstr (typed, ==, GOOD_SECRET);
  }

  ado_test_activate (f->window, NULL, "win.next", NULL);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_APPLY);

  /* Step 2: Next waits for the submission */
  g_assert_false (next_enabled (f));
  ado_test_activate (f->window, ado_window_get_page (f->window, ADO_STEP_APPLY),
                     "apply.submitted", NULL);
  g_assert_cmpint (g_settings_get_int64 (f->settings, "submitted-at"), >, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (f, ADO_STEP_APPLY, "submitted_stack"))),
                   ==, "submitted");
  /* Its title, the expected date and Undo are there to be seen, not squeezed away */
  ado_test_spin (100);
  for (guint i = 0; i < 3; i++)
    {
      const char *ids[] = { "submitted_title", "submitted_description", "undo_submitted_button" };
      GtkWidget *widget = page_child (f, ADO_STEP_APPLY, ids[i]);
      guint scrollers = 0;

      /* One scroller, the page's: a scroller nested in it shrinks to a sliver */
      for (GtkWidget *up = widget; up != ado_window_get_page (f->window, ADO_STEP_APPLY);
           up = gtk_widget_get_parent (up))
        scrollers += GTK_IS_SCROLLED_WINDOW (up);
      g_assert_cmpuint (scrollers, ==, 1);
      g_assert_true (ado_test_is_drawn (widget));
      g_assert_cmpint (gtk_widget_get_height (widget), >, 0);
    }
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (page_child (f, ADO_STEP_APPLY,
                                                                        "submitted_description"))),
                            "expect its answer by"));
  {
    GtkWidget *scroller = gtk_widget_get_ancestor (page_child (f, ADO_STEP_APPLY, "submitted_status"),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    ado_test_spin (50);
    ado_test_save_screenshot (GTK_WIDGET (f->window), "apply-submitted-1000");
  }
  g_assert_true (next_enabled (f));
  ado_test_activate (f->window, NULL, "win.next", NULL);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_ASSIGN);

  /* Step 3: signed out and assigned */
  g_assert_false (next_enabled (f));
  gtk_switch_set_active (GTK_SWITCH (page_child (f, ADO_STEP_ASSIGN, "signed_out_switch")), TRUE);
  ado_test_spin (10);
  g_assert_true (g_settings_get_boolean (f->settings, "signed-out-confirmed"));
  g_assert_false (next_enabled (f));
  gtk_switch_set_active (GTK_SWITCH (page_child (f, ADO_STEP_ASSIGN, "assigned_switch")), TRUE);
  ado_test_spin (10);
  g_assert_true (next_enabled (f));
  ado_test_activate (f->window, NULL, "win.next", NULL);

  /* Without the data provider option, Connect follows */
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_CONNECT);
  g_clear_pointer (&done, g_strfreev);
  done = g_settings_get_strv (f->settings, "done-steps");
  g_assert_cmpuint (g_strv_length (done), ==, 4);
  g_assert_cmpstr (done[3], ==, "assign");

  /* Back walks back */
  ado_test_activate (f->window, NULL, "win.back", NULL);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_ASSIGN);
  ado_test_activate (f->window, NULL, "win.go-to-step", g_variant_new_string ("welcome"));
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_WELCOME);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL) &&
                  ado_window_get_visible_step (f->window) != ADO_STEP_WELCOME);
}

static void
test_data_provider_step (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *arns;
  GtkWidget *message;
  GtkWidget *billing;
  g_autofree char *ticket = NULL;

  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  ado_test_window_fixture_new_window (f, 1000, 700);

  gtk_switch_set_active (GTK_SWITCH (page_child (f, ADO_STEP_WELCOME, "data_provider_switch")), TRUE);
  ado_test_spin (10);
  g_assert_true (g_settings_get_boolean (f->settings, "data-provider"));

  ado_test_activate (f->window, NULL, "win.go-to-step", g_variant_new_string ("assign"));
  gtk_switch_set_active (GTK_SWITCH (page_child (f, ADO_STEP_ASSIGN, "signed_out_switch")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (page_child (f, ADO_STEP_ASSIGN, "assigned_switch")), TRUE);
  ado_test_spin (10);
  ado_test_activate (f->window, NULL, "win.next", NULL);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_DATA_PROVIDER);

  ado_test_activate (f->window, ado_window_get_page (f->window, ADO_STEP_DATA_PROVIDER),
                     "data-provider.copy-ticket", NULL);
  ticket = ado_test_read_clipboard (GTK_WIDGET (f->window));
  g_assert_true (g_str_has_prefix (ticket, "Symptom Path: /dp Data Provider\n"));
  g_assert_nonnull (strstr (ticket, GOOD_CLIENT_ID));

  arns = page_child (f, ADO_STEP_DATA_PROVIDER, "arns_view");
  message = page_child (f, ADO_STEP_DATA_PROVIDER, "arns_message");
  billing = page_child (f, ADO_STEP_DATA_PROVIDER, "billing_label");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (arns)),
                            "arn:aws:iam::123456789012:role/reader\nnot-an-arn", -1);
  ado_test_spin (10);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "“not-an-arn”"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (arns)),
                            "arn:aws:iam::123456789012:role/reader\n", -1);
  ado_test_spin (10);
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (billing)),
                            "- arn:aws:iam::123456789012:role/reader\n"));
  g_assert_cmpstr (setting (f, "iam-arns"), ==,
                   "arn:aws:iam::123456789012:role/reader\n");
}

static void
test_progress_survives_new_window (Fixture       *f,
                                   gconstpointer  data)
{
  ado_test_window_fixture_new_window (f, 1000, 700);
  ado_test_activate (f->window, NULL, "onboarding.access-path", g_variant_new_string ("direct"));
  ado_test_activate (f->window, NULL, "win.next", NULL);
  gtk_editable_set_text (GTK_EDITABLE (page_child (f, ADO_STEP_CLIENT, "client_id_row")),
                         GOOD_CLIENT_ID);
  ado_test_spin (10);
  ado_test_activate (f->window, NULL, "win.next", NULL);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_APPLY);
  ado_test_destroy_window (&f->window);

  ado_test_window_fixture_new_window (f, 1000, 700);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_APPLY);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (page_child (f, ADO_STEP_APPLY, "path_stack"))),
                   ==, "direct");
  g_assert_cmpint (ado_progress_get_step_state (f->progress, ADO_STEP_CLIENT), ==,
                   ADO_STEP_STATE_DONE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_child (f, ADO_STEP_CLIENT, "client_id_row"))),
                   ==, GOOD_CLIENT_ID);
}

static void
test_copy_redirect_uri (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *message;
  g_autofree char *copied = NULL;
  g_autofree char *copied_custom = NULL;

  ado_test_window_fixture_new_window (f, 1000, 700);
  ado_test_activate (f->window, NULL, "win.go-to-step", g_variant_new_string ("client"));
  page = ado_window_get_page (f->window, ADO_STEP_CLIENT);

  ado_test_activate (f->window, page, "client.copy-redirect-uri", NULL);
  copied = ado_test_read_clipboard (GTK_WIDGET (f->window));
  g_assert_cmpstr (copied, ==, DEFAULT_REDIRECT_URI);

  /* A refused return URL is explained and changes nothing */
  row = page_child (f, ADO_STEP_CLIENT, "redirect_uri_row");
  message = page_child (f, ADO_STEP_CLIENT, "redirect_uri_message");
  gtk_editable_set_text (GTK_EDITABLE (row), "http://example.com:8080/cb");
  g_signal_emit_by_name (row, "apply");
  ado_test_spin (10);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "only for this computer"));
  g_assert_cmpstr (setting (f, "redirect-uri"), ==, DEFAULT_REDIRECT_URI);

  /* Another registered URL is copied exactly as stored */
  gtk_editable_set_text (GTK_EDITABLE (row), "http://localhost:8765/Return");
  g_signal_emit_by_name (row, "apply");
  ado_test_spin (10);
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_cmpstr (setting (f, "redirect-uri"), ==,
                   "http://localhost:8765/Return");
  ado_test_activate (f->window, page, "client.copy-redirect-uri", NULL);
  copied_custom = ado_test_read_clipboard (GTK_WIDGET (f->window));
  g_assert_cmpstr (copied_custom, ==, "http://localhost:8765/Return");

  ado_test_activate (f->window, page, "client.reset-redirect-uri", NULL);
  g_assert_cmpstr (setting (f, "redirect-uri"), ==, DEFAULT_REDIRECT_URI);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (page_child (f, ADO_STEP_CLIENT, "redirect_uri_label"))),
                   ==, DEFAULT_REDIRECT_URI);
}

static void
test_open_buttons (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    AdoStep     step;
    const char *action;
    const char *uri;
  } cases[] = {
    { ADO_STEP_CLIENT, "client.open-console", ADO_URL_LWA_CONSOLE },
    { ADO_STEP_APPLY, "apply.open-partner-network", ADO_URL_PARTNER_NETWORK },
    { ADO_STEP_APPLY, "apply.open-direct-form", ADO_URL_DIRECT_FORM },
    { ADO_STEP_ASSIGN, "assign.open-partner-network", ADO_URL_PARTNER_NETWORK },
  };

  ado_test_window_fixture_new_window (f, 1000, 700);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *opened = NULL;

      ado_test_activate (f->window, ado_window_get_page (f->window, cases[i].step),
                         cases[i].action, NULL);
      opened = wait_for_browser (f);
      g_assert_cmpstr (opened, ==, cases[i].uri);
    }
}

static char *
dup_shown_text (Fixture *f,
                AdoStep  step)
{
  GString *text = g_string_new (NULL);

  ado_test_append_text (ado_window_get_page (f->window, step), TRUE, text);
  return g_string_free (text, FALSE);
}

/* Chooses @path with the Welcome step's @check: what the Apply step shows then */
static char *
dup_apply_text_for_path (Fixture    *f,
                         const char *check,
                         const char *path)
{
  ado_test_activate (f->window, page_child (f, ADO_STEP_WELCOME, check),
                     "onboarding.access-path", g_variant_new_string (path));
  ado_test_spin (20);
  return dup_shown_text (f, ADO_STEP_APPLY);
}

static void
test_apply_paths (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *warning;
  g_autofree char *partner = NULL;
  g_autofree char *direct = NULL;

  ado_test_window_fixture_new_window (f, 1000, 700);
  ado_test_activate (f->window, NULL, "win.go-to-step", g_variant_new_string ("apply"));
  warning = page_child (f, ADO_STEP_APPLY, "same_email_warning");

  /* Partners may register in the Partner Network with another address */
  partner = dup_apply_text_for_path (f, "partner_check", "partner");
  g_assert_false (gtk_widget_get_visible (warning));
  g_assert_nonnull (strstr (partner, "Partner Network"));
  g_assert_null (strstr (partner, "same email"));
  g_assert_nonnull (strstr (partner, "may differ from the developer account"));
  g_assert_null (strstr (partner, "cannot be linked"));
  g_assert_null (strstr (partner, "Direct Advertiser"));

  /* The direct advertiser form wants the developer account's email */
  direct = dup_apply_text_for_path (f, "direct_check", "direct");
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_nonnull (strstr (direct, "same email as your developer account"));
  g_assert_null (strstr (direct, "cannot be linked"));
  /* The second route: About the API → Request API Access → Direct Advertiser */
  g_assert_nonnull (strstr (direct, "About the API"));
  g_assert_nonnull (strstr (direct, "Request API Access, then Direct Advertiser"));
  /* Amazon's terms and support on either path */
  g_assert_nonnull (strstr (direct, "License Agreement"));
  g_assert_nonnull (strstr (partner, "License Agreement"));
}

/* Amazon's pages that the steps link to: each row opens exactly its address */
static void
test_link_rows (Fixture       *f,
                gconstpointer  data)
{
  static const struct {
    AdoStep     step;
    const char *row;
    const char *action;
    const char *uri;
  } cases[] = {
    { ADO_STEP_APPLY, "about_api_row", "apply.open-about-api",
      "https://advertising.amazon.com/about-api" },
    { ADO_STEP_APPLY, "license_row", "apply.open-license",
      "https://advertising.amazon.com/API/docs/license-agreement" },
    { ADO_STEP_APPLY, "data_policy_row", "apply.open-data-policy",
      "https://advertising.amazon.com/API/docs/policy/en_US" },
    { ADO_STEP_APPLY, "support_row", "apply.open-support",
      "https://advertising.amazon.com/API/docs/en-us/support/overview" },
  };

  g_settings_set_string (f->settings, "access-path", "direct");
  ado_test_window_fixture_new_window (f, 1000, 700);
  ado_test_activate (f->window, NULL, "win.go-to-step", g_variant_new_string ("apply"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *row = page_child (f, cases[i].step, cases[i].row);
      g_autofree char *opened = NULL;
      g_autoptr(GError) error = NULL;

      /* https on one of Amazon's own domains, as the approval link must be */
      g_assert_true (ado_approval_link_check (cases[i].uri, &error));
      g_assert_no_error (error);

      g_assert_true (gtk_widget_get_mapped (row));
      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, cases[i].action);
      g_assert_true (gtk_widget_activate (row));
      opened = wait_for_browser (f);
      g_assert_cmpstr (opened, ==, cases[i].uri);
    }
}

static void
test_assign_confirmation (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *link;
  GtkWidget *message;
  AdwMessageDialog *dialog;
  g_autofree char *opened = NULL;

  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  ado_test_window_fixture_new_window (f, 1000, 700);
  ado_test_activate (f->window, NULL, "win.go-to-step", g_variant_new_string ("assign"));
  page = ado_window_get_page (f->window, ADO_STEP_ASSIGN);
  link = page_child (f, ADO_STEP_ASSIGN, "link_row");
  message = page_child (f, ADO_STEP_ASSIGN, "link_message");

  /* Not before signing out of the other accounts */
  gtk_editable_set_text (GTK_EDITABLE (link), APPROVAL_LINK);
  ado_test_spin (10);
  g_assert_false (gtk_widget_activate_action (page, "assign.open-link", NULL) &&
                  ado_test_find_dialog ());

  /* A link that is not Amazon's is refused with a reason */
  gtk_switch_set_active (GTK_SWITCH (page_child (f, ADO_STEP_ASSIGN, "signed_out_switch")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (link), "https://amazon.com.example.net/assign");
  ado_test_spin (10);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (message)), "not a link to an Amazon page"));

  /* Cancel opens nothing */
  gtk_editable_set_text (GTK_EDITABLE (link), "  " APPROVAL_LINK " ");
  ado_test_spin (10);
  g_assert_false (gtk_widget_get_visible (message));
  ado_test_activate (f->window, page, "assign.open-link", NULL);
  dialog = ado_test_wait_for_dialog ("the confirmation dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), GOOD_CLIENT_ID));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be changed"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ado_test_spin (200);
  g_assert_false (g_file_test (f->browser_out, G_FILE_TEST_EXISTS));

  /* Confirmed: the link opens, trimmed */
  ado_test_activate (f->window, page, "assign.open-link", NULL);
  dialog = ado_test_wait_for_dialog ("the confirmation dialog");
  adw_message_dialog_response (dialog, "open");
  gtk_window_destroy (GTK_WINDOW (dialog));
  opened = wait_for_browser (f);
  g_assert_cmpstr (opened, ==, APPROVAL_LINK);
}

static void
test_start_over (Fixture       *f,
                 gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_auto(GStrv) done = NULL;

  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  ado_test_window_fixture_new_window (f, 1000, 700);
  ado_test_activate (f->window, NULL, "onboarding.access-path", g_variant_new_string ("partner"));
  ado_test_activate (f->window, NULL, "win.next", NULL);
  ado_test_activate (f->window, NULL, "win.next", NULL);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_APPLY);

  ado_test_activate (f->window, NULL, "win.start-over", NULL);
  dialog = ado_test_wait_for_dialog ("the confirmation dialog");
  adw_message_dialog_response (dialog, "start-over");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ado_test_spin (10);

  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_WELCOME);
  g_assert_cmpstr (setting (f, "access-path"), ==, "unset");
  done = g_settings_get_strv (f->settings, "done-steps");
  g_assert_cmpuint (g_strv_length (done), ==, 0);
  g_assert_cmpstr (setting (f, "client-id"), ==, GOOD_CLIENT_ID);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *menu_button;
  GtkWidget *leaflet;
  AdwWindowTitle *step_title;
  GtkLabel *heading;
  GMenuModel *menu;
  g_autofree char *label = NULL;

  ado_test_window_fixture_new_window (f, 360, 720);

  leaflet = ado_test_find_by_id (GTK_WIDGET (f->window), "leaflet");
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), ==, "content");
  menu_button = ado_test_find_by_id (GTK_WIDGET (f->window), "step_menu_button");
  g_assert_true (gtk_widget_get_visible (menu_button));
  step_title = ADW_WINDOW_TITLE (ado_test_find_by_id (GTK_WIDGET (f->window), "step_menu_title"));
  g_assert_cmpstr (adw_window_title_get_title (step_title), ==, "Step 1 of 7");
  g_assert_cmpstr (adw_window_title_get_subtitle (step_title), ==, "In progress");
  /* The step's title is the heading above the page, wrapped, never cut */
  heading = GTK_LABEL (ado_test_find_by_id (GTK_WIDGET (f->window), "page_heading"));
  g_assert_cmpstr (gtk_label_get_label (heading), ==, "Welcome");
  g_assert_true (gtk_label_get_wrap (heading));

  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 7);
  g_menu_model_get_item_attribute (menu, 1, G_MENU_ATTRIBUTE_LABEL, "s", &label);
  g_assert_cmpstr (label, ==, "2. Create a Login with Amazon Client — Not started");

  /* Every page fits in 360 pixels: the content never grows the window */
  for (AdoStep step = 0; step < ADO_N_STEPS; step++)
    {
      if (step == ADO_STEP_DATA_PROVIDER)
        continue;
      ado_test_activate (f->window, NULL,
                         "win.go-to-step", g_variant_new_string (ado_step_get_id (step)));
      ado_test_spin (50);
      g_assert_cmpint (gtk_widget_get_width (leaflet), ==, 360);
    }
  ado_test_activate (f->window, NULL, "win.go-to-step", g_variant_new_string ("apply"));
  g_assert_cmpstr (adw_window_title_get_title (step_title), ==, "Step 3 of 7");
  g_assert_cmpstr (gtk_label_get_label (heading), ==, "Apply for API Access");
}

static void
take_screenshots (Fixture *f,
                  int      width,
                  int      height)
{
  ado_test_window_fixture_new_window (f, width, height);

  for (AdoStep step = 0; step < ADO_N_STEPS; step++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%d", ado_step_get_id (step), width);

      ado_test_activate (f->window, NULL,
                         "win.go-to-step", g_variant_new_string (ado_step_get_id (step)));
      g_assert_cmpint (ado_window_get_visible_step (f->window), ==, step);
      ado_test_spin (400);
      ado_test_save_screenshot (GTK_WIDGET (f->window), name);
    }

  ado_test_destroy_window (&f->window);
}

/* Tab and the arrow keys move through the step list without changing the
 * step; a click, Enter or Space on a row goes there */
static void
test_step_list_keyboard (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *list;
  GtkWidget *row;
  GtkWidget *accounts_row = NULL;
  guint n_rows = 0;

  ado_test_window_fixture_new_window (f, 1000, 700);
  list = ado_test_find_by_id (GTK_WIDGET (f->window), "steps_list");
  g_assert_nonnull (list);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_WELCOME);

  row = gtk_widget_get_first_child (list);
  gtk_widget_grab_focus (row);
  for (GtkWidget *r = row; r != NULL; r = gtk_widget_get_next_sibling (r))
    {
      if (gtk_widget_get_visible (r))
        n_rows++;
      accounts_row = r;
    }
  g_assert_cmpuint (n_rows, >=, 7);

  /* Tab through every row, as a keyboard user crossing the list does */
  for (guint i = 0; i < n_rows + 2; i++)
    {
      gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD);
      ado_test_spin (10);
      g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_WELCOME);
      g_assert_cmpstr (setting (f, "current-step"), ==, "welcome");
    }

  /* The arrow keys inside the list */
  gtk_widget_grab_focus (row);
  for (guint i = 0; i < 3; i++)
    {
      g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
      ado_test_spin (10);
      g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_WELCOME);
    }
  /* The selection still shows the current step */
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)) == GTK_LIST_BOX_ROW (row));

  /* Activating a row (Enter, Space, a click) goes to its step */
  g_signal_emit_by_name (accounts_row, "activate");
  ado_test_spin (10);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_ACCOUNTS);
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)) ==
                 GTK_LIST_BOX_ROW (accounts_row));
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{

  g_settings_set_boolean (f->settings, "data-provider", TRUE);
  g_settings_set_string (f->settings, "access-path", "partner");
  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  g_settings_set_string (f->settings, "iam-arns", "arn:aws:iam::123456789012:role/billing-reader");
  g_settings_set_strv (f->settings, "done-steps", (const char * const[]) { "welcome", "client", NULL });

  take_screenshots (f, 1280, 800);
  take_screenshots (f, 360, 720);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  app = ado_test_application_new ("io.github.adsonboarding.AdsOnboarding.Tests");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/window/templates", test_templates);
  ADD ("/ado/window/create-destroy", test_window_create_destroy);
  ADD ("/ado/window/walk-steps", test_walk_steps);
  ADD ("/ado/window/data-provider-step", test_data_provider_step);
  ADD ("/ado/window/progress-survives-new-window", test_progress_survives_new_window);
  ADD ("/ado/window/copy-redirect-uri", test_copy_redirect_uri);
  ADD ("/ado/window/open-buttons", test_open_buttons);
  ADD ("/ado/window/apply-paths", test_apply_paths);
  ADD ("/ado/window/link-rows", test_link_rows);
  ADD ("/ado/window/assign-confirmation", test_assign_confirmation);
  ADD ("/ado/window/start-over", test_start_over);
  ADD ("/ado/window/narrow", test_narrow);
  ADD ("/ado/window/step-list-keyboard", test_step_list_keyboard);
  ADD ("/ado/window/screenshots", test_screenshots);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
