/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "ado-keyring.h"

G_BEGIN_DECLS

/* For the ado-keyring*.c files only */

GError   *_ado_keyring_unavailable_error (void);

/* ado-keyring-prompt.c: shows the prompt at @path; FALSE with
 * ADO_ERROR_KEYRING_LOCKED when dismissed. Cancelling dismisses it. */
void      _ado_keyring_prompt_async      (SecretService        *service,
                                          const char           *path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  _ado_keyring_prompt_finish     (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
