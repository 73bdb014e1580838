/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ado_accessible_install_name_fixes (void);
void ado_accessible_fix_names          (GtkWidget *root);

G_END_DECLS
