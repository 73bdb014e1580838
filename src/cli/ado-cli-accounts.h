/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ado_cli_list_accounts     (gboolean    json);
int ado_cli_forget            (const char *account_name);
int ado_cli_set_client_secret (const char *client_id_option);

G_END_DECLS
