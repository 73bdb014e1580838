/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "ado-application.h"
#include "cli/ado-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdoApplication) app = NULL;
  AdoGuiOptions gui = { 0 };
  char *gui_argv[3] = { argv[0], NULL, NULL };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Commands run here, in this process, before any application registers */
  status = ado_cli_main (argc, argv, &gui);
  if (status >= 0)
    return status;

  if (gui.service)
    gui_argv[1] = (char *)"--gapplication-service";

  app = ado_application_new (gui.demo);

  return g_application_run (G_APPLICATION (app), gui.service ? 2 : 1, gui_argv);
}
