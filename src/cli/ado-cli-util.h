/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit statuses of SPEC §6 */
typedef enum
{
  ADO_EXIT_OK            = 0,
  ADO_EXIT_FAILED        = 1,
  ADO_EXIT_USAGE         = 2,
  ADO_EXIT_AUTHORIZATION = 3,
  ADO_EXIT_NETWORK       = 4,
  ADO_EXIT_KEYRING       = 5,
} AdoExit;

AdoExit    ado_cli_exit_for_error  (const GError        *error);
AdoExit    ado_cli_fail            (const GError        *error);
AdoExit    ado_cli_usage_error     (const char          *format,
                                    ...) G_GNUC_PRINTF (1, 2);
char      *ado_cli_prompt_secret   (const char          *prompt,
                                    GError             **error);
GPtrArray *ado_cli_table_new       (const char * const  *header,
                                    guint                n_columns);
void       ado_cli_print_table     (GPtrArray           *rows,
                                    guint                n_columns);
void       ado_cli_json_add_string (JsonBuilder         *builder,
                                    const char          *name,
                                    const char          *value);
void       ado_cli_print_json      (JsonBuilder         *builder);

G_END_DECLS
