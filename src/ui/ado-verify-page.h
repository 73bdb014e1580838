/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"
#include "service/ado-accounts.h"

G_BEGIN_DECLS

#define ADO_TYPE_VERIFY_PAGE (ado_verify_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoVerifyPage, ado_verify_page, ADO, VERIFY_PAGE, AdoPage)

GtkWidget *ado_verify_page_new         (AdoProgress        *progress,
                                        AdoAccounts        *accounts);
void       ado_verify_page_set_account (AdoVerifyPage      *self,
                                        const char         *account_id);
void       ado_verify_page_reload      (AdoVerifyPage      *self);

G_END_DECLS
