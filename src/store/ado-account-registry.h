/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ado-account.h"

G_BEGIN_DECLS

#define ADO_TYPE_ACCOUNT_REGISTRY (ado_account_registry_get_type ())

G_DECLARE_FINAL_TYPE (AdoAccountRegistry, ado_account_registry, ADO, ACCOUNT_REGISTRY, GObject)

AdoAccountRegistry *ado_account_registry_new               (gboolean              demo);
AdoAccountRegistry *ado_account_registry_new_for_file      (GFile                *file);
GFile              *ado_account_registry_get_file          (AdoAccountRegistry   *self);
void                ado_account_registry_load_async        (AdoAccountRegistry   *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            ado_account_registry_load_finish       (AdoAccountRegistry   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void                ado_account_registry_save_async        (AdoAccountRegistry   *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean            ado_account_registry_save_finish       (AdoAccountRegistry   *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
guint               ado_account_registry_get_n_accounts    (AdoAccountRegistry   *self);
AdoAccount         *ado_account_registry_get_account       (AdoAccountRegistry   *self,
                                                            const char           *id);
void                ado_account_registry_add               (AdoAccountRegistry   *self,
                                                            AdoAccount           *account);
gboolean            ado_account_registry_remove            (AdoAccountRegistry   *self,
                                                            AdoAccount           *account);
gboolean            ado_account_registry_rename            (AdoAccountRegistry   *self,
                                                            AdoAccount           *account,
                                                            const char           *name,
                                                            GError              **error);
AdoAccount         *ado_account_registry_find              (AdoAccountRegistry   *self,
                                                            const char           *id_or_name,
                                                            GError              **error);
char               *ado_account_registry_next_default_name (AdoAccountRegistry   *self,
                                                            const char           *region);

G_END_DECLS
