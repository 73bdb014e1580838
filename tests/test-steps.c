/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first steps of the assistant (Welcome, the client, Apply, Assign, the
 * data provider API) as their users meet them: by mouse, keyboard and
 * screen reader. */
#include "config.h"

#include <adwaita.h>

#include "ado-test-util.h"

static AdwApplication *app;

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  app = ado_test_application_new ("io.github.adsonboarding.AdsOnboarding.StepsTests");

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
