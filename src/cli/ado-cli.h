/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void ado_cli_add_options (GApplication *application);
int  ado_cli_run         (GVariantDict *options);

G_END_DECLS
