/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ads/ado-profile.h"

G_BEGIN_DECLS

#define ADO_TYPE_PROFILE_ROW (ado_profile_row_get_type ())

G_DECLARE_FINAL_TYPE (AdoProfileRow, ado_profile_row, ADO, PROFILE_ROW, AdwActionRow)

GtkWidget  *ado_profile_row_new         (AdoProfile    *profile);
AdoProfile *ado_profile_row_get_profile (AdoProfileRow *self);
void        ado_profile_row_set_group   (AdoProfileRow *self,
                                         AdoProfileRow *group);
void        ado_profile_row_set_default (AdoProfileRow *self,
                                         gboolean       is_default);

G_END_DECLS
