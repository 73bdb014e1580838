/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "service/ado-accounts.h"

G_BEGIN_DECLS

/* For the commands: one asynchronous operation at a time, its result
 * waited for in the default main context. */

void                ado_cli_wait_cb        (GObject        *object,
                                            GAsyncResult   *result,
                                            gpointer        user_data);
void                ado_cli_wait_for       (GAsyncResult  **result);
AdoAccounts        *ado_cli_load_accounts  (GError        **error);
AdoAccount         *ado_cli_load_account   (const char     *account_name,
                                            AdoAccounts   **accounts,
                                            GError        **error);

G_END_DECLS
