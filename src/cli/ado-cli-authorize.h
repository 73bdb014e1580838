/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *client_id;
  char     *region;
  int       port;
  char     *redirect_uri;
  char     *scope;
  char     *name;
  char     *account;
  gboolean  no_browser;
  int       timeout;
  gboolean  demo;
} AdoAuthorizeOptions;

int ado_cli_authorize (const AdoAuthorizeOptions *options);

G_END_DECLS
