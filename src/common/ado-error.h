/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADO_ERROR (ado_error_quark ())

/* Each code says what the user has to do about it. The messages are
 * translated when the error is made and never contain a secret. A message
 * says what happened, never how a face (the command line, the window)
 * lets the person put it right: the face adds that from the error's
 * action and facts (ado_error_get_action(), ado_error_get_account_id() …). */
typedef enum
{
  ADO_ERROR_FAILED,
  ADO_ERROR_INVALID_CLIENT_ID,
  ADO_ERROR_INVALID_REDIRECT_URI,
  ADO_ERROR_INVALID_INPUT,
  ADO_ERROR_BROWSER,
  /* Configuration (command line: exit 2) */
  ADO_ERROR_OVERRIDE_REFUSED,
  ADO_ERROR_PORT_IN_USE,
  ADO_ERROR_UNKNOWN_ACCOUNT,
  ADO_ERROR_AMBIGUOUS_ACCOUNT,
  ADO_ERROR_MISSING_CLIENT_SECRET,
  ADO_ERROR_UNKNOWN_PROFILE,
  ADO_ERROR_PROFILE_REQUIRED,
  /* Authorization (exit 3) */
  ADO_ERROR_TIMED_OUT,
  ADO_ERROR_STATE_MISMATCH,
  ADO_ERROR_ACCESS_DENIED,
  ADO_ERROR_INVALID_GRANT,
  ADO_ERROR_INVALID_CLIENT,
  ADO_ERROR_INVALID_SCOPE,
  /* Network and servers (exit 4) */
  ADO_ERROR_NETWORK,
  ADO_ERROR_TLS,
  ADO_ERROR_SERVER,
  ADO_ERROR_BAD_RESPONSE,
  /* Keyring (exit 5) */
  ADO_ERROR_KEYRING_UNAVAILABLE,
  ADO_ERROR_KEYRING_LOCKED,
  /* Storage (exit 1) */
  ADO_ERROR_REGISTRY_DAMAGED,
} AdoError;

/* What the person has to do, where the code alone does not say it; each
 * face says it in its own words (a command, a button) */
typedef enum
{
  ADO_ERROR_ACTION_NONE,
  ADO_ERROR_ACTION_RECONNECT,              /* sign in to the account again */
  ADO_ERROR_ACTION_RECONNECT_WITH_REGION,  /* sign in again, naming the region */
  ADO_ERROR_ACTION_STORE_CLIENT_SECRET,    /* none is stored for the client ID */
  ADO_ERROR_ACTION_REPLACE_CLIENT_SECRET,  /* the stored one may be outdated */
  ADO_ERROR_ACTION_CONNECT_ACCOUNT,        /* no account is connected yet */
  ADO_ERROR_ACTION_CHOOSE_ACCOUNT,         /* see the accounts, name one */
} AdoErrorAction;

GQuark          ado_error_quark           (void);

AdoErrorAction  ado_error_get_action      (const GError   *error);
void            ado_error_set_action      (GError         *error,
                                           AdoErrorAction  action);
const char     *ado_error_get_account_id  (const GError   *error);
void            ado_error_set_account_id  (GError         *error,
                                           const char     *account_id);
const char     *ado_error_get_client_id   (const GError   *error);
void            ado_error_set_client_id   (GError         *error,
                                           const char     *client_id);
const char     *ado_error_get_region      (const GError   *error);
void            ado_error_set_region      (GError         *error,
                                           const char     *region);
const char     *ado_error_get_profile_id  (const GError   *error);
void            ado_error_set_profile_id  (GError         *error,
                                           const char     *profile_id);
guint           ado_error_get_http_status (const GError   *error);
void            ado_error_set_http_status (GError         *error,
                                           guint           status);

G_END_DECLS
