/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"

G_BEGIN_DECLS

#define ADO_TYPE_CLIENT_PAGE (ado_client_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoClientPage, ado_client_page, ADO, CLIENT_PAGE, AdoPage)

GtkWidget *ado_client_page_new              (AdoProgress   *progress);
char      *ado_client_page_dup_client_secret (AdoClientPage *self);

G_END_DECLS
