/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ado_cli_list_profiles       (const char *account_name,
                                 const char *region_name,
                                 gboolean    json);
int ado_cli_set_default_profile (const char *account_name,
                                 const char *profile_id);

G_END_DECLS
