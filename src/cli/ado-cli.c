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
 *
 * Three tables say everything about the options: option_entries (what
 * GOption parses, in the order --help lists them), commands (each command's
 * option, the other options it goes with and the function that runs it) and
 * option_uses (what to say when an option comes without its command).
 */

typedef enum
{
  OPTION_VERSION,
  OPTION_DEMO,
  OPTION_AUTHORIZE,
  OPTION_LIST_ACCOUNTS,
  OPTION_PRINT_ACCESS_TOKEN,
  OPTION_LIST_PROFILES,
  OPTION_SET_DEFAULT_PROFILE,
  OPTION_EXPORT,
  OPTION_SET_CLIENT_SECRET,
  OPTION_FORGET,
  OPTION_CLIENT_ID,
  OPTION_REGION,
  OPTION_PORT,
  OPTION_REDIRECT_URI,
  OPTION_SCOPE,
  OPTION_NAME,
  OPTION_ACCOUNT,
  OPTION_NO_BROWSER,
  OPTION_TIMEOUT,
  OPTION_JSON,
  OPTION_PROFILE,
  OPTION_ALL_PROFILES,
  OPTION_GAPPLICATION_SERVICE,
  N_OPTIONS
} Option;

G_STATIC_ASSERT (N_OPTIONS <= 32);

#define OPTION_BIT(option) (1u << (option))

/* Where GOption puts an option's value: the member that its entry's arg type names */
typedef union
{
  gboolean  flag;     /* G_OPTION_ARG_NONE */
  int       number;   /* G_OPTION_ARG_INT */
  char     *text;     /* G_OPTION_ARG_STRING */
} OptionValue;

typedef struct
{
  OptionValue values[N_OPTIONS];
  guint       given;   /* OPTION_BIT of each option given (a number other than 0) */
} Options;

typedef struct
{
  Option   option;                        /* the command's own option */
  guint    allows;                        /* OPTION_BITs of the options it goes with */
  int    (*run) (const Options *options);   /* NULL: the window */
} Command;

typedef struct
{
  Option       option;
  const char  *message;     /* untranslated: what the option goes with */
  gboolean     help_hint;   /* followed by where to read about the commands */
} OptionUse;

