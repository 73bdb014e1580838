/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

G_BEGIN_DECLS

void   ado_keyring_search_async  (const SecretSchema   *schema,
                                  GHashTable           *attributes,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
GList *ado_keyring_search_finish (GAsyncResult         *result,
                                  GError              **error);
gboolean ado_keyring_item_vanished (const GError       *error);

G_END_DECLS
