/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ado-token-client.h"

G_BEGIN_DECLS

typedef enum
{
  ADO_AUTH_STATE_IDLE,
  ADO_AUTH_STATE_WAITING,
  ADO_AUTH_STATE_EXCHANGING,
  ADO_AUTH_STATE_DONE,
  ADO_AUTH_STATE_FAILED,
} AdoAuthState;

#define ADO_TYPE_AUTH_SESSION (ado_auth_session_get_type ())

G_DECLARE_FINAL_TYPE (AdoAuthSession, ado_auth_session, ADO, AUTH_SESSION, GObject)

AdoAuthSession   *ado_auth_session_new                   (const char        *client_id,
                                                          const char        *client_secret,
                                                          const char        *redirect_uri,
                                                          const char        *scope,
                                                          const char        *auth_url,
                                                          const char        *token_url);
gboolean          ado_auth_session_prepare               (AdoAuthSession    *self,
                                                          GError           **error);
const char       *ado_auth_session_get_authorization_url (AdoAuthSession    *self);
const char       *ado_auth_session_get_redirect_uri      (AdoAuthSession    *self);
const char       *ado_auth_session_get_scope             (AdoAuthSession    *self);
gboolean          ado_auth_session_get_listening         (AdoAuthSession    *self);
AdoAuthState      ado_auth_session_get_state             (AdoAuthSession    *self);
gint64            ado_auth_session_get_deadline          (AdoAuthSession    *self);
AdoTokenClient   *ado_auth_session_get_token_client      (AdoAuthSession    *self);
void              ado_auth_session_run_async             (AdoAuthSession    *self,
                                                          guint              timeout_seconds,
                                                          GCancellable      *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer           user_data);
AdoTokenResponse *ado_auth_session_run_finish            (AdoAuthSession    *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);
gboolean          ado_auth_session_submit_pasted         (AdoAuthSession    *self,
                                                          const char        *text,
                                                          GError           **error);

G_END_DECLS
