/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"

G_BEGIN_DECLS

#define ADO_TYPE_APPLY_PAGE (ado_apply_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoApplyPage, ado_apply_page, ADO, APPLY_PAGE, AdoPage)

GtkWidget *ado_apply_page_new (AdoProgress *progress);

G_END_DECLS
