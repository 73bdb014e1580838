/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean demo;
  gboolean service;   /* --gapplication-service: started by D-Bus */
} AdoGuiOptions;

int ado_cli_main (int            argc,
                  char         **argv,
                  AdoGuiOptions *gui);

G_END_DECLS
