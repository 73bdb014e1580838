/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "ado-cli.h"
#include "ado-cli-accounts.h"
#include "ado-cli-authorize.h"
#include "ado-cli-credentials.h"
#include "ado-cli-profiles.h"
#include "ado-cli-util.h"

/*
 * The command line runs in the calling process, before any application
 * registers: no display connection, no primary instance. stdout carries
 * only a command's result, a line at a time; messages and logs go to
 * stderr.
 */

typedef enum
{
  COMMAND_AUTHORIZE           = 1 << 0,
  COMMAND_LIST_ACCOUNTS       = 1 << 1,
  COMMAND_PRINT_ACCESS_TOKEN  = 1 << 2,
  COMMAND_EXPORT              = 1 << 3,
  COMMAND_SET_CLIENT_SECRET   = 1 << 4,
  COMMAND_FORGET              = 1 << 5,
  COMMAND_LIST_PROFILES       = 1 << 6,
  COMMAND_SET_DEFAULT_PROFILE = 1 << 7,
} Command;

typedef struct
{
  gboolean     given;
  Command      commands;   /* those it goes with */
  const char  *message;    /* untranslated */
} OptionUse;

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
  gboolean list_accounts = FALSE;
  gboolean print_access_token = FALSE;
  gboolean set_client_secret = FALSE;
  gboolean forget = FALSE;
  gboolean json = FALSE;
  char *export_format = NULL;
  char *profile = NULL;
  gboolean all_profiles = FALSE;
  gboolean list_profiles = FALSE;
  char *default_profile = NULL;
  Command commands = 0;
  const char *first_command = NULL;
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
    { "list-accounts", 0, 0, G_OPTION_ARG_NONE, &list_accounts,
      N_("List the connected accounts (no secrets)"), NULL },
    { "print-access-token", 0, 0, G_OPTION_ARG_NONE, &print_access_token,
      N_("Print a valid access token for an account, refreshing it when needed"), NULL },
    { "list-profiles", 0, 0, G_OPTION_ARG_NONE, &list_profiles,
      N_("List the advertising profiles an account reaches, in every region"), NULL },
    { "set-default-profile", 0, 0, G_OPTION_ARG_STRING, &default_profile,
      N_("Make a profile the account’s default (for --export)"), N_("ID") },
    { "export", 0, 0, G_OPTION_ARG_STRING, &export_format,
      N_("Print an account’s credentials as env, json, postman, python-ad-api or airbyte"),
      N_("FORMAT") },
    { "set-client-secret", 0, 0, G_OPTION_ARG_NONE, &set_client_secret,
      N_("Store a new client secret for a client ID (after rotating it)"), NULL },
    { "forget", 0, 0, G_OPTION_ARG_NONE, &forget,
      N_("Remove an account and its tokens from this computer"), NULL },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &authorize.client_id,
      N_("The Login with Amazon client ID (default: the one set in the app)"), N_("ID") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &authorize.region,
      N_("The sign-in region: na, eu or fe; with --list-profiles also all"), N_("REGION") },
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
      N_("How long to wait for the sign-in, in seconds (default: 900)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("With --list-accounts or --list-profiles: print JSON"), NULL },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile,
      N_("With --export: the advertising profile ID (default: the account’s default profile)"),
      N_("ID") },
    { "all-profiles", 0, 0, G_OPTION_ARG_NONE, &all_profiles,
      N_("With --export airbyte: every profile of the profile’s region"), NULL },
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

  {
    const struct { gboolean given; Command command; const char *option; } given[] = {
      { do_authorize, COMMAND_AUTHORIZE, "--authorize" },
      { list_accounts, COMMAND_LIST_ACCOUNTS, "--list-accounts" },
      { print_access_token, COMMAND_PRINT_ACCESS_TOKEN, "--print-access-token" },
      { list_profiles, COMMAND_LIST_PROFILES, "--list-profiles" },
      { default_profile != NULL, COMMAND_SET_DEFAULT_PROFILE, "--set-default-profile" },
      { export_format != NULL, COMMAND_EXPORT, "--export" },
      { set_client_secret, COMMAND_SET_CLIENT_SECRET, "--set-client-secret" },
      { forget, COMMAND_FORGET, "--forget" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (given); i++)
      {
        if (!given[i].given)
          continue;

        if (first_command != NULL)
          {
            exit_status = ado_cli_usage_error (_("Give one command at a time: %s and %s do not "
                                                 "go together."),
                                               first_command, given[i].option);
            goto out;
          }

        first_command = given[i].option;
        commands = given[i].command;
      }
  }

  if (demo && commands != 0)
    {
      exit_status = ado_cli_usage_error (_("--demo opens the assistant against the built-in "
                                           "imitation of Amazon; it does not go with commands."));
      goto out;
    }

  {
    const OptionUse uses[] = {
      { authorize.client_id != NULL, COMMAND_AUTHORIZE | COMMAND_SET_CLIENT_SECRET,
        N_("--client-id goes with --authorize or --set-client-secret.") },
      { authorize.region != NULL, COMMAND_AUTHORIZE | COMMAND_LIST_PROFILES,
        N_("--region goes with --authorize or --list-profiles.") },
      { authorize.port != 0, COMMAND_AUTHORIZE, N_("--port goes with --authorize.") },
      { authorize.redirect_uri != NULL, COMMAND_AUTHORIZE,
        N_("--redirect-uri goes with --authorize.") },
      { authorize.scope != NULL, COMMAND_AUTHORIZE, N_("--scope goes with --authorize.") },
      { authorize.name != NULL, COMMAND_AUTHORIZE, N_("--name goes with --authorize.") },
      { authorize.no_browser, COMMAND_AUTHORIZE, N_("--no-browser goes with --authorize.") },
      { authorize.timeout != 0, COMMAND_AUTHORIZE, N_("--timeout goes with --authorize.") },
      { authorize.account != NULL,
        COMMAND_AUTHORIZE | COMMAND_PRINT_ACCESS_TOKEN | COMMAND_EXPORT | COMMAND_FORGET |
        COMMAND_LIST_PROFILES | COMMAND_SET_DEFAULT_PROFILE,
        N_("--account goes with --authorize, --print-access-token, --list-profiles, "
           "--set-default-profile, --export or --forget.") },
      { json, COMMAND_LIST_ACCOUNTS | COMMAND_LIST_PROFILES,
        N_("--json goes with --list-accounts or --list-profiles.") },
      { profile != NULL, COMMAND_EXPORT, N_("--profile goes with --export.") },
      { all_profiles, COMMAND_EXPORT, N_("--all-profiles goes with --export airbyte.") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (uses); i++)
      {
        if (uses[i].given && (uses[i].commands & commands) == 0)
          {
            exit_status = ado_cli_usage_error (_("%s Run “ads-onboarding --help” for the "
                                                 "commands."),
                                               _(uses[i].message));
            goto out;
          }
      }
  }

  switch (commands)
    {
    case COMMAND_AUTHORIZE:
      exit_status = ado_cli_authorize (&authorize);
      goto out;

    case COMMAND_LIST_ACCOUNTS:
      exit_status = ado_cli_list_accounts (json);
      goto out;

    case COMMAND_PRINT_ACCESS_TOKEN:
      exit_status = ado_cli_print_access_token (authorize.account);
      goto out;

    case COMMAND_LIST_PROFILES:
      exit_status = ado_cli_list_profiles (authorize.account, authorize.region, json);
      goto out;

    case COMMAND_SET_DEFAULT_PROFILE:
      exit_status = ado_cli_set_default_profile (authorize.account, default_profile);
      goto out;

    case COMMAND_EXPORT:
      exit_status = ado_cli_export (export_format, authorize.account, profile, all_profiles);
      goto out;

    case COMMAND_SET_CLIENT_SECRET:
      exit_status = ado_cli_set_client_secret (authorize.client_id);
      goto out;

    case COMMAND_FORGET:
      exit_status = ado_cli_forget (authorize.account);
      goto out;

    default:
      /* No command: the window */
      break;
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
  g_free (export_format);
  g_free (profile);
  g_free (default_profile);

  return exit_status;
}
