/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "ado-error.h"
#include "service/ado-progress.h"

#define GOOD_CLIENT_ID "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"

static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend (APP_ID, backend);
}

static void
test_create_destroy (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  AdoProgress *progress = ado_progress_new (settings);

  g_assert_true (ado_progress_get_settings (progress) == settings);
  g_assert_finalize_object (progress);
}

static void
test_step_ids (void)
{
  for (AdoStep step = 0; step < ADO_N_STEPS; step++)
    {
      AdoStep back;

      g_assert_true (ado_step_from_id (ado_step_get_id (step), &back));
      g_assert_cmpint (back, ==, step);
      g_assert_nonnull (ado_step_get_title (step));
    }

  {
    AdoStep unused;
    g_assert_false (ado_step_from_id ("nonsense", &unused));
    g_assert_false (ado_step_from_id (NULL, &unused));
  }
}

static void
test_visible_steps (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(AdoProgress) progress = ado_progress_new (settings);
  AdoStep step;

  g_assert_cmpuint (ado_progress_get_n_visible_steps (progress), ==, 7);
  g_assert_false (ado_progress_step_is_visible (progress, ADO_STEP_DATA_PROVIDER));
  g_assert_true (ado_progress_get_next_step (progress, ADO_STEP_ASSIGN, &step));
  g_assert_cmpint (step, ==, ADO_STEP_CONNECT);
  g_assert_cmpuint (ado_progress_get_step_position (progress, ADO_STEP_CONNECT), ==, 5);
  g_assert_cmpuint (ado_progress_get_step_position (progress, ADO_STEP_DATA_PROVIDER), ==, 0);

  g_settings_set_boolean (settings, "data-provider", TRUE);
  g_assert_cmpuint (ado_progress_get_n_visible_steps (progress), ==, 8);
  g_assert_true (ado_progress_get_next_step (progress, ADO_STEP_ASSIGN, &step));
  g_assert_cmpint (step, ==, ADO_STEP_DATA_PROVIDER);
  g_assert_true (ado_progress_get_previous_step (progress, ADO_STEP_CONNECT, &step));
  g_assert_cmpint (step, ==, ADO_STEP_DATA_PROVIDER);
  g_assert_cmpuint (ado_progress_get_step_position (progress, ADO_STEP_CONNECT), ==, 6);

  g_assert_false (ado_progress_get_previous_step (progress, ADO_STEP_WELCOME, &step));
  g_assert_false (ado_progress_get_next_step (progress, ADO_STEP_ACCOUNTS, &step));
}

static void
test_current_step (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(AdoProgress) progress = ado_progress_new (settings);
  guint notified = 0;

  g_signal_connect_swapped (progress, "notify::current-step",
                            G_CALLBACK (g_atomic_int_inc), &notified);

  g_assert_cmpint (ado_progress_get_current_step (progress), ==, ADO_STEP_WELCOME);
  ado_progress_set_current_step (progress, ADO_STEP_APPLY);
  g_assert_cmpint (ado_progress_get_current_step (progress), ==, ADO_STEP_APPLY);
  g_assert_cmpuint (notified, ==, 1);

  /* Same value: no notification */
  ado_progress_set_current_step (progress, ADO_STEP_APPLY);
  g_assert_cmpuint (notified, ==, 1);

  /* A hidden or unknown step falls back to the start */
  g_settings_set_string (settings, "current-step", "data-provider");
  g_assert_cmpint (ado_progress_get_current_step (progress), ==, ADO_STEP_WELCOME);
  g_settings_set_string (settings, "current-step", "garbage");
  g_assert_cmpint (ado_progress_get_current_step (progress), ==, ADO_STEP_WELCOME);
}

