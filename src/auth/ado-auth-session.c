/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-auth-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-auth-session.h"
#include "ado-authorization.h"
#include "ado-checks.h"
#include "ado-core-enums.h"
#include "ado-error.h"
#include "ado-loopback-listener.h"
#include "ado-pkce.h"

/*
 * One sign-in attempt: a fresh state and PKCE verifier, the consent page's
 * address, the wait for Amazon's answer — through the loopback listener
 * or pasted from the address bar, whichever comes first — and the code
 * exchanged for tokens at once. The return URL is used letter for letter
 * in both requests.
 */

struct _AdoAuthSession
{
  GObject              parent_instance;

  char                *client_id;
  char                *client_secret;
  char                *redirect_uri;
  char                *scope;
  char                *auth_url;

  char                *state;
  char                *verifier;
  char                *authorization_url;

  AdoTokenClient      *token_client;
  AdoLoopbackListener *listener;

  GTask               *task;
  GCancellable        *task_cancellable;
  gulong               cancelled_id;
  GCancellable        *wait_cancellable;
  GSource             *timeout_source;
  gint64               deadline;
  AdoAuthState         auth_state;
  char                *granted_scope;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_DEADLINE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (AdoAuthSession, ado_auth_session, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static void
wipe_string (char **text)
{
  if (*text != NULL)
    memset (*text, 0, strlen (*text));
  g_clear_pointer (text, g_free);
}

static void
set_auth_state (AdoAuthSession *self,
                AdoAuthState    state)
{
  if (self->auth_state == state)
    return;

  self->auth_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

static void
disconnect_cancellable (AdoAuthSession *self)
{
  if (self->task_cancellable != NULL)
    {
      g_cancellable_disconnect (self->task_cancellable, self->cancelled_id);
      self->cancelled_id = 0;
      g_clear_object (&self->task_cancellable);
    }
}

static void
stop_waiting (AdoAuthSession *self)
{
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }

  g_cancellable_cancel (self->wait_cancellable);

  if (self->listener != NULL)
    ado_loopback_listener_stop (self->listener);
}

static void
fail (AdoAuthSession *self,
      GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  stop_waiting (self);
  disconnect_cancellable (self);
  set_auth_state (self, ADO_AUTH_STATE_FAILED);

  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
exchange_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdoAuthSession) self = user_data;
  g_autoptr(AdoTokenResponse) response = NULL;
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  response = ado_token_client_finish (ADO_TOKEN_CLIENT (object), result, &error);
  if (response == NULL)
    {
      fail (self, error);
      return;
    }

  if (response->scope == NULL)
    response->scope = g_strdup (self->granted_scope != NULL ? self->granted_scope : self->scope);

  g_debug ("Signed in; a refresh token %s", response->refresh_token != NULL ? "came" : "did not come");

  disconnect_cancellable (self);
  set_auth_state (self, ADO_AUTH_STATE_DONE);
  task = g_steal_pointer (&self->task);
  if (task != NULL)
    g_task_return_pointer (task, g_steal_pointer (&response),
                           (GDestroyNotify)ado_token_response_free);
}

/* Takes over an answer that has the right state */
static void
handle_answer (AdoAuthSession *self,
               AdoCallback    *callback)
{
  GError *error = NULL;

  if (self->task == NULL || self->auth_state != ADO_AUTH_STATE_WAITING)
    return;

  stop_waiting (self);

  if (!ado_callback_check (callback, self->scope, &error))
    {
      fail (self, error);
      return;
    }

  g_free (self->granted_scope);
  self->granted_scope = g_strdup (callback->scope);

  set_auth_state (self, ADO_AUTH_STATE_EXCHANGING);
  ado_token_client_exchange_code_async (self->token_client,
                                        self->client_id,
                                        self->client_secret,
                                        callback->code,
                                        self->redirect_uri,
                                        self->verifier,
                                        g_task_get_cancellable (self->task),
                                        exchange_cb,
                                        g_object_ref (self));
}

static void
listener_wait_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdoAuthSession) self = user_data;
  g_autoptr(AdoCallback) callback = NULL;
  GError *error = NULL;

  callback = ado_loopback_listener_wait_finish (ADO_LOOPBACK_LISTENER (object), result, &error);
  if (callback == NULL)
    {
      /* Cancelled because the pasted address answered, or the attempt ended */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          self->auth_state != ADO_AUTH_STATE_WAITING)
        {
          g_error_free (error);
          return;
        }

      fail (self, error);
      return;
    }

  handle_answer (self, callback);
}

