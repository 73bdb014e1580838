/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ADO_TYPE_APPLICATION (ado_application_get_type ())

G_DECLARE_FINAL_TYPE (AdoApplication, ado_application, ADO, APPLICATION, AdwApplication)

AdoApplication *ado_application_new (gboolean demo);

G_END_DECLS
