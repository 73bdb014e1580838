/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ado-account.h"
#include "ado-account-registry.h"
#include "ado-credential-store.h"
#include "auth/ado-token-client.h"

G_BEGIN_DECLS

typedef struct
{
  const char *account_id;     /* nullable: the account to reconnect */
  const char *name;           /* nullable: the new account's name */
  const char *client_id;
  const char *client_secret;
  const char *region;
  const char *redirect_uri;
} AdoConnectionDetails;

void        ado_connection_save_async  (AdoCredentialStore          *store,
                                        AdoAccountRegistry          *registry,
                                        const AdoConnectionDetails  *details,
                                        AdoTokenResponse            *tokens,
                                        GCancellable                *cancellable,
                                        GAsyncReadyCallback          callback,
                                        gpointer                     user_data);
AdoAccount *ado_connection_save_finish (GAsyncResult                *result,
                                        GError                     **error);

G_END_DECLS