static gboolean
timeout_cb (gpointer data)
{
  AdoAuthSession *self = data;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  fail (self, g_error_new (ADO_ERROR, ADO_ERROR_TIMED_OUT,
                           _("No address was pasted, so the sign-in stopped waiting. Sign in "
                             "again, and paste the address as soon as the browser shows it: "
                             "Amazon’s code in it is valid for five minutes.")));
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_idle_cb (gpointer data)
{
  g_autoptr(AdoAuthSession) self = data;

  /* While exchanging, the token request itself ends with the cancellation */
  if (self->task != NULL && self->auth_state == ADO_AUTH_STATE_WAITING)
    fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The sign-in was cancelled.")));

  return G_SOURCE_REMOVE;
}

static void
task_cancelled_cb (GCancellable   *cancellable,
                   AdoAuthSession *self)
{
  /* Nothing may be disconnected from inside this handler: go on from an idle */
  g_idle_add_full (G_PRIORITY_HIGH, cancelled_idle_cb, g_object_ref (self), NULL);
}

static void
ado_auth_session_dispose (GObject *object)
{
  AdoAuthSession *self = (AdoAuthSession *)object;

  stop_waiting (self);
  disconnect_cancellable (self);
  g_clear_object (&self->listener);
  g_clear_object (&self->token_client);
  g_clear_object (&self->wait_cancellable);
  g_clear_object (&self->task);

  G_OBJECT_CLASS (ado_auth_session_parent_class)->dispose (object);
}

static void
ado_auth_session_finalize (GObject *object)
{
  AdoAuthSession *self = (AdoAuthSession *)object;

  g_free (self->client_id);
  wipe_string (&self->client_secret);
  g_free (self->redirect_uri);
  g_free (self->scope);
  g_free (self->auth_url);
  wipe_string (&self->state);
  wipe_string (&self->verifier);
  wipe_string (&self->authorization_url);
  g_free (self->granted_scope);

  G_OBJECT_CLASS (ado_auth_session_parent_class)->finalize (object);
}

static void
ado_auth_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AdoAuthSession *self = ADO_AUTH_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->auth_state);
      break;

    case PROP_DEADLINE:
      g_value_set_int64 (value, self->deadline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_auth_session_class_init (AdoAuthSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ado_auth_session_dispose;
  object_class->finalize = ado_auth_session_finalize;
  object_class->get_property = ado_auth_session_get_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       ADO_TYPE_AUTH_STATE,
                       ADO_AUTH_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_DEADLINE] =
    g_param_spec_int64 ("deadline", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ado_auth_session_init (AdoAuthSession *self)
{
  self->wait_cancellable = g_cancellable_new ();
}

/**
 * ado_auth_session_new:
 * @client_id: the Login with Amazon client ID
 * @client_secret: its secret; copied and wiped when the session ends
 * @redirect_uri: the registered return URL
 * @scope: the scope (or scopes, space-separated) to ask for
 * @auth_url: the authorization endpoint
 * @token_url: the token endpoint
 */
AdoAuthSession *
ado_auth_session_new (const char *client_id,
                      const char *client_secret,
                      const char *redirect_uri,
                      const char *scope,
                      const char *auth_url,
                      const char *token_url)
{
  AdoAuthSession *self;

  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (client_secret != NULL, NULL);
  g_return_val_if_fail (redirect_uri != NULL, NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (auth_url != NULL, NULL);
  g_return_val_if_fail (token_url != NULL, NULL);

  self = g_object_new (ADO_TYPE_AUTH_SESSION, NULL);
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  self->redirect_uri = g_strdup (redirect_uri);
  self->scope = g_strdup (scope);
  self->auth_url = g_strdup (auth_url);
  self->token_client = ado_token_client_new (token_url);

  return self;
}

/**
 * ado_auth_session_prepare:
 * @error: %ADO_ERROR_PORT_IN_USE when the return URL's port is taken
 *
 * Makes the attempt's secrets and address, and starts listening when the
 * return URL is on this computer.
 */
gboolean
ado_auth_session_prepare (AdoAuthSession  *self,
                          GError         **error)
{
  g_autofree char *challenge = NULL;
  g_autoptr(AdoLoopbackListener) listener = NULL;

  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), FALSE);
  g_return_val_if_fail (self->state == NULL, FALSE);

  if (!ado_check_redirect_uri (self->redirect_uri, error))
    return FALSE;

  self->state = ado_random_token (ADO_STATE_BYTES, error);
  if (self->state == NULL)
    return FALSE;

  self->verifier = ado_random_token (ADO_VERIFIER_BYTES, error);
  if (self->verifier == NULL)
    return FALSE;

  challenge = ado_pkce_challenge_s256 (self->verifier);
  self->authorization_url = ado_authorization_url_build (self->auth_url,
                                                         self->client_id,
                                                         self->scope,
                                                         self->redirect_uri,
                                                         self->state,
                                                         challenge);

  if (ado_redirect_uri_is_loopback (self->redirect_uri))
    {
      listener = ado_loopback_listener_new (self->redirect_uri, self->state);
      if (!ado_loopback_listener_start (listener, error))
        return FALSE;
      self->listener = g_steal_pointer (&listener);
    }

  return TRUE;
}

/**
 * ado_auth_session_get_authorization_url:
 *
 * Returns: the consent page's address (it holds the state: not for logs)
 */
const char *
ado_auth_session_get_authorization_url (AdoAuthSession *self)
{
  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), NULL);

  return self->authorization_url;
}

