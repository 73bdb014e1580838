/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-page.h"

G_BEGIN_DECLS

#define ADO_TYPE_DATA_PROVIDER_PAGE (ado_data_provider_page_get_type ())

G_DECLARE_FINAL_TYPE (AdoDataProviderPage, ado_data_provider_page, ADO, DATA_PROVIDER_PAGE, AdoPage)

GtkWidget *ado_data_provider_page_new (AdoProgress *progress);

G_END_DECLS
