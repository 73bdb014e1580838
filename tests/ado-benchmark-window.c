/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <adwaita.h>

#include "ui/ado-window.h"

/*
 * Time to the window's first frame and the peak memory of the process,
 * measured on the real window: from the start of main() to the end of the
 * first paint, then the peak resident set size. Run a few times by
 * build-aux/benchmark.sh; a number, not a pass or a fail.
 */

static gint64 started;
static guint frames;

static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  struct rusage usage;

  if (frames++ > 0)
    return;

  getrusage (RUSAGE_SELF, &usage);
  printf ("first frame: %.1f ms\npeak RSS: %.1f MiB\n",
          (g_get_monotonic_time () - started) / 1000.0,
          usage.ru_maxrss / 1024.0);
  fflush (stdout);
  g_application_quit (app);
}

static void
map_cb (GtkWidget    *window,
        GApplication *app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), app);
}

static void
activate_cb (GApplication *app)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APP_ID, backend);
  g_autoptr(AdoProgress) progress = ado_progress_new (settings);
  g_autoptr(AdoAccounts) accounts = ado_accounts_new (TRUE);
  AdoWindow *window = ado_window_new (ADW_APPLICATION (app), progress, accounts);

  g_signal_connect (window, "map", G_CALLBACK (map_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  started = g_get_monotonic_time ();

  app = adw_application_new ("io.github.adsonboarding.AdsOnboarding.Benchmark",
                             G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/adsonboarding/AdsOnboarding");
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), 1, argv);
}
