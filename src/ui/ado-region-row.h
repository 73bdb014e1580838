/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ado-region-action-row.h"

G_BEGIN_DECLS

#define ADO_TYPE_REGION_ROW (ado_region_row_get_type ())

G_DECLARE_FINAL_TYPE (AdoRegionRow, ado_region_row, ADO, REGION_ROW, AdoRegionActionRow)

void ado_region_row_set_signed_in (AdoRegionRow *self,
                                   gboolean      signed_in);

G_END_DECLS
