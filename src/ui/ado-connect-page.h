/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"
#include "service/ado-accounts.h"

G_BEGIN_DECLS

#define ADO_TYPE_CONNECT_PAGE (ado_connect_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoConnectPage, ado_connect_page, ADO, CONNECT_PAGE, AdoPage)

GtkWidget  *ado_connect_page_new                (AdoProgress        *progress,
                                                 AdoAccounts        *accounts);
void        ado_connect_page_set_client_secret  (AdoConnectPage     *self,
                                                 const char         *secret);
void        ado_connect_page_set_account        (AdoConnectPage     *self,
                                                 const char         *account_id);
const char *ado_connect_page_get_last_account_id (AdoConnectPage    *self);

G_END_DECLS
