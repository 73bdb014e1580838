/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window around the pages: progress written through the real settings
 * backend as the user goes, Back/Next/Done, the suggested button, toasts,
 * the step badges on first launch, the help. */
#include "config.h"

#include <adwaita.h>

#include "ui/ado-window.h"

#include "ado-test-util.h"

static AdwApplication *app;

typedef AdoTestWindowFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* Settings in a key file, as the demo keeps them: what is written there is
   * what the next start of the app reads */
  ado_test_window_fixture_set_up (f, "ado-navigation-XXXXXX", TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ado_test_window_fixture_tear_down (f);
}

/* The first widget of @type below @root, in tree order, that is drawn */
static GtkWidget *
find_drawn (GtkWidget *root,
            GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_mapped (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_drawn (child, type)) != NULL)
        return found;
    }

  return NULL;
}

/* The entry row below @root that shows @text */
static GtkWidget *
find_entry_row_with_text (GtkWidget  *root,
                          const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ENTRY_ROW (child) &&
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (child)), text) == 0)
        return child;
      if ((found = find_entry_row_with_text (child, text)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
next_button_of (GtkWidget *window)
{
  GtkWidget *button = ado_test_find_by_id (window, "next_button");

  g_assert_nonnull (button);
  return button;
}

static GtkWidget *
next_button (Fixture *f)
{
  return next_button_of (GTK_WIDGET (f->window));
}

static void
go_to (Fixture    *f,
       const char *step)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-step", "s", step));
  ado_test_spin (100);
}

static void
press_next (Fixture *f)
{
  g_assert_true (gtk_widget_is_sensitive (next_button (f)));
  g_signal_emit_by_name (next_button (f), "clicked");
  ado_test_spin (100);
}

/*
 * Issue: after "I Have Submitted" every later change stayed in memory.
 * Through the window, with the key file the demo uses: choose, change the
 * return URL, submit, move on to Assign, quit, start again.
 */
static void
test_progress_kept_after_submit (Fixture       *f,
                                 gconstpointer  data)
{
  const char *changed_uri = "http://127.0.0.1:31500/callback";
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *group = NULL;
  g_autofree char *current = NULL;
  g_autofree char *done = NULL;
  GtkWidget *entry;
  GtkWidget *toggle;

  ado_test_window_fixture_new_window (f, 1000, 760);

  /* Welcome: the path and the data provider API, by the page's own controls */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window),
                                             "onboarding.access-path", "s", "partner"));
  toggle = find_drawn (ado_window_get_page (f->window, ADO_STEP_WELCOME), GTK_TYPE_SWITCH);
  g_assert_nonnull (toggle);
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  press_next (f);

  /* The client step: another return URL */
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_CLIENT);
  entry = find_entry_row_with_text (ado_window_get_page (f->window, ADO_STEP_CLIENT),
                                    DEFAULT_REDIRECT_URI);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), changed_uri);
  g_signal_emit_by_name (entry, "apply");

  /* Apply: submitted, then on to Assign */
  go_to (f, "apply");
  g_assert_true (gtk_widget_activate_action (ado_window_get_page (f->window, ADO_STEP_APPLY),
                                             "apply.submitted", NULL));
  ado_test_spin (100);
  press_next (f);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_ASSIGN);

  /* Quit */
  ado_test_destroy_window (&f->window);
  ado_test_window_fixture_close_settings (f);

  /* On disk: what the next start reads */
  g_assert_true (g_key_file_load_from_file (file, f->settings_path, G_KEY_FILE_NONE, NULL));
  group = g_strdup ("io/github/adsonboarding/AdsOnboarding");
  current = g_key_file_get_string (file, group, "current-step", NULL);
  done = g_key_file_get_string (file, group, "done-steps", NULL);
  g_assert_cmpstr (current, ==, "'assign'");
  g_assert_nonnull (strstr (done, "'apply'"));

  /* Start again */
  ado_test_window_fixture_reopen_settings (f);
  ado_test_window_fixture_new_window (f, 1000, 760);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_ASSIGN);
  g_assert_true (ado_progress_get_data_provider (f->progress));
  g_assert_cmpint (ado_progress_get_access_path (f->progress), ==, ADO_ACCESS_PATH_PARTNER);
  {
    g_autofree char *uri = ado_progress_dup_redirect_uri (f->progress);
    g_assert_cmpstr (uri, ==, changed_uri);
  }
  g_assert_cmpint (g_settings_get_int64 (f->settings, "submitted-at"), >, 0);
  g_assert_cmpint (ado_progress_get_step_state (f->progress, ADO_STEP_APPLY), ==,
                   ADO_STEP_STATE_DONE);
  g_assert_cmpint (ado_progress_get_step_state (f->progress, ADO_STEP_ASSIGN), ==,
                   ADO_STEP_STATE_IN_PROGRESS);
  g_assert_cmpint (ado_progress_get_step_state (f->progress, ADO_STEP_CONNECT), ==,
                   ADO_STEP_STATE_NOT_STARTED);
}

