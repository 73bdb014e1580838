/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADO_CLIENT_ID_PREFIX     "amzn1.application-oa2-client."
#define ADO_CLIENT_SECRET_PREFIX "amzn1.oa2-cs.v1."

typedef enum
{
  ADO_SECRET_SHAPE_EMPTY,
  ADO_SECRET_SHAPE_USUAL,
  ADO_SECRET_SHAPE_UNUSUAL,
} AdoSecretShape;

char           *ado_trim_pasted          (const char  *text);
gboolean        ado_check_client_id      (const char  *client_id,
                                          GError     **error);
AdoSecretShape  ado_check_client_secret  (const char  *secret,
                                          char       **warning);
gboolean        ado_check_redirect_uri   (const char  *uri,
                                          GError     **error);
gboolean        ado_redirect_uri_is_loopback (const char *uri);
char           *ado_redirect_uri_for_port (int          port);
char           *ado_spare_redirect_uri   (const char  *uri);

G_END_DECLS
