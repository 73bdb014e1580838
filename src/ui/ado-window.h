/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "service/ado-accounts.h"
#include "service/ado-progress.h"

G_BEGIN_DECLS

#define ADO_TYPE_WINDOW (ado_window_get_type ())

G_DECLARE_FINAL_TYPE (AdoWindow, ado_window, ADO, WINDOW, AdwApplicationWindow)

AdoWindow   *ado_window_new              (AdwApplication *application,
                                          AdoProgress    *progress,
                                          AdoAccounts    *accounts);
AdoProgress *ado_window_get_progress     (AdoWindow      *self);
AdoStep      ado_window_get_visible_step (AdoWindow      *self);
GtkWidget   *ado_window_get_page         (AdoWindow      *self,
                                          AdoStep         step);

G_END_DECLS
