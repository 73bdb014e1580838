/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ado_cli_print_access_token (const char *account_name);
int ado_cli_export             (const char *format_name,
                                const char *account_name,
                                const char *profile_id,
                                gboolean    all_profiles);

G_END_DECLS
