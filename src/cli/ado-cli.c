/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "ado-cli.h"

/*
 * The command line runs in the calling process, before the application
 * registers: no display connection, no primary instance. stdout carries
 * only a command's result; messages and logs go to stderr.
 */

/**
 * ado_cli_add_options:
 * @application: the application whose command line is parsed
 *
 * Adds the options of the command-line commands.
 */
void
ado_cli_add_options (GApplication *application)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_return_if_fail (G_IS_APPLICATION (application));

  g_application_add_main_option_entries (application, entries);
}

/**
 * ado_cli_run:
 * @options: the parsed options
 *
 * Returns: an exit status when a command ran, or -1 when the window is to
 *   be opened
 */
int
ado_cli_run (GVariantDict *options)
{
  g_return_val_if_fail (options != NULL, 1);

  g_log_writer_default_set_use_stderr (TRUE);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "ads-onboarding", PACKAGE_VERSION);
      fflush (stdout);
      return 0;
    }

  return -1;
}
