/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-secret"

#include "config.h"

#include <libsecret/secret.h>

#include "ado-secret.h"

/**
 * ado_secret_free:
 * @secret: (nullable): a secret from the keyring or typed by the person
 *
 * Wipes @secret, then frees it.
 */
void
ado_secret_free (char *secret)
{
  secret_password_free (secret);
}
