/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-profiles-client.h"

G_BEGIN_DECLS

/* For ado-profiles-client.c, which fills it in */
struct _AdoProfilesResult
{
  GObject     parent_instance;

  guint       n_regions;
  AdoRegion   regions[ADO_N_REGIONS];
  gboolean    asked[ADO_N_REGIONS];
  GPtrArray  *profiles[ADO_N_REGIONS];
  GError     *errors[ADO_N_REGIONS];
};

G_END_DECLS
