/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ado-account.h"
#include "ado-account-registry.h"
#include "ado-credential-store.h"

G_BEGIN_DECLS

void     ado_account_forget_async  (AdoCredentialStore   *store,
                                    AdoAccountRegistry   *registry,
                                    AdoAccount           *account,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean ado_account_forget_finish (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