/* Indexed by Option; arg_data is filled in for each parse */
static const GOptionEntry option_entries[N_OPTIONS] = {
  [OPTION_VERSION] = { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  [OPTION_DEMO] = { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use a built-in imitation of Amazon instead of Amazon"), NULL },
  [OPTION_AUTHORIZE] = { "authorize", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sign in with Amazon and store the credentials; prints the account ID"), NULL },
  [OPTION_LIST_ACCOUNTS] = { "list-accounts", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the connected accounts (no secrets)"), NULL },
  [OPTION_PRINT_ACCESS_TOKEN] = { "print-access-token", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print a valid access token for an account, refreshing it when needed"), NULL },
  [OPTION_LIST_PROFILES] = { "list-profiles", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the advertising profiles an account reaches, in every region"), NULL },
  [OPTION_SET_DEFAULT_PROFILE] = { "set-default-profile", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Make a profile the account’s default (for --export)"), N_("ID") },
  [OPTION_EXPORT] = { "export", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Print an account’s credentials as env, json, postman, python-ad-api or airbyte"),
    N_("FORMAT") },
  [OPTION_SET_CLIENT_SECRET] = { "set-client-secret", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Store a new client secret for a client ID (after rotating it)"), NULL },
  [OPTION_FORGET] = { "forget", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Remove an account and its tokens from this computer"), NULL },
  [OPTION_CLIENT_ID] = { "client-id", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The Login with Amazon client ID (default: the one set in the app)"), N_("ID") },
  [OPTION_REGION] = { "region", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The sign-in region: na, eu or fe; with --list-profiles also all"), N_("REGION") },
  [OPTION_PORT] = { "port", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Short for --redirect-uri http://127.0.0.1:N/callback"), N_("N") },
  [OPTION_REDIRECT_URI] = { "redirect-uri", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The Allowed Return URL registered for the client"), N_("URI") },
  [OPTION_SCOPE] = { "scope", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The scope to ask for (default: advertising::campaign_management)"), N_("SCOPE") },
  [OPTION_NAME] = { "name", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("A name for the new account"), N_("NAME") },
  [OPTION_ACCOUNT] = { "account", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The account, by ID or name"), N_("ACCOUNT") },
  [OPTION_NO_BROWSER] = { "no-browser", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Do not open a browser; only print the address"), NULL },
  [OPTION_TIMEOUT] = { "timeout", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("How long to wait for the sign-in, in seconds (default: 900)"), N_("SECONDS") },
  [OPTION_JSON] = { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --list-accounts or --list-profiles: print JSON"), NULL },
  [OPTION_PROFILE] = { "profile", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: the advertising profile ID (default: the account’s default profile)"),
    N_("ID") },
  [OPTION_ALL_PROFILES] = { "all-profiles", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --export airbyte: every profile of the profile’s region"), NULL },
  /* Added by D-Bus activation: the window, started as a service */
  [OPTION_GAPPLICATION_SERVICE] = { "gapplication-service", 0, G_OPTION_FLAG_HIDDEN,
    G_OPTION_ARG_NONE, NULL, NULL, NULL },
};

/* The options checked against the command, in the order they are reported;
 * an option not here goes with every command (--gapplication-service) */
static const OptionUse option_uses[] = {
  { OPTION_DEMO, N_("--demo opens the assistant against the built-in imitation of Amazon; "
                    "it does not go with commands."), FALSE },
  { OPTION_CLIENT_ID, N_("--client-id goes with --authorize or --set-client-secret."), TRUE },
  { OPTION_REGION, N_("--region goes with --authorize or --list-profiles."), TRUE },
  { OPTION_PORT, N_("--port goes with --authorize."), TRUE },
  { OPTION_REDIRECT_URI, N_("--redirect-uri goes with --authorize."), TRUE },
  { OPTION_SCOPE, N_("--scope goes with --authorize."), TRUE },
  { OPTION_NAME, N_("--name goes with --authorize."), TRUE },
  { OPTION_NO_BROWSER, N_("--no-browser goes with --authorize."), TRUE },
  { OPTION_TIMEOUT, N_("--timeout goes with --authorize."), TRUE },
  { OPTION_ACCOUNT, N_("--account goes with --authorize, --print-access-token, --list-profiles, "
                       "--set-default-profile, --export or --forget."), TRUE },
  { OPTION_JSON, N_("--json goes with --list-accounts or --list-profiles."), TRUE },
  { OPTION_PROFILE, N_("--profile goes with --export."), TRUE },
  { OPTION_ALL_PROFILES, N_("--all-profiles goes with --export airbyte."), TRUE },
};

static void
options_clear (Options *options)
{
  for (guint i = 0; i < N_OPTIONS; i++)
    if (option_entries[i].arg == G_OPTION_ARG_STRING)
      g_clear_pointer (&options->values[i].text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
run_authorize (const Options *options)
{
  const OptionValue *values = options->values;
  const AdoAuthorizeOptions authorize = {
    .client_id = values[OPTION_CLIENT_ID].text,
    .region = values[OPTION_REGION].text,
    .port = values[OPTION_PORT].number,
    .redirect_uri = values[OPTION_REDIRECT_URI].text,
    .scope = values[OPTION_SCOPE].text,
    .name = values[OPTION_NAME].text,
    .account = values[OPTION_ACCOUNT].text,
    .no_browser = values[OPTION_NO_BROWSER].flag,
    .timeout = values[OPTION_TIMEOUT].number,
  };

  return ado_cli_authorize (&authorize);
}

static int
run_list_accounts (const Options *options)
{
  return ado_cli_list_accounts (options->values[OPTION_JSON].flag);
}

static int
run_print_access_token (const Options *options)
{
  return ado_cli_print_access_token (options->values[OPTION_ACCOUNT].text);
}

static int
run_list_profiles (const Options *options)
{
  return ado_cli_list_profiles (options->values[OPTION_ACCOUNT].text,
                                options->values[OPTION_REGION].text,
                                options->values[OPTION_JSON].flag);
}

static int
run_set_default_profile (const Options *options)
{
  return ado_cli_set_default_profile (options->values[OPTION_ACCOUNT].text,
                                      options->values[OPTION_SET_DEFAULT_PROFILE].text);
}

static int
run_export (const Options *options)
{
  return ado_cli_export (options->values[OPTION_EXPORT].text,
                         options->values[OPTION_ACCOUNT].text,
                         options->values[OPTION_PROFILE].text,
                         options->values[OPTION_ALL_PROFILES].flag);
}

static int
run_set_client_secret (const Options *options)
{
  return ado_cli_set_client_secret (options->values[OPTION_CLIENT_ID].text);
}

static int
run_forget (const Options *options)
{
  return ado_cli_forget (options->values[OPTION_ACCOUNT].text);
}

/* In the order --help lists them, which is the order the "one command at a time"
 * message names two of them */
static const Command commands[] = {
  { OPTION_AUTHORIZE,
    OPTION_BIT (OPTION_CLIENT_ID) | OPTION_BIT (OPTION_REGION) | OPTION_BIT (OPTION_PORT) |
    OPTION_BIT (OPTION_REDIRECT_URI) | OPTION_BIT (OPTION_SCOPE) | OPTION_BIT (OPTION_NAME) |
    OPTION_BIT (OPTION_ACCOUNT) | OPTION_BIT (OPTION_NO_BROWSER) | OPTION_BIT (OPTION_TIMEOUT),
    run_authorize },
  { OPTION_LIST_ACCOUNTS, OPTION_BIT (OPTION_JSON), run_list_accounts },
  { OPTION_PRINT_ACCESS_TOKEN, OPTION_BIT (OPTION_ACCOUNT), run_print_access_token },
  { OPTION_LIST_PROFILES,
    OPTION_BIT (OPTION_ACCOUNT) | OPTION_BIT (OPTION_REGION) | OPTION_BIT (OPTION_JSON),
    run_list_profiles },
  { OPTION_SET_DEFAULT_PROFILE, OPTION_BIT (OPTION_ACCOUNT), run_set_default_profile },
  { OPTION_EXPORT,
    OPTION_BIT (OPTION_ACCOUNT) | OPTION_BIT (OPTION_PROFILE) | OPTION_BIT (OPTION_ALL_PROFILES),
    run_export },
  { OPTION_SET_CLIENT_SECRET, OPTION_BIT (OPTION_CLIENT_ID), run_set_client_secret },
  { OPTION_FORGET, OPTION_BIT (OPTION_ACCOUNT), run_forget },
};

/* No command: the window (N_OPTIONS: it has no option of its own) */
static const Command window = { N_OPTIONS, OPTION_BIT (OPTION_DEMO), NULL };

static gboolean
value_given (GOptionArg         arg,
             const OptionValue *value)
{
  if (arg == G_OPTION_ARG_STRING)
    return value->text != NULL;
  if (arg == G_OPTION_ARG_INT)
    return value->number != 0;

  g_assert (arg == G_OPTION_ARG_NONE);
  return value->flag;
}

/* Returns: -1 when @options holds the command line, else the exit status */
static int
parse_options (Options  *options,
               char    **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  GOptionEntry entries[N_OPTIONS + 1] = { { NULL } };

  for (guint i = 0; i < N_OPTIONS; i++)
    {
      entries[i] = option_entries[i];
      entries[i].arg_data = &options->values[i];
    }

  g_option_context_set_summary (context, _("Connect to the Amazon Ads API. Without a command, "
                                           "opens the assistant."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);

  if (!g_option_context_parse_strv (context, &args, &error))
    return ado_cli_usage_error (_("%s. Run “ads-onboarding --help” for the options."),
                                error->message);

  if (args[0] != NULL && args[1] != NULL)
    return ado_cli_usage_error (_("Unexpected argument “%s”. Run “ads-onboarding --help” for "
                                  "the options."),
                                args[1]);

  for (guint i = 0; i < N_OPTIONS; i++)
    if (value_given (option_entries[i].arg, &options->values[i]))
      options->given |= OPTION_BIT (i);

  return -1;
}

/* Returns: how the messages write @option, "--name" */
static char *
option_flag (Option option)
{
  return g_strconcat ("--", option_entries[option].long_name, NULL);
}

/* Returns: -1 when *@command is the one command given (or the window), else the exit status */
static int
find_command (guint           given,
              const Command **command)
{
  *command = &window;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if ((given & OPTION_BIT (commands[i].option)) == 0)
        continue;

      if ((*command)->run != NULL)
        {
          g_autofree char *first = option_flag ((*command)->option);
          g_autofree char *second = option_flag (commands[i].option);

          return ado_cli_usage_error (_("Give one command at a time: %s and %s do not go "
                                        "together."),
                                      first, second);
        }

      *command = &commands[i];
    }

  return -1;
}

/* Returns: -1 when every option given goes with @command, else the exit status */
static int
check_options (const Command *command,
               guint          given)
{
  for (guint i = 0; i < G_N_ELEMENTS (option_uses); i++)
    {
      const OptionUse *use = &option_uses[i];

      if ((given & OPTION_BIT (use->option)) == 0 || (command->allows & OPTION_BIT (use->option)))
        continue;

      if (!use->help_hint)
        return ado_cli_usage_error ("%s", _(use->message));

      return ado_cli_usage_error (_("%s Run “ads-onboarding --help” for the commands."),
                                  _(use->message));
    }

  return -1;
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
  g_auto(Options) options = { 0 };
  const Command *command = NULL;
  int exit_status;

  g_return_val_if_fail (gui != NULL, ADO_EXIT_FAILED);

  /* Results on stdout reach a pipe line by line; everything else: stderr */
  setvbuf (stdout, NULL, _IOLBF, 0);
  g_log_writer_default_set_use_stderr (TRUE);

  exit_status = parse_options (&options, argv);
  if (exit_status >= 0)
    return exit_status;

  if (options.values[OPTION_VERSION].flag)
    {
      g_print ("ads-onboarding %s\n", PACKAGE_VERSION);
      return ADO_EXIT_OK;
    }

  exit_status = find_command (options.given, &command);
  if (exit_status < 0)
    exit_status = check_options (command, options.given);
  if (exit_status >= 0)
    return exit_status;

  if (command->run != NULL)
    return command->run (&options);

  gui->demo = options.values[OPTION_DEMO].flag;
  gui->service = options.values[OPTION_GAPPLICATION_SERVICE].flag;

  return -1;
}
