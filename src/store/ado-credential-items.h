/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "ado-credential-store.h"

G_BEGIN_DECLS

/* For AdoCredentialStore only. */

extern const char * const ado_credential_kind_ids[];

const SecretSchema *ado_credential_schema            (void);
GHashTable         *ado_credential_attributes_new    (const char         *kind,
                                                      const char         *client_id,
                                                      const char         *account_id,
                                                      gboolean            demo);
GHashTable         *ado_credential_schema_attributes (GHashTable         *found);
gboolean            ado_credential_same_attributes   (GHashTable         *a,
                                                      GHashTable         *b);
char               *ado_credential_label             (AdoSecretKind       kind,
                                                      const char         *client_id,
                                                      const char         *account_id,
                                                      gboolean            demo);
gboolean            ado_credential_item_is_ours      (SecretRetrievable  *item,
                                                      gboolean            demo,
                                                      AdoSecretKind       kind,
                                                      gboolean            all_tokens);
gboolean            ado_credential_item_is_locked    (SecretRetrievable  *item);
gint64              ado_credential_item_expires_at   (SecretRetrievable  *item);

G_END_DECLS
