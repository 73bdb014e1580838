/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-account-registry.h"
#include "ado-credential-store.h"

G_BEGIN_DECLS

int      ado_pending_sign_in_begin (AdoAccountRegistry   *registry,
                                    const char           *account_id,
                                    const char           *client_id,
                                    gboolean              demo,
                                    GError              **error);
void     ado_pending_sign_in_end   (AdoAccountRegistry   *registry,
                                    const char           *account_id,
                                    int                   fd,
                                    gboolean              listed);

void     ado_orphans_sweep_async   (AdoCredentialStore   *store,
                                    AdoAccountRegistry   *registry,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean ado_orphans_sweep_finish  (GAsyncResult         *result,
                                    guint                *n_swept,
                                    GError              **error);

G_END_DECLS
