/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-demo-server"

#include "config.h"

#include "ado-demo-server.h"
#include "ado-demo-server-private.h"

/*
 * What a test or the --demo mode sets on an AdoDemoServer and reads back
 * from it: the clients, the lifetimes and delays, the injected failures,
 * revocations and what the last requests carried. Each takes the lock.
 */

static gboolean
is_auth_failure (AdoDemoFailure failure)
{
  return failure == ADO_DEMO_FAILURE_DENY ||
         failure == ADO_DEMO_FAILURE_INVALID_SCOPE_REDIRECT;
}

/* The failure to apply to this request of the endpoint, consuming it. */
AdoDemoFailure
ado_demo_server_take_failure (AdoDemoServer *self,
                              gboolean       token_endpoint)
{
  AdoDemoFailure *failure;
  guint *times;
  AdoDemoFailure taken = ADO_DEMO_FAILURE_NONE;

  g_mutex_lock (&self->lock);

  failure = token_endpoint ? &self->token_failure : &self->auth_failure;
  times = token_endpoint ? &self->token_failure_times : &self->auth_failure_times;

  if (*times > 0)
    {
      taken = *failure;
      *times -= 1;
      if (*times == 0)
        *failure = ADO_DEMO_FAILURE_NONE;
    }

  g_mutex_unlock (&self->lock);

  return taken;
}

/**
 * ado_demo_server_add_client:
 * @self: an #AdoDemoServer
 * @client_id: the client ID
 * @client_secret: its secret
 * @return_urls: (nullable) (array zero-terminated=1): the
 *   Allowed Return URLs, compared as strings
 *
 * Registers a client, or replaces one with the same ID (a rotated secret:
 * the old one is refused from then on, the sign-ins stay valid).
 */
void
ado_demo_server_add_client (AdoDemoServer      *self,
                            const char         *client_id,
                            const char         *client_secret,
                            const char * const *return_urls)
{
  AdoDemoClient *client;

  g_return_if_fail (ADO_IS_DEMO_SERVER (self));
  g_return_if_fail (client_id != NULL);
  g_return_if_fail (client_secret != NULL);

  client = g_new0 (AdoDemoClient, 1);
  client->secret = g_strdup (client_secret);
  client->return_urls = return_urls != NULL ? g_strdupv ((GStrv)return_urls)
                                                    : g_new0 (char *, 1);

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->clients, g_strdup (client_id), client);
  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_set_auto_approve:
 * @self: an #AdoDemoServer
 * @auto_approve: %TRUE (the default) to redirect at once, %FALSE to show
 *   a consent page whose Allow and Cancel links redirect
 */
