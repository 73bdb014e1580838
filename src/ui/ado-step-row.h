/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "service/ado-progress.h"

G_BEGIN_DECLS

#define ADO_TYPE_STEP_ROW (ado_step_row_get_type ())

G_DECLARE_FINAL_TYPE (AdoStepRow, ado_step_row, ADO, STEP_ROW, GtkListBoxRow)

GtkWidget *ado_step_row_new      (AdoStep       step);
AdoStep    ado_step_row_get_step (AdoStepRow   *self);
void       ado_step_row_update   (AdoStepRow   *self,
                                  guint         position,
                                  AdoStepState  state);

G_END_DECLS