const char *
ado_auth_session_get_redirect_uri (AdoAuthSession *self)
{
  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), NULL);

  return self->redirect_uri;
}

const char *
ado_auth_session_get_scope (AdoAuthSession *self)
{
  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), NULL);

  return self->scope;
}

/**
 * ado_auth_session_get_listening:
 *
 * Returns: whether the loopback listener waits for the answer (else only
 *   the pasted address can bring it)
 */
gboolean
ado_auth_session_get_listening (AdoAuthSession *self)
{
  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), FALSE);

  return self->listener != NULL && ado_loopback_listener_is_listening (self->listener);
}

AdoAuthState
ado_auth_session_get_state (AdoAuthSession *self)
{
  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), ADO_AUTH_STATE_IDLE);

  return self->auth_state;
}

/**
 * ado_auth_session_get_deadline:
 *
 * Returns: the monotonic time (g_get_monotonic_time()) when the wait
 *   ends, 0 before it started
 */
gint64
ado_auth_session_get_deadline (AdoAuthSession *self)
{
  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), 0);

  return self->deadline;
}

AdoTokenClient *
ado_auth_session_get_token_client (AdoAuthSession *self)
{
  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), NULL);

  return self->token_client;
}

/**
 * ado_auth_session_run_async:
 * @timeout_seconds: how long to wait for the answer, 0 for
 *   %ADO_DEFAULT_TIMEOUT_SECONDS (the code's own five minutes start only
 *   when Amazon issues it, and it is exchanged at once)
 *
 * Waits for Amazon's answer and exchanges the code. Call after
 * ado_auth_session_prepare() and after sending the user to the address.
 */
void
ado_auth_session_run_async (AdoAuthSession      *self,
                            guint                timeout_seconds,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint timeout;

  g_return_if_fail (ADO_IS_AUTH_SESSION (self));
  g_return_if_fail (self->authorization_url != NULL);
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_auth_session_run_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  timeout = timeout_seconds > 0 ? timeout_seconds : ADO_DEFAULT_TIMEOUT_SECONDS;
  self->task = g_steal_pointer (&task);
  self->deadline = g_get_monotonic_time () + (gint64)timeout * G_USEC_PER_SEC;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEADLINE]);
  set_auth_state (self, ADO_AUTH_STATE_WAITING);

  if (cancellable != NULL)
    {
      self->task_cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable,
                                                  G_CALLBACK (task_cancelled_cb),
                                                  self, NULL);
    }

  if (self->listener != NULL)
    {
      /* The listener's own timeout names the return URL to check */
      ado_loopback_listener_wait_async (self->listener, timeout, self->wait_cancellable,
                                        listener_wait_cb, g_object_ref (self));
    }
  else
    {
      self->timeout_source = g_timeout_source_new (timeout * 1000);
      g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
      g_source_attach (self->timeout_source, g_main_context_get_thread_default ());
    }
}

/**
 * ado_auth_session_run_finish:
 *
 * Returns: (transfer full) (nullable): the tokens, with the granted scope
 */
AdoTokenResponse *
ado_auth_session_run_finish (AdoAuthSession  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ado_auth_session_submit_pasted:
 * @text: the address the user copied from the browser
 * @error: why it is not this attempt's answer; the wait goes on
 *
 * Returns: %TRUE when @text was this attempt's answer and was taken over
 */
gboolean
ado_auth_session_submit_pasted (AdoAuthSession  *self,
                                const char      *text,
                                GError         **error)
{
  g_autoptr(AdoCallback) callback = NULL;

  g_return_val_if_fail (ADO_IS_AUTH_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->auth_state != ADO_AUTH_STATE_WAITING || self->task == NULL)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_FAILED,
                   _("No sign-in is waiting for an answer. Sign in again."));
      return FALSE;
    }

  callback = ado_callback_parse_pasted (text, self->state, error);
  if (callback == NULL)
    return FALSE;

  handle_answer (self, callback);
  return TRUE;
}
