/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-sign-in"

#include "config.h"

#include "ado-sign-in.h"
#include "ado-sign-in-private.h"
#include "ado-auth-session.h"
#include "ado-checks.h"
#include "ado-connection.h"
#include "ado-endpoints.h"
#include "ado-error.h"

/*
 * One sign-in, the same for every face: the authorization session on the
 * return URL (or its spare, when another program holds the port), the wait
 * for Amazon's answer, then the tokens stored with the account. The face
 * shows the address, opens the browser, passes on a pasted address, and
 * says what happened.
 */

struct _AdoSignIn
{
  GObject             parent_instance;

  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  AdoAuthSession     *session;
  AdoTokenResponse   *tokens;     /* between the run and the save */

  char               *account_id;
  char               *name;
  char               *client_id;
  char               *client_secret;
  char               *region;
};

G_DEFINE_FINAL_TYPE (AdoSignIn, ado_sign_in, G_TYPE_OBJECT)

static void
ado_sign_in_finalize (GObject *object)
{
  AdoSignIn *self = ADO_SIGN_IN (object);

  g_clear_object (&self->store);
  g_clear_object (&self->registry);
  g_clear_object (&self->session);
  g_clear_pointer (&self->tokens, ado_token_response_free);
  g_free (self->account_id);
  g_free (self->name);
  g_free (self->client_id);
  g_clear_pointer (&self->client_secret, ado_secret_free);
  g_free (self->region);

  G_OBJECT_CLASS (ado_sign_in_parent_class)->finalize (object);
}

static void
ado_sign_in_class_init (AdoSignInClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ado_sign_in_finalize;
}

static void
ado_sign_in_init (AdoSignIn *self)
{
}

static AdoAuthSession *
prepare_session (const AdoSignInDetails  *details,
                 const char              *redirect_uri,
                 const AdoEndpoints      *endpoints,
                 GError                 **error)
{
  g_autoptr(AdoAuthSession) session = NULL;

  session = ado_auth_session_new (details->client_id, details->client_secret, redirect_uri,
                                  details->scope, endpoints->auth_url, endpoints->token_url);
  if (!ado_auth_session_prepare (session, error))
    return NULL;

  return g_steal_pointer (&session);
}

/*
 * _ado_sign_in_new:
 * @error: the endpoints refused, or the port taken (with @details'
 *   allow_spare: both ports, the message saying each on a line of its own)
 *
 * For ado_accounts_sign_in() only.
 */
