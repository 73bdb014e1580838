/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"

G_BEGIN_DECLS

#define ADO_TYPE_WELCOME_PAGE (ado_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoWelcomePage, ado_welcome_page, ADO, WELCOME_PAGE, AdoPage)

GtkWidget *ado_welcome_page_new (AdoProgress *progress);

G_END_DECLS