/* One suggested button: Next only once the page has what it needs */
static void
test_next_suggested_when_complete (Fixture       *f,
                                   gconstpointer  data)
{
  ado_test_window_fixture_new_window (f, 1000, 760);

  g_assert_false (gtk_widget_is_sensitive (next_button (f)));
  g_assert_false (gtk_widget_has_css_class (next_button (f), "suggested-action"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window),
                                             "onboarding.access-path", "s", "direct"));
  ado_test_spin (50);
  g_assert_true (gtk_widget_is_sensitive (next_button (f)));
  g_assert_true (gtk_widget_has_css_class (next_button (f), "suggested-action"));
}

/* The last step ends with Done, which closes the window */
static void
test_done_on_last_step (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *window;

  ado_test_window_fixture_new_window (f, 1000, 760);
  go_to (f, "accounts");
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, ADO_STEP_ACCOUNTS);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next_button (f))), ==, "_Done");
  g_assert_true (gtk_widget_is_sensitive (next_button (f)));

  go_to (f, "verify");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next_button (f))), ==, "_Next");
  go_to (f, "accounts");

  window = GTK_WIDGET (f->window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  f->window = NULL;
  g_signal_emit_by_name (next_button_of (window), "clicked");
  ado_test_spin (100);
  g_assert_null (window);
}

/* Toasts show above the bar with Back and Next, never over it */
static void
test_toast_above_bar (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *overlay;
  GtkWidget *toast = NULL;
  graphene_rect_t toast_bounds;
  graphene_rect_t next_bounds;

  ado_test_window_fixture_new_window (f, 1000, 760);
  overlay = ado_test_find_by_id (GTK_WIDGET (f->window), "toast_overlay");
  g_assert_false (gtk_widget_is_ancestor (next_button (f), overlay));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toast", "s", "Copied");
  ado_test_spin (400);

  for (GtkWidget *child = gtk_widget_get_first_child (overlay);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwToastWidget"))
      toast = child;
  g_assert_nonnull (toast);

  g_assert_true (gtk_widget_compute_bounds (toast, GTK_WIDGET (f->window), &toast_bounds));
  g_assert_true (gtk_widget_compute_bounds (next_button (f), GTK_WIDGET (f->window), &next_bounds));
  g_assert_cmpfloat (toast_bounds.origin.y + toast_bounds.size.height, <=, next_bounds.origin.y);
}

/* First launch: one step in progress, the one on screen */
static void
test_first_launch_badges (Fixture       *f,
                          gconstpointer  data)
{
  guint in_progress = 0;

  /* The demo fills in its client ID before anything is shown */
  g_settings_set_string (f->settings, "client-id",
                         "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef");
  ado_test_window_fixture_new_window (f, 1000, 760);

  for (AdoStep step = 0; step < ADO_N_STEPS; step++)
    if (ado_progress_get_step_state (f->progress, step) == ADO_STEP_STATE_IN_PROGRESS)
      in_progress++;

  g_assert_cmpuint (in_progress, ==, 1);
  g_assert_cmpint (ado_progress_get_step_state (f->progress, ADO_STEP_CLIENT), ==,
                   ADO_STEP_STATE_NOT_STARTED);
}

/* F1 opens the help at the step on screen */
static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *help = NULL;
  AdwExpanderRow *open_row = NULL;
  guint n_open = 0;

  ado_test_window_fixture_new_window (f, 1000, 760);
  go_to (f, "connect");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.help", NULL));
  ado_test_spin (200);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (f->window) &&
          g_strcmp0 (gtk_window_get_title (window), "Help") == 0)
        help = window;
    }
  g_assert_nonnull (help);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));

  /* Exactly one step's help is open: Connect's */
  for (GtkWidget *row = find_drawn (GTK_WIDGET (help), ADW_TYPE_EXPANDER_ROW);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_EXPANDER_ROW (row) && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
      {
        open_row = ADW_EXPANDER_ROW (row);
        n_open++;
      }
  g_assert_cmpuint (n_open, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (open_row)), ==, "Connect");

  gtk_window_destroy (help);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  app = ado_test_application_new ("io.github.adsonboarding.AdsOnboarding.NavigationTests");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/navigation/progress-kept-after-submit", test_progress_kept_after_submit);
  ADD ("/ado/navigation/next-suggested-when-complete", test_next_suggested_when_complete);
  ADD ("/ado/navigation/done-on-last-step", test_done_on_last_step);
  ADD ("/ado/navigation/toast-above-bar", test_toast_above_bar);
  ADD ("/ado/navigation/first-launch-badges", test_first_launch_badges);
  ADD ("/ado/navigation/help", test_help);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
