/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ads/ado-amazon.h"

G_BEGIN_DECLS

#define ADO_TYPE_REGION_ROW (ado_region_row_get_type ())

G_DECLARE_FINAL_TYPE (AdoRegionRow, ado_region_row, ADO, REGION_ROW, AdwActionRow)

AdoRegion ado_region_row_get_region    (AdoRegionRow *self);
void      ado_region_row_set_signed_in (AdoRegionRow *self,
                                        gboolean      signed_in);

G_END_DECLS
