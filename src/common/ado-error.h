/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADO_ERROR (ado_error_quark ())

/* Each code says what the user has to do about it. The messages are
 * translated when the error is made and never contain a secret. */
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

GQuark ado_error_quark (void);

G_END_DECLS
