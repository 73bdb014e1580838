/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "service/ado-progress.h"

G_BEGIN_DECLS

#define ADO_TYPE_PAGE (ado_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (AdoPage, ado_page, ADO, PAGE, AdwBin)

struct _AdoPageClass
{
  AdwBinClass parent_class;

  /* Called when the progress changed, here or in another instance */
  void (*progress_changed) (AdoPage *self);
};

AdoProgress *ado_page_get_progress  (AdoPage    *self);
AdoStep      ado_page_get_step      (AdoPage    *self);
gboolean     ado_page_get_complete  (AdoPage    *self);
void         ado_page_set_complete  (AdoPage    *self,
                                     gboolean    complete);
void         ado_page_toast         (AdoPage    *self,
                                     const char *message);
void         ado_page_copy          (AdoPage    *self,
                                     const char *text,
                                     const char *toast);
void         ado_page_open_uri      (AdoPage    *self,
                                     const char *uri);
void         ado_page_focus_first_control (AdoPage *self);

G_END_DECLS
