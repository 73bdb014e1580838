/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ads/ado-account.h"
#include "ads/ado-amazon.h"
#include "ads/ado-export.h"
#include "service/ado-profiles-client.h"
#include "service/ado-sign-in.h"
#include "common/ado-secret.h"

G_BEGIN_DECLS

#define ADO_TYPE_ACCOUNTS (ado_accounts_get_type ())

G_DECLARE_FINAL_TYPE (AdoAccounts, ado_accounts, ADO, ACCOUNTS, GObject)

/* The storage the accounts live in, for tests that look below the service */
typedef struct _AdoCredentialStore AdoCredentialStore;
typedef struct _AdoAccountRegistry AdoAccountRegistry;

AdoAccounts         *ado_accounts_new                        (gboolean              demo);
AdoAccounts         *ado_accounts_new_for_storage            (AdoCredentialStore   *store,
                                                              AdoAccountRegistry   *registry);
gboolean             ado_accounts_get_demo                   (AdoAccounts          *self);
AdoCredentialStore  *ado_accounts_get_store                  (AdoAccounts          *self);
AdoAccountRegistry  *ado_accounts_get_registry               (AdoAccounts          *self);

/* The list (a GListModel of AdoAccount, as last loaded) */
void                 ado_accounts_load_async                 (AdoAccounts          *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             ado_accounts_load_finish                (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
guint                ado_accounts_get_n_accounts             (AdoAccounts          *self);
AdoAccount          *ado_accounts_get_account                (AdoAccounts          *self,
                                                              const char           *id);
AdoAccount          *ado_accounts_find                       (AdoAccounts          *self,
                                                              const char           *id_or_name,
                                                              GError              **error);

/* Changes to an account's record: renaming, the default profile */
gboolean             ado_accounts_rename                     (AdoAccounts          *self,
                                                              AdoAccount           *account,
                                                              const char           *name,
                                                              GError              **error);
void                 ado_accounts_save_async                 (AdoAccounts          *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             ado_accounts_save_finish                (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* The client secret of a client ID, kept in the keyring */
void                 ado_accounts_lookup_client_secret_async (AdoAccounts          *self,
                                                              const char           *client_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
char                *ado_accounts_lookup_client_secret_finish (AdoAccounts         *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                 ado_accounts_set_client_secret_async    (AdoAccounts          *self,
                                                              const char           *client_id,
                                                              const char           *secret,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             ado_accounts_set_client_secret_finish   (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* Signing in: see AdoSignIn */
AdoSignIn           *ado_accounts_sign_in                    (AdoAccounts          *self,
                                                              const AdoSignInDetails *details,
                                                              GError              **error);

/* An account's access token: cached, refreshed once for all callers */
void                 ado_accounts_get_access_token_async     (AdoAccounts          *self,
                                                              AdoAccount           *account,
                                                              gboolean              force_refresh,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
char                *ado_accounts_get_access_token_finish    (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              gint64               *expires_at,
                                                              GError              **error);
/* Whether a cached one is there, and until when, without refreshing */
void                 ado_accounts_peek_access_token_async    (AdoAccounts          *self,
                                                              AdoAccount           *account,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             ado_accounts_peek_access_token_finish   (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              gint64               *expires_at,
                                                              GError              **error);

/* The account's profiles in the given regions (NULL, 0: all three) */
void                 ado_accounts_list_profiles_async        (AdoAccounts          *self,
                                                              AdoAccount           *account,
                                                              const AdoRegion      *regions,
                                                              guint                 n_regions,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
AdoProfilesResult   *ado_accounts_list_profiles_finish       (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* Keeps the profile as the account's default (ID, region, country, type) */
void                 ado_accounts_set_default_profile_async  (AdoAccounts          *self,
                                                              AdoAccount           *account,
                                                              AdoProfile           *profile,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             ado_accounts_set_default_profile_finish (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* What an export of the account holds */
void                 ado_accounts_export_async               (AdoAccounts          *self,
                                                              AdoAccount           *account,
                                                              AdoExportFormat       format,
                                                              const char           *profile_id,
                                                              gboolean              all_profiles,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
AdoExportCredentials *ado_accounts_export_finish             (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* Removes the account's tokens and its record */
void                 ado_accounts_forget_async               (AdoAccounts          *self,
                                                              AdoAccount           *account,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             ado_accounts_forget_finish              (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* Removes the tokens of sign-ins that were interrupted before their account
 * was listed */
void                 ado_accounts_sweep_async                (AdoAccounts          *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             ado_accounts_sweep_finish               (AdoAccounts          *self,
                                                              GAsyncResult         *result,
                                                              guint                *n_swept,
                                                              GError              **error);

G_END_DECLS