AdoSignIn *
_ado_sign_in_new (AdoCredentialStore      *store,
                  AdoAccountRegistry      *registry,
                  const AdoSignInDetails  *details,
                  GError                 **error)
{
  g_autoptr(AdoSignIn) self = NULL;
  g_autoptr(AdoEndpoints) endpoints = NULL;
  g_autoptr(GError) first_error = NULL;
  g_autofree char *spare = NULL;
  AdoRegion region;

  g_return_val_if_fail (ADO_IS_CREDENTIAL_STORE (store), NULL);
  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (registry), NULL);
  g_return_val_if_fail (details != NULL && details->client_id != NULL, NULL);
  g_return_val_if_fail (details->region != NULL && details->redirect_uri != NULL, NULL);

  if (!ado_region_from_id (details->region, &region))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   "Unknown region “%s”", details->region);
      return NULL;
    }
  endpoints = ado_endpoints_resolve (region, error);
  if (endpoints == NULL)
    return NULL;

  self = g_object_new (ADO_TYPE_SIGN_IN, NULL);
  self->store = g_object_ref (store);
  self->registry = g_object_ref (registry);
  self->account_id = g_strdup (details->account_id);
  self->name = g_strdup (details->name);
  self->client_id = g_strdup (details->client_id);
  self->client_secret = g_strdup (details->client_secret);
  self->region = g_strdup (details->region);

  self->session = prepare_session (details, details->redirect_uri, endpoints, &first_error);
  if (self->session != NULL)
    return g_steal_pointer (&self);

  if (details->allow_spare)
    spare = ado_spare_redirect_uri (details->redirect_uri);
  if (spare == NULL || !g_error_matches (first_error, ADO_ERROR, ADO_ERROR_PORT_IN_USE))
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return NULL;
    }

  /* The spare one asks nothing of the person: the assistant had it registered */
  g_debug ("The return URL's port is taken; using the spare return URL");
  self->session = prepare_session (details, spare, endpoints, error);
  if (self->session == NULL)
    {
      g_prefix_error (error, "%s\n", first_error->message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
ado_sign_in_get_authorization_url (AdoSignIn *self)
{
  g_return_val_if_fail (ADO_IS_SIGN_IN (self), NULL);

  return ado_auth_session_get_authorization_url (self->session);
}

/* The return URL signed in with: the spare one when the first was taken */
const char *
ado_sign_in_get_redirect_uri (AdoSignIn *self)
{
  g_return_val_if_fail (ADO_IS_SIGN_IN (self), NULL);

  return ado_auth_session_get_redirect_uri (self->session);
}

const char *
ado_sign_in_get_scope (AdoSignIn *self)
{
  g_return_val_if_fail (ADO_IS_SIGN_IN (self), NULL);

  return ado_auth_session_get_scope (self->session);
}

const char *
ado_sign_in_get_region (AdoSignIn *self)
{
  g_return_val_if_fail (ADO_IS_SIGN_IN (self), NULL);

  return self->region;
}

/* Whether the answer comes to this computer by itself (else it is pasted) */
gboolean
ado_sign_in_get_listening (AdoSignIn *self)
{
  g_return_val_if_fail (ADO_IS_SIGN_IN (self), FALSE);

  return ado_auth_session_get_listening (self->session);
}

/* Whether Amazon's answer is still awaited: a pasted address is taken */
gboolean
ado_sign_in_get_waiting (AdoSignIn *self)
{
  g_return_val_if_fail (ADO_IS_SIGN_IN (self), FALSE);

  return ado_auth_session_get_state (self->session) == ADO_AUTH_STATE_WAITING;
}

/* Monotonic time when the wait ends */
gint64
ado_sign_in_get_deadline (AdoSignIn *self)
{
  g_return_val_if_fail (ADO_IS_SIGN_IN (self), 0);

  return ado_auth_session_get_deadline (self->session);
}

gboolean
ado_sign_in_submit_pasted (AdoSignIn   *self,
                           const char  *text,
                           GError     **error)
{
  g_return_val_if_fail (ADO_IS_SIGN_IN (self), FALSE);

  return ado_auth_session_submit_pasted (self->session, text, error);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoSignIn *self = g_task_get_source_object (task);
  GError *error = NULL;

  g_clear_pointer (&self->tokens, ado_token_response_free);
  self->tokens = ado_auth_session_run_finish (ADO_AUTH_SESSION (object), result, &error);
  if (self->tokens == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ado_sign_in_run_async (AdoSignIn           *self,
                       guint                timeout_seconds,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ADO_IS_SIGN_IN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_sign_in_run_async);
  ado_auth_session_run_async (self->session, timeout_seconds, cancellable, run_cb,
                              g_steal_pointer (&task));
}

/* Cancellation is G_IO_ERROR_CANCELLED, the person's own choice */
gboolean
ado_sign_in_run_finish (AdoSignIn     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoAccount *account;
  GError *error = NULL;

  account = ado_connection_save_finish (result, &error);
  if (account == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, account, g_object_unref);
}

void
ado_sign_in_save_async (AdoSignIn           *self,
                        const char          *account_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AdoConnectionDetails details = { 0 };

  g_return_if_fail (ADO_IS_SIGN_IN (self));
  g_return_if_fail (self->tokens != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_sign_in_save_async);

  details.account_id = account_id != NULL ? account_id : self->account_id;
  details.name = self->name;
  details.client_id = self->client_id;
  details.client_secret = self->client_secret;
  details.region = self->region;
  details.redirect_uri = ado_auth_session_get_redirect_uri (self->session);
  ado_connection_save_async (self->store, self->registry, &details,
                             g_steal_pointer (&self->tokens), cancellable, saved_cb,
                             g_steal_pointer (&task));
}

/* Returns: (transfer full): the account signed in */
AdoAccount *
ado_sign_in_save_finish (AdoSignIn     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
