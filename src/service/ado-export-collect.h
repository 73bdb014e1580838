/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ado-account.h"
#include "ado-account-registry.h"
#include "ado-credential-store.h"
#include "ads/ado-export.h"

G_BEGIN_DECLS

void                  ado_export_collect_async  (AdoCredentialStore   *store,
                                                 AdoAccountRegistry   *registry,
                                                 AdoAccount           *account,
                                                 AdoExportFormat       format,
                                                 const char           *profile_id,
                                                 gboolean              all_profiles,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
AdoExportCredentials *ado_export_collect_finish (GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
