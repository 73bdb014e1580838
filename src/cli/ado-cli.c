/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "ado-cli.h"
#include "ado-cli-authorize.h"
#include "ado-cli-util.h"

/*
 * The command line runs in the calling process, before any application
 * registers: no display connection, no primary instance. stdout carries
 * only a command's result, a line at a time; messages and logs go to
 * stderr.
 */

static gboolean
set_flag_cb (const char  *option_name,
             const char  *value,
             gpointer     data,
             GError     **error)
{
  return TRUE;
}

/**
 * ado_cli_main:
 * @argc: the argument count
 * @argv: the arguments
 * @gui: (out): what the window should know when no command was given
 *
 * Returns: an exit status when a command ran (or the options were
 *   wrong), -1 when the window is to be opened
 */
int
ado_cli_main (int            argc,
              char         **argv,
              AdoGuiOptions *gui)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  AdoAuthorizeOptions authorize = { 0 };
  gboolean version = FALSE;
  gboolean do_authorize = FALSE;
  gboolean demo = FALSE;
  gboolean service = FALSE;
  int exit_status = -1;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("Use a built-in imitation of Amazon instead of Amazon"), NULL },
    { "authorize", 0, 0, G_OPTION_ARG_NONE, &do_authorize,
      N_("Sign in with Amazon and store the credentials; prints the account ID"), NULL },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &authorize.client_id,
      N_("The Login with Amazon client ID (default: the one set in the app)"), N_("ID") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &authorize.region,
      N_("The sign-in region: na, eu or fe"), N_("REGION") },
    { "port", 0, 0, G_OPTION_ARG_INT, &authorize.port,
      N_("Short for --redirect-uri http://127.0.0.1:N/callback"), N_("N") },
    { "redirect-uri", 0, 0, G_OPTION_ARG_STRING, &authorize.redirect_uri,
      N_("The Allowed Return URL registered for the client"), N_("URI") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &authorize.scope,
      N_("The scope to ask for (default: advertising::campaign_management)"), N_("SCOPE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &authorize.name,
      N_("A name for the new account"), N_("NAME") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &authorize.account,
      N_("The account, by ID or name"), N_("ACCOUNT") },
    { "no-browser", 0, 0, G_OPTION_ARG_NONE, &authorize.no_browser,
      N_("Do not open a browser; only print the address"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &authorize.timeout,
      N_("How long to wait for the sign-in, in seconds (default: 300)"), N_("SECONDS") },
    { "gapplication-service", 0, G_OPTION_FLAG_HIDDEN | G_OPTION_FLAG_NO_ARG,
      G_OPTION_ARG_CALLBACK, (gpointer)set_flag_cb, NULL, NULL },
    { NULL }
  };

  g_return_val_if_fail (gui != NULL, ADO_EXIT_FAILED);

  /* Results on stdout reach a pipe line by line; everything else: stderr */
  setvbuf (stdout, NULL, _IOLBF, 0);
  g_log_writer_default_set_use_stderr (TRUE);

  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--gapplication-service") == 0)
      service = TRUE;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Connect to the Amazon Ads API. Without a command, "
                                           "opens the assistant."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      exit_status = ado_cli_usage_error (_("%s. Run “ads-onboarding --help” for the options."),
                                         error->message);
      goto out;
    }

  if (args[0] != NULL && args[1] != NULL)
    {
      exit_status = ado_cli_usage_error (_("Unexpected argument “%s”. Run “ads-onboarding "
                                           "--help” for the options."),
                                         args[1]);
      goto out;
    }

  if (version)
    {
      g_print ("ads-onboarding %s\n", PACKAGE_VERSION);
      exit_status = ADO_EXIT_OK;
      goto out;
    }

  if (demo && do_authorize)
    {
      exit_status = ado_cli_usage_error (_("--demo opens the assistant against the built-in "
                                           "imitation of Amazon; it does not go with commands."));
      goto out;
    }

  if (do_authorize)
    {
      exit_status = ado_cli_authorize (&authorize);
      goto out;
    }

  if (authorize.client_id != NULL || authorize.region != NULL || authorize.port != 0 ||
      authorize.redirect_uri != NULL || authorize.scope != NULL || authorize.name != NULL ||
      authorize.account != NULL || authorize.no_browser || authorize.timeout != 0)
    {
      exit_status = ado_cli_usage_error (_("These options go with a command such as "
                                           "--authorize. Run “ads-onboarding --help”."));
      goto out;
    }

  gui->demo = demo;
  gui->service = service;

out:
  g_free (authorize.client_id);
  g_free (authorize.region);
  g_free (authorize.redirect_uri);
  g_free (authorize.scope);
  g_free (authorize.name);
  g_free (authorize.account);

  return exit_status;
}