static void
test_step_states (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(AdoProgress) progress = ado_progress_new (settings);
  g_auto(GStrv) done = NULL;

  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_WELCOME), ==,
                   ADO_STEP_STATE_IN_PROGRESS);
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_CLIENT), ==,
                   ADO_STEP_STATE_NOT_STARTED);

  /* A client ID filled in before the user reached the step (the demo, the
   * command line) does not start it: one step in progress on first launch */
  ado_progress_set_client_id (progress, "  " GOOD_CLIENT_ID "\n");
  {
    g_autofree char *stored = ado_progress_dup_client_id (progress);
    g_assert_cmpstr (stored, ==, GOOD_CLIENT_ID);
  }
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_CLIENT), ==,
                   ADO_STEP_STATE_NOT_STARTED);

  /* On screen it is in progress; left for a later step unfinished, it stays so */
  ado_progress_set_current_step (progress, ADO_STEP_CLIENT);
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_CLIENT), ==,
                   ADO_STEP_STATE_IN_PROGRESS);
  ado_progress_set_current_step (progress, ADO_STEP_APPLY);
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_CLIENT), ==,
                   ADO_STEP_STATE_IN_PROGRESS);
  ado_progress_set_current_step (progress, ADO_STEP_WELCOME);
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_WELCOME), ==,
                   ADO_STEP_STATE_IN_PROGRESS);
  ado_progress_set_step_done (progress, ADO_STEP_CLIENT, TRUE);
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_CLIENT), ==,
                   ADO_STEP_STATE_DONE);

  /* A done step whose data went bad needs attention */
  g_settings_set_string (settings, "client-id", "amzn1.application-oa2-client.123");
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_CLIENT), ==,
                   ADO_STEP_STATE_NEEDS_ATTENTION);

  /* Done steps are kept in step order, without duplicates */
  ado_progress_set_step_done (progress, ADO_STEP_ASSIGN, TRUE);
  ado_progress_set_step_done (progress, ADO_STEP_WELCOME, TRUE);
  ado_progress_set_step_done (progress, ADO_STEP_WELCOME, TRUE);
  done = g_settings_get_strv (settings, "done-steps");
  g_assert_cmpuint (g_strv_length (done), ==, 3);
  g_assert_cmpstr (done[0], ==, "welcome");
  g_assert_cmpstr (done[1], ==, "client");
  g_assert_cmpstr (done[2], ==, "assign");

  /* Welcome is done only with a path chosen (or access already granted) */
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_WELCOME), ==,
                   ADO_STEP_STATE_NEEDS_ATTENTION);
  ado_progress_set_access_path (progress, ADO_ACCESS_PATH_DIRECT);
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_WELCOME), ==,
                   ADO_STEP_STATE_DONE);

  ado_progress_set_step_done (progress, ADO_STEP_ASSIGN, FALSE);
  g_assert_false (ado_progress_is_step_done (progress, ADO_STEP_ASSIGN));
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_ASSIGN), ==,
                   ADO_STEP_STATE_NOT_STARTED);
  g_settings_set_boolean (settings, "signed-out-confirmed", TRUE);
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_ASSIGN), ==,
                   ADO_STEP_STATE_NOT_STARTED);
  ado_progress_set_current_step (progress, ADO_STEP_CONNECT);
  g_assert_cmpint (ado_progress_get_step_state (progress, ADO_STEP_ASSIGN), ==,
                   ADO_STEP_STATE_IN_PROGRESS);
}

static void
test_submitted (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(AdoProgress) progress = ado_progress_new (settings);
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 27, 15, 30, 0);
  g_autoptr(GDateTime) back = NULL;
  guint changed = 0;

  g_signal_connect_swapped (progress, "changed", G_CALLBACK (g_atomic_int_inc), &changed);

  g_assert_null (ado_progress_dup_submitted_at (progress));
  ado_progress_set_submitted_at (progress, when);
  back = ado_progress_dup_submitted_at (progress);
  g_assert_nonnull (back);
  g_assert_cmpint (g_date_time_to_unix (back), ==, g_date_time_to_unix (when));
  g_assert_true (ado_progress_is_step_done (progress, ADO_STEP_APPLY));
  g_assert_cmpuint (changed, >, 0);

  ado_progress_set_submitted_at (progress, NULL);
  g_assert_null (ado_progress_dup_submitted_at (progress));
  g_assert_false (ado_progress_is_step_done (progress, ADO_STEP_APPLY));
}

static void
check_decision (int year, int month, int day, int hour,
                int exp_month, int exp_day)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) submitted = g_date_time_new (utc, year, month, day, hour, 0, 0);
  g_autoptr(GDateTime) expected = ado_expected_decision_date (submitted);

  g_assert_cmpint (g_date_time_get_month (expected), ==, exp_month);
  g_assert_cmpint (g_date_time_get_day_of_month (expected), ==, exp_day);
  g_assert_cmpint (g_date_time_get_hour (expected), ==, 0);
}

static void
test_expected_decision (void)
{
  /* 2026-11-23 is a Monday */
  check_decision (2026, 11, 23, 9, 11, 24);   /* Monday → Tuesday */
  check_decision (2026, 11, 26, 23, 11, 27);  /* Thursday → Friday */
  check_decision (2026, 11, 27, 10, 11, 30);  /* Friday → Monday */
  check_decision (2026, 11, 28, 10, 11, 30);  /* Saturday → Monday */
  check_decision (2026, 11, 29, 10, 11, 30);  /* Sunday → Monday */
  check_decision (2026, 12, 31, 10, 1, 1);    /* Thursday → Friday, new year */
}