void
ado_demo_server_set_auto_approve (AdoDemoServer *self,
                                  gboolean       auto_approve)
{
  g_return_if_fail (ADO_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->lock);
  self->auto_approve = !!auto_approve;
  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_set_code_lifetime:
 * @self: an #AdoDemoServer
 * @seconds: how long a new authorization code stays valid (300 by default)
 */
void
ado_demo_server_set_code_lifetime (AdoDemoServer *self,
                                   guint          seconds)
{
  g_return_if_fail (ADO_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->lock);
  self->code_lifetime = seconds;
  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_set_access_token_lifetime:
 * @self: an #AdoDemoServer
 * @seconds: `expires_in` of new access tokens (3600 by default)
 */
void
ado_demo_server_set_access_token_lifetime (AdoDemoServer *self,
                                           guint          seconds)
{
  g_return_if_fail (ADO_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->lock);
  self->access_token_lifetime = seconds;
  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_set_slow_delay:
 * @self: an #AdoDemoServer
 * @milliseconds: how late %ADO_DEMO_FAILURE_TOKEN_SLOW answers (5000 by
 *   default; at least 1)
 */
void
ado_demo_server_set_slow_delay (AdoDemoServer *self,
                                guint          milliseconds)
{
  g_return_if_fail (ADO_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->lock);
  self->slow_delay_ms = MAX (milliseconds, 1);
  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_set_omit_refresh_token_on_refresh:
 * @self: an #AdoDemoServer
 * @omit: whether a refresh answers without `refresh_token`
 */
void
ado_demo_server_set_omit_refresh_token_on_refresh (AdoDemoServer *self,
                                                   gboolean       omit)
{
  g_return_if_fail (ADO_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->lock);
  self->omit_refresh_token = !!omit;
  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_fail_next:
 * @self: an #AdoDemoServer
 * @failure: what goes wrong
 * @times: for how many requests of its endpoint; 0 clears it
 *
 * Injects a failure: the authorization failures apply to the next @times
 * authorization requests that would have been granted, the token failures
 * to the next @times token requests. Then the endpoint behaves normally
 * again. %ADO_DEMO_FAILURE_NONE clears both endpoints.
 */
void
ado_demo_server_fail_next (AdoDemoServer  *self,
                           AdoDemoFailure  failure,
                           guint           times)
{
  g_return_if_fail (ADO_IS_DEMO_SERVER (self));
  g_return_if_fail (failure <= ADO_DEMO_FAILURE_TOKEN_DRIBBLE);

  g_mutex_lock (&self->lock);

  if (failure == ADO_DEMO_FAILURE_NONE)
    {
      self->auth_failure = self->token_failure = ADO_DEMO_FAILURE_NONE;
      self->auth_failure_times = self->token_failure_times = 0;
    }
  else if (is_auth_failure (failure))
    {
      self->auth_failure = times > 0 ? failure : ADO_DEMO_FAILURE_NONE;
      self->auth_failure_times = times;
    }
  else
    {
      self->token_failure = times > 0 ? failure : ADO_DEMO_FAILURE_NONE;
      self->token_failure_times = times;
    }

  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_revoke:
 * @self: an #AdoDemoServer
 * @refresh_token: (nullable): the sign-in to revoke, or %NULL for all
 *
 * Imitates the Amazon user removing the app's access: the refresh token
 * and the access tokens obtained with it stop working.
 */
void
ado_demo_server_revoke (AdoDemoServer *self,
                        const char    *refresh_token)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (ADO_IS_DEMO_SERVER (self));

  g_mutex_lock (&self->lock);

  g_hash_table_iter_init (&iter, self->grants);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AdoDemoGrant *grant = value;

      if (refresh_token == NULL || g_str_equal (key, refresh_token))
        grant->revoked = TRUE;
    }

  g_hash_table_iter_init (&iter, self->access_tokens);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      AdoDemoAccess *access = value;

      if (refresh_token == NULL || g_str_equal (access->refresh_token, refresh_token))
        g_hash_table_iter_remove (&iter);
    }

  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_get_token_request_count:
 * @self: an #AdoDemoServer
 *
 * Returns: how many requests reached the token endpoint, whatever their
 *   outcome
 */
guint
ado_demo_server_get_token_request_count (AdoDemoServer *self)
{
  guint count;

  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  count = self->token_requests;
  g_mutex_unlock (&self->lock);

  return count;
}

/**
 * ado_demo_server_get_authorization_request_count:
 * @self: an #AdoDemoServer
 *
 * Returns: how many requests reached the authorization page (consent
 *   decisions included)
 */
guint
ado_demo_server_get_authorization_request_count (AdoDemoServer *self)
{
  guint count;

  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  count = self->authorization_requests;
  g_mutex_unlock (&self->lock);

  return count;
}

static char *
dup_locked (AdoDemoServer  *self,
            char          **field)
{
  char *copy;

  g_mutex_lock (&self->lock);
  copy = g_strdup (*field);
  g_mutex_unlock (&self->lock);

  return copy;
}

/**
 * ado_demo_server_dup_last_grant_type:
 * @self: an #AdoDemoServer
 *
 * Returns: (transfer full) (nullable): the `grant_type` of the last token
 *   request that got past the injected failures
 */
char *
ado_demo_server_dup_last_grant_type (AdoDemoServer *self)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), NULL);

  return dup_locked (self, &self->last_grant_type);
}

/**
 * ado_demo_server_dup_last_redirect_uri:
 * @self: an #AdoDemoServer
 *
 * Returns: (transfer full) (nullable): the `redirect_uri` of that request
 */
char *
ado_demo_server_dup_last_redirect_uri (AdoDemoServer *self)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), NULL);

  return dup_locked (self, &self->last_redirect_uri);
}

/**
 * ado_demo_server_dup_last_client_auth:
 * @self: an #AdoDemoServer
 *
 * Returns: (transfer full) (nullable): how that request authenticated the
 *   client: `basic` (HTTP Basic), `form` (client_secret in the body) or
 *   `none`
 */
char *
ado_demo_server_dup_last_client_auth (AdoDemoServer *self)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), NULL);

  return dup_locked (self, &self->last_client_auth);
}

/**
 * ado_demo_server_check_access_token:
 * @self: an #AdoDemoServer
 * @access_token: a bearer token
 *
 * Returns: whether @access_token was issued here, has not expired and was
 *   not revoked
 */
gboolean
ado_demo_server_check_access_token (AdoDemoServer *self,
                                    const char    *access_token)
{
  AdoDemoAccess *access;
  gboolean valid = FALSE;

  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), FALSE);

  if (access_token == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  access = g_hash_table_lookup (self->access_tokens, access_token);
  if (access != NULL)
    valid = g_get_monotonic_time () < access->expires_at;
  g_mutex_unlock (&self->lock);

  return valid;
}
