/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ads/ado-account.h"

G_BEGIN_DECLS

#define ADO_TYPE_ACCOUNT_ROW (ado_account_row_get_type ())

G_DECLARE_FINAL_TYPE (AdoAccountRow, ado_account_row, ADO, ACCOUNT_ROW, AdwExpanderRow)

GtkWidget  *ado_account_row_new         (AdoAccount    *account);
AdoAccount *ado_account_row_get_account (AdoAccountRow *self);
void        ado_account_row_set_state   (AdoAccountRow *self,
                                         const char    *icon_name,
                                         const char    *style,
                                         const char    *text);

G_END_DECLS
