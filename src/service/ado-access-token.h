/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ado-account.h"
#include "ado-account-registry.h"
#include "ado-credential-store.h"

G_BEGIN_DECLS

/* A cached access token is used while more than this many seconds remain */
#define ADO_ACCESS_TOKEN_MARGIN_SECONDS 300

gboolean  ado_access_token_is_fresh    (gint64                expires_at,
                                        gint64                now);
void      ado_access_token_get_async   (AdoCredentialStore   *store,
                                        AdoAccountRegistry   *registry,
                                        AdoAccount           *account,
                                        gboolean              force_refresh,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
char     *ado_access_token_get_finish  (GAsyncResult         *result,
                                        gint64               *expires_at,
                                        GError              **error);
void      ado_access_token_peek_async  (AdoCredentialStore   *store,
                                        AdoAccount           *account,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  ado_access_token_peek_finish (GAsyncResult         *result,
                                        gint64               *expires_at,
                                        GError              **error);
GError   *ado_access_token_new_missing_error (AdoSecretKind   kind,
                                              const char     *client_id,
                                              const char     *account_id);
GError   *ado_access_token_new_region_error  (const char     *client_id,
                                              const char     *account_id);

G_END_DECLS
