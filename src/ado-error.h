/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADO_ERROR (ado_error_quark ())

/* Each code says what the user has to do about it. */
typedef enum
{
  ADO_ERROR_FAILED,
  ADO_ERROR_INVALID_CLIENT_ID,
  ADO_ERROR_INVALID_REDIRECT_URI,
  ADO_ERROR_INVALID_INPUT,
  ADO_ERROR_BROWSER,
} AdoError;

GQuark ado_error_quark (void);

G_END_DECLS
