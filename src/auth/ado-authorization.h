/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What came back from Login with Amazon: a code, or an error */
typedef struct
{
  char *code;
  char *scope;
  char *error;
  char *error_description;
} AdoCallback;

char        *ado_authorization_url_build (const char         *endpoint,
                                          const char         *client_id,
                                          const char         *scope,
                                          const char         *redirect_uri,
                                          const char         *state,
                                          const char         *code_challenge);
AdoCallback *ado_callback_parse_query    (const char         *query,
                                          const char         *expected_state,
                                          GError            **error);
AdoCallback *ado_callback_parse_pasted   (const char         *text,
                                          const char         *expected_state,
                                          GError            **error);
gboolean     ado_callback_check          (const AdoCallback  *callback,
                                          const char         *scope,
                                          GError            **error);
AdoCallback *ado_callback_copy           (const AdoCallback  *callback);
void         ado_callback_free           (AdoCallback        *callback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoCallback, ado_callback_free)

G_END_DECLS
