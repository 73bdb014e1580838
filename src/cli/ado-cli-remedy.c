/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ado-cli-remedy.h"
#include "ado-error.h"

/*
 * The command line's words for what to do about an error: the core's
 * message says what happened, the error's action and facts say what puts
 * it right, and here that becomes the command to run.
 */

/* The core's sentence without its full stop, to go on after a semicolon */
static char *
clause (const GError *error)
{
  const char *message = error->message;
  gsize length = strlen (message);

  if (length > 0 && message[length - 1] == '.')
    length--;

  return g_strndup (message, length);
}

/**
 * ado_cli_error_message:
 * @error: an error of any domain
 *
 * Returns: (transfer full): what the command line tells about @error: its
 *   message, and for an %ADO_ERROR with an action the command that puts
 *   it right
 */
char *
ado_cli_error_message (const GError *error)
{
  const char *account_id;
  const char *client_id;
  g_autofree char *command = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  account_id = ado_error_get_account_id (error);
  client_id = ado_error_get_client_id (error);

  switch (ado_error_get_action (error))
    {
    case ADO_ERROR_ACTION_RECONNECT:
      command = account_id != NULL
                ? g_strdup_printf ("ads-onboarding --authorize --account %s", account_id)
                : g_strdup ("ads-onboarding --authorize");
      what = clause (error);
      /* Translators: the first %s is a sentence without its full stop, the second a command */
      return g_strdup_printf (_("%s; reconnect with “%s” or the Reconnect button."),
                              what, command);

    case ADO_ERROR_ACTION_RECONNECT_WITH_REGION:
      command = account_id != NULL
                ? g_strdup_printf ("ads-onboarding --authorize --account %s --region na",
                                   account_id)
                : g_strdup ("ads-onboarding --authorize --region na");
      what = clause (error);
      /* Translators: the first %s is a sentence without its full stop, the second a command */
      return g_strdup_printf (_("%s; reconnect it with “%s” (or eu, fe)."), what, command);

    case ADO_ERROR_ACTION_STORE_CLIENT_SECRET:
    case ADO_ERROR_ACTION_REPLACE_CLIENT_SECRET:
      if (client_id == NULL)
        break;
      command = g_strdup_printf ("ads-onboarding --set-client-secret --client-id %s", client_id);
      what = clause (error);
      if (ado_error_get_action (error) == ADO_ERROR_ACTION_STORE_CLIENT_SECRET)
        /* Translators: the first %s is a sentence without its full stop, the second a command */
        return g_strdup_printf (_("%s; store it with “%s”, then try again."), what, command);
      /* Translators: the first %s is a sentence without its full stop, the second a command */
      return g_strdup_printf (_("%s; if the secret was changed in the security profile, store "
                                "the new one with “%s” or Update client secret in the app."),
                              what, command);

    case ADO_ERROR_ACTION_CONNECT_ACCOUNT:
      /* Translators: the first %s is a sentence, the second a command */
      return g_strdup_printf (_("%s Run “%s” to connect one."), error->message,
                              "ads-onboarding --authorize");

    case ADO_ERROR_ACTION_CHOOSE_ACCOUNT:
      if (g_error_matches (error, ADO_ERROR, ADO_ERROR_AMBIGUOUS_ACCOUNT))
        /* Translators: the first %s is a sentence, the second a command */
        return g_strdup_printf (_("%s Run “%s” to see them."), error->message,
                                "ads-onboarding --list-accounts");
      /* Translators: the first %s is a sentence, the second a command */
      return g_strdup_printf (_("%s Run “%s” to see the accounts."), error->message,
                              "ads-onboarding --list-accounts");

    case ADO_ERROR_ACTION_NONE:
    default:
      break;
    }

  return g_strdup (error->message);
}