static void
test_redirect_uri (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(AdoProgress) progress = ado_progress_new (settings);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = ado_progress_dup_redirect_uri (progress);
  g_autofree char *after = NULL;

  g_assert_cmpstr (uri, ==, DEFAULT_REDIRECT_URI);

  g_assert_false (ado_progress_set_redirect_uri (progress, "http://example.com:80/x", &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI);
  after = ado_progress_dup_redirect_uri (progress);
  g_assert_cmpstr (after, ==, DEFAULT_REDIRECT_URI);
  g_clear_pointer (&after, g_free);

  /* Kept letter for letter: LwA compares it exactly */
  g_assert_true (ado_progress_set_redirect_uri (progress, "http://localhost:8765/Callback/", NULL));
  after = ado_progress_dup_redirect_uri (progress);
  g_assert_cmpstr (after, ==, "http://localhost:8765/Callback/");
}

static void
test_reset (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(AdoProgress) progress = ado_progress_new (settings);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *client_id = NULL;
  g_autofree char *uri = NULL;
  g_auto(GStrv) done = NULL;

  ado_progress_set_access_path (progress, ADO_ACCESS_PATH_PARTNER);
  ado_progress_set_client_id (progress, GOOD_CLIENT_ID);
  g_assert_true (ado_progress_set_redirect_uri (progress, "http://127.0.0.1:4000/cb", NULL));
  ado_progress_set_submitted_at (progress, now);
  ado_progress_set_step_done (progress, ADO_STEP_WELCOME, TRUE);
  ado_progress_set_current_step (progress, ADO_STEP_ASSIGN);
  g_settings_set_int (settings, "window-width", 500);

  ado_progress_reset (progress);

  g_assert_cmpint (ado_progress_get_access_path (progress), ==, ADO_ACCESS_PATH_UNSET);
  g_assert_cmpint (ado_progress_get_current_step (progress), ==, ADO_STEP_WELCOME);
  g_assert_null (ado_progress_dup_submitted_at (progress));
  done = g_settings_get_strv (settings, "done-steps");
  g_assert_cmpuint (g_strv_length (done), ==, 0);

  /* Shared settings and the window are not progress */
  client_id = ado_progress_dup_client_id (progress);
  g_assert_cmpstr (client_id, ==, GOOD_CLIENT_ID);
  uri = ado_progress_dup_redirect_uri (progress);
  g_assert_cmpstr (uri, ==, "http://127.0.0.1:4000/cb");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 500);
}

static void
test_persists_in_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ado-progress-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);

  {
    g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
    g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
    g_autoptr(AdoProgress) progress = ado_progress_new (settings);

    ado_progress_set_access_path (progress, ADO_ACCESS_PATH_PARTNER);
    ado_progress_set_step_done (progress, ADO_STEP_WELCOME, TRUE);
    ado_progress_set_current_step (progress, ADO_STEP_APPLY);
    g_settings_sync ();
  }

  /* A new backend reads the file again, as the app does on its next start */
  {
    g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
    g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
    g_autoptr(AdoProgress) progress = ado_progress_new (settings);

    g_assert_cmpint (ado_progress_get_access_path (progress), ==, ADO_ACCESS_PATH_PARTNER);
    g_assert_cmpint (ado_progress_get_current_step (progress), ==, ADO_STEP_APPLY);
    g_assert_true (ado_progress_is_step_done (progress, ADO_STEP_WELCOME));
  }

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* After "I have submitted", its undo and Start Over, what comes later is
 * still written: none of them leaves the settings holding changes back */
static void
test_persists_after_submit_and_reset (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ado-progress-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);

  {
    g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
    g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
    g_autoptr(AdoProgress) progress = ado_progress_new (settings);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    ado_progress_reset (progress);
    ado_progress_set_submitted_at (progress, now);
    ado_progress_set_submitted_at (progress, NULL);
    ado_progress_set_submitted_at (progress, now);
    /* What a person does next */
    ado_progress_set_step_done (progress, ADO_STEP_ASSIGN, TRUE);
    ado_progress_set_current_step (progress, ADO_STEP_CONNECT);
    g_settings_set_boolean (settings, "data-provider", TRUE);
    g_assert_true (ado_progress_set_redirect_uri (progress, "http://127.0.0.1:31417/callback",
                                                  NULL));
    g_assert_false (g_settings_get_has_unapplied (settings));
    g_settings_sync ();
  }

  /* The next start reads them from the file */
  {
    g_autoptr(GSettingsBackend) backend = g_keyfile_settings_backend_new (path, "/", NULL);
    g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
    g_autoptr(AdoProgress) progress = ado_progress_new (settings);
    g_autofree char *uri = ado_progress_dup_redirect_uri (progress);

    g_assert_true (ado_progress_is_step_done (progress, ADO_STEP_APPLY));
    g_assert_true (ado_progress_is_step_done (progress, ADO_STEP_ASSIGN));
    g_assert_cmpint (ado_progress_get_current_step (progress), ==, ADO_STEP_CONNECT);
    g_assert_true (ado_progress_get_data_provider (progress));
    g_assert_cmpstr (uri, ==, "http://127.0.0.1:31417/callback");
  }

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ado/progress/create-destroy", test_create_destroy);
  g_test_add_func ("/ado/progress/step-ids", test_step_ids);
  g_test_add_func ("/ado/progress/visible-steps", test_visible_steps);
  g_test_add_func ("/ado/progress/current-step", test_current_step);
  g_test_add_func ("/ado/progress/step-states", test_step_states);
  g_test_add_func ("/ado/progress/submitted", test_submitted);
  g_test_add_func ("/ado/progress/expected-decision", test_expected_decision);
  g_test_add_func ("/ado/progress/redirect-uri", test_redirect_uri);
  g_test_add_func ("/ado/progress/reset", test_reset);
  g_test_add_func ("/ado/progress/persists-in-file", test_persists_in_file);
  g_test_add_func ("/ado/progress/persists-after-submit-and-reset",
                   test_persists_after_submit_and_reset);

  return g_test_run ();
}
