/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"

G_BEGIN_DECLS

#define ADO_TYPE_PENDING_PAGE (ado_pending_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoPendingPage, ado_pending_page, ADO, PENDING_PAGE, AdoPage)

GtkWidget *ado_pending_page_new (AdoProgress *progress,
                                 AdoStep      step);

G_END_DECLS
