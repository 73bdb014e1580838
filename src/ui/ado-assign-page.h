/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"

G_BEGIN_DECLS

#define ADO_TYPE_ASSIGN_PAGE (ado_assign_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoAssignPage, ado_assign_page, ADO, ASSIGN_PAGE, AdoPage)

GtkWidget *ado_assign_page_new (AdoProgress *progress);

G_END_DECLS
