/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-error-text"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-error-text.h"
#include "ado-error.h"

/*
 * The window's words for what to do about an error: the core's message
 * says what happened; the error's action becomes the button to press.
 * (The command line says it with a command: cli/ado-cli-remedy.c.)
 */

/**
 * ado_error_text:
 * @error: an error of any domain
 *
 * Returns: (transfer full): what the window shows for @error: its message,
 *   and for an %ADO_ERROR with an action, where in the window to put it right
 */
char *
ado_error_text (const GError *error)
{
  const char *remedy = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  switch (ado_error_get_action (error))
    {
    case ADO_ERROR_ACTION_RECONNECT:
      remedy = _("Press Reconnect on the Accounts page to sign in again.");
      break;

    case ADO_ERROR_ACTION_RECONNECT_WITH_REGION:
      remedy = _("Press Reconnect on the Accounts page and choose its region.");
      break;

    case ADO_ERROR_ACTION_STORE_CLIENT_SECRET:
      remedy = _("On the Accounts page, enter it with Update Client Secret… in the account’s "
                 "More Actions menu, then try again.");
      break;

    case ADO_ERROR_ACTION_REPLACE_CLIENT_SECRET:
      remedy = _("If the secret was changed in the security profile, enter the new one with "
                 "Update Client Secret… in the account’s More Actions menu on the Accounts "
                 "page.");
      break;

    /* The window lists the accounts and connects them itself */
    case ADO_ERROR_ACTION_CONNECT_ACCOUNT:
    case ADO_ERROR_ACTION_CHOOSE_ACCOUNT:
    case ADO_ERROR_ACTION_NONE:
    default:
      break;
    }

  if (remedy == NULL)
    return g_strdup (error->message);

  /* Translators: a sentence, then what to do about it */
  return g_strdup_printf (_("%s %s"), error->message, remedy);
}
