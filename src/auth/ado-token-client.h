/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Access tokens are at most 2048 bytes; the body around them is small */
#define ADO_TOKEN_MAX_BODY (64 * 1024)

typedef struct
{
  char   *access_token;
  char   *refresh_token;   /* NULL when none came back */
  char   *scope;           /* NULL when not sent */
  gint64  expires_in;      /* seconds */
  gint64  obtained_at;     /* Unix time the answer arrived */
} AdoTokenResponse;

void              ado_token_response_free (AdoTokenResponse *response);
AdoTokenResponse *ado_token_response_parse (const char       *body,
                                            gsize             length,
                                            GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoTokenResponse, ado_token_response_free)

#define ADO_TYPE_TOKEN_CLIENT (ado_token_client_get_type ())

G_DECLARE_FINAL_TYPE (AdoTokenClient, ado_token_client, ADO, TOKEN_CLIENT, GObject)

AdoTokenClient   *ado_token_client_new                 (const char           *token_url);
void              ado_token_client_set_deadline        (AdoTokenClient       *self,
                                                        guint                 milliseconds);
void              ado_token_client_set_timeout         (AdoTokenClient       *self,
                                                        guint                 seconds);
void              ado_token_client_set_retry_delay     (AdoTokenClient       *self,
                                                        guint                 milliseconds);
void              ado_token_client_exchange_code_async (AdoTokenClient       *self,
                                                        const char           *client_id,
                                                        const char           *client_secret,
                                                        const char           *code,
                                                        const char           *redirect_uri,
                                                        const char           *code_verifier,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void              ado_token_client_refresh_async       (AdoTokenClient       *self,
                                                        const char           *client_id,
                                                        const char           *client_secret,
                                                        const char           *refresh_token,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
AdoTokenResponse *ado_token_client_finish              (AdoTokenClient       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
