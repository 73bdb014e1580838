/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-window.h"

G_BEGIN_DECLS

/* For the ado-window*.c files only */

struct _AdoWindow
{
  AdwApplicationWindow  parent_instance;

  AdoProgress          *progress;
  AdoAccounts          *accounts;
  GtkWidget            *page_widgets[ADO_N_STEPS];
  GtkWidget            *step_rows[ADO_N_STEPS];

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *steps_list;
  GtkMenuButton        *step_menu_button;
  AdwWindowTitle       *step_menu_title;
  GtkLabel             *page_heading;
  GtkStack             *pages;
  GtkWidget            *demo_banner;
  GtkButton            *next_button;

  guint                 updating : 1;
};

void _ado_window_go_to_step            (AdoWindow      *self,
                                       AdoStep         step);
void _ado_window_class_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
