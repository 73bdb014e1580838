/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*AdoTestCondition) (gpointer data);

void        ado_test_spin             (guint             ms);
void        ado_test_wait_until       (AdoTestCondition  condition,
                                       gpointer          data,
                                       const char       *what);
gboolean    ado_test_is_drawn         (gpointer          widget);
GtkWidget  *ado_test_find_by_id       (GtkWidget        *root,
                                       const char       *id);
int         ado_test_free_port        (void);
char       *ado_test_read_clipboard   (GtkWidget        *widget);
void        ado_test_save_screenshot  (GtkWidget        *window,
                                       const char       *name);

G_END_DECLS
