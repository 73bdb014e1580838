/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The Secret Service around the credential store: what its errors mean to
 * a person, and asking the person to unlock (or create) a keyring. Used by
 * AdoCredentialStore only. */

GError   *ado_keyring_error                  (GError               *error,
                                              GCancellable         *cancellable);
GError   *ado_keyring_locked_error           (void);
GError   *ado_keyring_no_default_error       (void);
gboolean  ado_keyring_uses_secret_service    (void);
void      ado_keyring_prepare_default_async  (gboolean              create,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean  ado_keyring_prepare_default_finish (GAsyncResult         *result,
                                              gboolean             *unlocked_now,
                                              GError              **error);
void      ado_keyring_unlock_async           (const char * const   *paths,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean  ado_keyring_unlock_finish          (GAsyncResult         *result,
                                              GError              **error);
gint64    ado_keyring_last_prompt_time       (void);

G_END_DECLS
