/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ads/ado-account.h"

G_BEGIN_DECLS

/* What a sign-in is for. Strings are copied. */
typedef struct
{
  const char *account_id;     /* nullable: the account to reconnect; may also be given
                               * (or changed) when saving */
  const char *name;           /* nullable: the new account's name */
  const char *client_id;
  const char *client_secret;
  const char *region;         /* "na", "eu" or "fe" */
  const char *redirect_uri;
  const char *scope;
  gboolean    allow_spare;    /* the return URL's port taken: use the spare return URL
                               * (ado_spare_redirect_uri()), which the assistant asks to
                               * register too */
} AdoSignInDetails;

#define ADO_TYPE_SIGN_IN (ado_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (AdoSignIn, ado_sign_in, ADO, SIGN_IN, GObject)

/* Made by ado_accounts_sign_in(), ready: the listener (when the return URL is
 * on this computer) listens and the authorization URL is known. */
const char   *ado_sign_in_get_authorization_url (AdoSignIn            *self);
const char   *ado_sign_in_get_redirect_uri      (AdoSignIn            *self);
const char   *ado_sign_in_get_scope             (AdoSignIn            *self);
const char   *ado_sign_in_get_region            (AdoSignIn            *self);
gboolean      ado_sign_in_get_listening         (AdoSignIn            *self);
gboolean      ado_sign_in_get_waiting           (AdoSignIn            *self);
gint64        ado_sign_in_get_deadline          (AdoSignIn            *self);
/* The address the browser showed after Allow, pasted */
gboolean      ado_sign_in_submit_pasted         (AdoSignIn            *self,
                                                 const char           *text,
                                                 GError              **error);
/* Waits for Amazon's answer (0: the default time) and trades the code for
 * tokens, which the sign-in keeps until saved */
void          ado_sign_in_run_async             (AdoSignIn            *self,
                                                 guint                 timeout_seconds,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean      ado_sign_in_run_finish            (AdoSignIn            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* Stores the tokens and the account: @account_id (nullable) is the account
 * they belong to, else the details' one, else a new account */
void          ado_sign_in_save_async            (AdoSignIn            *self,
                                                 const char           *account_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
AdoAccount   *ado_sign_in_save_finish           (AdoSignIn            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
