/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ads/ado-amazon.h"

G_BEGIN_DECLS

#define ADO_TYPE_REGION_ACTION_ROW (ado_region_action_row_get_type ())

G_DECLARE_DERIVABLE_TYPE (AdoRegionActionRow, ado_region_action_row,
                          ADO, REGION_ACTION_ROW, AdwActionRow)

struct _AdoRegionActionRowClass
{
  AdwActionRowClass parent_class;
};

AdoRegion ado_region_action_row_get_region (AdoRegionActionRow *self);

G_END_DECLS
