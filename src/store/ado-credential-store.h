/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "common/ado-secret.h"

G_BEGIN_DECLS

/* What other tools find in the keyring (see the README): items of this
 * schema with string attributes kind, client_id, and on tokens account_id
 * and region, and on access tokens expires_at (Unix seconds as decimal
 * text). Demo items also carry demo=true. The secret is the bare value. */
#define ADO_CREDENTIAL_SCHEMA_NAME "io.github.adsonboarding.AdsOnboarding.Credential"

typedef enum
{
  ADO_SECRET_KIND_CLIENT_SECRET,
  ADO_SECRET_KIND_REFRESH_TOKEN,
  ADO_SECRET_KIND_ACCESS_TOKEN,
} AdoSecretKind;

/* Which items of an account a look-up or a removal is about */
typedef enum /*< flags >*/
{
  ADO_CREDENTIAL_CLIENT_SECRET = 1 << ADO_SECRET_KIND_CLIENT_SECRET,
  ADO_CREDENTIAL_REFRESH_TOKEN = 1 << ADO_SECRET_KIND_REFRESH_TOKEN,
  ADO_CREDENTIAL_ACCESS_TOKEN  = 1 << ADO_SECRET_KIND_ACCESS_TOKEN,
  ADO_CREDENTIAL_TOKENS        = ADO_CREDENTIAL_REFRESH_TOKEN | ADO_CREDENTIAL_ACCESS_TOKEN,
  ADO_CREDENTIAL_ALL           = ADO_CREDENTIAL_CLIENT_SECRET | ADO_CREDENTIAL_TOKENS,
} AdoCredentialKinds;

/* What the keyring holds for one account: each item %NULL when it is not
 * stored or was not asked for. Free it with ado_account_credentials_free(),
 * which wipes the secrets. */
typedef struct
{
  AdoSecret *client_secret;
  AdoSecret *refresh_token;
  AdoSecret *access_token;
  gint64     access_token_expires_at;   /* Unix seconds; 0 without an access token */
} AdoAccountCredentials;

#define ADO_TYPE_CREDENTIAL_STORE (ado_credential_store_get_type ())

G_DECLARE_FINAL_TYPE (AdoCredentialStore, ado_credential_store, ADO, CREDENTIAL_STORE, GObject)

const char         *ado_secret_kind_get_id                    (AdoSecretKind         kind);
void                ado_account_credentials_free              (AdoAccountCredentials *credentials);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoAccountCredentials, ado_account_credentials_free)

AdoCredentialStore *ado_credential_store_new                  (gboolean              demo);
gboolean            ado_credential_store_get_demo             (AdoCredentialStore   *self);
void                ado_credential_store_store_async          (AdoCredentialStore   *self,
                                                               AdoSecretKind         kind,
                                                               const char           *client_id,
                                                               const char           *account_id,
                                                               const char           *region,
                                                               gint64                expires_at,
                                                               const char           *secret,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean            ado_credential_store_store_finish         (AdoCredentialStore   *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                ado_credential_store_lookup_async         (AdoCredentialStore   *self,
                                                               AdoSecretKind         kind,
                                                               const char           *client_id,
                                                               const char           *account_id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
char               *ado_credential_store_lookup_finish        (AdoCredentialStore   *self,
                                                               GAsyncResult         *result,
                                                               gint64               *expires_at,
                                                               GError              **error);
void                ado_credential_store_clear_async          (AdoCredentialStore   *self,
                                                               AdoSecretKind         kind,
                                                               const char           *client_id,
                                                               const char           *account_id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean            ado_credential_store_clear_finish         (AdoCredentialStore   *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                ado_credential_store_clear_account_async  (AdoCredentialStore   *self,
                                                               const char           *client_id,
                                                               const char           *account_id,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean            ado_credential_store_clear_account_finish (AdoCredentialStore   *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                ado_credential_store_lookup_account_async (AdoCredentialStore   *self,
                                                               const char           *client_id,
                                                               const char           *account_id,
                                                               AdoCredentialKinds    kinds,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
AdoAccountCredentials *
                    ado_credential_store_lookup_account_finish (AdoCredentialStore  *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                ado_credential_store_remove_account_async (AdoCredentialStore   *self,
                                                               const char           *client_id,
                                                               const char           *account_id,
                                                               AdoCredentialKinds    kinds,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean            ado_credential_store_remove_account_finish (AdoCredentialStore  *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

G_END_DECLS
