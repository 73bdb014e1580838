/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"
#include "service/ado-accounts.h"

G_BEGIN_DECLS

#define ADO_TYPE_ACCOUNTS_PAGE (ado_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoAccountsPage, ado_accounts_page, ADO, ACCOUNTS_PAGE, AdoPage)

GtkWidget *ado_accounts_page_new    (AdoProgress        *progress,
                                     AdoAccounts        *accounts);
void       ado_accounts_page_reload (AdoAccountsPage    *self);

G_END_DECLS
