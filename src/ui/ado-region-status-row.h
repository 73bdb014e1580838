/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ado-region-action-row.h"

G_BEGIN_DECLS

#define ADO_TYPE_REGION_STATUS_ROW (ado_region_status_row_get_type ())

G_DECLARE_FINAL_TYPE (AdoRegionStatusRow, ado_region_status_row,
                      ADO, REGION_STATUS_ROW, AdoRegionActionRow)

void ado_region_status_row_set_status (AdoRegionStatusRow *self,
                                       const char         *icon_name,
                                       const char         *style,
                                       const char         *text);

G_END_DECLS
