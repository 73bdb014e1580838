/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-demo-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-demo-server.h"
#include "ado-demo-server-private.h"

/*
 * AdoDemoServer imitates Login with Amazon on 127.0.0.1: the authorization
 * page (/ap/oa, ado-demo-authorize.c) and the token endpoint
 * (/auth/o2/token, ado-demo-token.c), with the same checks and the same
 * errors, plus failures injected on demand (what they share is in
 * ado-demo-util.c). It serves the --demo mode and the tests.
 *
 * The SoupServer runs on a thread of its own with its own GMainContext, so
 * that a client in any thread, synchronous or not, can talk to it. What
 * both threads touch is under the lock; the SoupServer and the held
 * messages belong to the server thread alone.
 *
 * ado-demo-server-control.c has what a test sets and reads on the server.
 */

#define DEFAULT_CODE_LIFETIME         300
#define DEFAULT_ACCESS_TOKEN_LIFETIME 3600
#define DEFAULT_SLOW_DELAY_MS         5000

G_DEFINE_FINAL_TYPE (AdoDemoServer, ado_demo_server, G_TYPE_OBJECT)

static void
ado_demo_client_free (gpointer data)
{
  AdoDemoClient *client = data;

  g_free (client->secret);
  g_strfreev (client->return_urls);
  g_free (client);
}

static void
ado_demo_grant_free (gpointer data)
{
  AdoDemoGrant *grant = data;

  g_free (grant->client_id);
  g_free (grant->scope);
  g_free (grant);
}

static void
ado_demo_access_free (gpointer data)
{
  AdoDemoAccess *access = data;

  g_free (access->refresh_token);
  g_free (access);
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  AdoDemoServer *self = user_data;

  g_debug ("%s %s", soup_server_message_get_method (msg), path);

  if (g_str_equal (path, ADO_DEMO_AUTH_PATH) ||
      g_str_has_prefix (path, ADO_DEMO_AUTH_PATH "/"))
    {
      ado_demo_server_handle_authorize (self, msg, path, query);
    }
  else if (g_str_equal (path, ADO_DEMO_ELSEWHERE_TOKEN_PATH))
    {
      /* Where ADO_DEMO_FAILURE_TOKEN_REDIRECT points: a token for anyone */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json;charset=UTF-8", SOUP_MEMORY_STATIC,
                                        "{\"access_token\":\"Atza|from-elsewhere\","
                                        "\"token_type\":\"bearer\",\"expires_in\":3600}",
                                        strlen ("{\"access_token\":\"Atza|from-elsewhere\","
                                                "\"token_type\":\"bearer\",\"expires_in\":3600}"));
    }
  else if (g_str_equal (path, ADO_DEMO_TOKEN_PATH))
    {
      ado_demo_server_handle_token (self, msg);
    }
  else if (strlen (path) == strlen ("/na/v2/profiles") &&
           g_str_has_suffix (path, "/v2/profiles") &&
           ado_demo_region_index (path + 1) >= 0)
    {
      ado_demo_server_handle_profiles (self, msg, ado_demo_region_index (path + 1));
    }
  else if (strlen (path) > strlen ("/na/") && ado_demo_region_index (path + 1) >= 0 &&
           ado_demo_server_handle_scoped (self, msg, ado_demo_region_index (path + 1),
                                          path + strlen ("/na")))
    {
      /* Answered */
    }
  else
    {
      ado_demo_set_html (msg, SOUP_STATUS_NOT_FOUND, _("Not Found"), "<h1>404 Not Found</h1>");
    }
}

static gboolean
quit_cb (gpointer user_data)
{
  AdoDemoServer *self = user_data;

  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

static gpointer
server_thread (gpointer user_data)
{
  AdoDemoServer *self = user_data;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSList *listeners;
  guint port;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handle_request_cb, self, NULL);

  /* Loopback only, on a port the system picks */
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  if (!soup_server_listen (self->server, address, 0, &error))
    {
      g_clear_object (&self->server);
      g_main_context_pop_thread_default (self->context);

      g_mutex_lock (&self->lock);
      self->start_error = g_steal_pointer (&error);
      self->thread_done = TRUE;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);

      return NULL;
    }

  listeners = soup_server_get_listeners (self->server);
  g_assert (listeners != NULL);
  bound = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  if (bound == NULL)
    g_error ("A listening socket has no address: %s", error->message);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* Logged before the caller goes on: logging reads the environment, which
   * the caller may change once the server runs */
  g_debug ("Listening on port %u", port);

  g_mutex_lock (&self->lock);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  self->thread_done = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  g_debug ("Stopping");

  /* Held and dribbled answers are dropped first: closing their
   * connections must not call back into a half-torn-down server */
  g_ptr_array_set_size (self->held, 0);
  g_ptr_array_set_size (self->dribbles, 0);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  while (g_main_context_pending (self->context))
    g_main_context_iteration (self->context, FALSE);

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static void
ado_demo_server_dispose (GObject *object)
{
  AdoDemoServer *self = (AdoDemoServer *)object;

  ado_demo_server_stop (self);

  G_OBJECT_CLASS (ado_demo_server_parent_class)->dispose (object);
}

static void
ado_demo_server_finalize (GObject *object)
{
  AdoDemoServer *self = (AdoDemoServer *)object;

  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->dribbles, g_ptr_array_unref);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->consents, g_hash_table_unref);
  g_clear_pointer (&self->grants, g_hash_table_unref);
  g_clear_pointer (&self->access_tokens, g_hash_table_unref);
  g_clear_pointer (&self->last_grant_type, g_free);
  g_clear_pointer (&self->last_redirect_uri, g_free);
  g_clear_pointer (&self->last_client_auth, g_free);
  for (guint i = 0; i < ADO_DEMO_N_REGIONS; i++)
    g_clear_pointer (&self->profiles[i], g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (ado_demo_server_parent_class)->finalize (object);
}

static void
ado_demo_server_class_init (AdoDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ado_demo_server_dispose;
  object_class->finalize = ado_demo_server_finalize;
}

static void
ado_demo_server_init (AdoDemoServer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->held = g_ptr_array_new_with_free_func (ado_demo_held_free);
  self->dribbles = g_ptr_array_new_with_free_func (ado_demo_dribble_free);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ado_demo_client_free);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)ado_demo_grant_request_free);
  self->consents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)ado_demo_grant_request_free);
  self->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ado_demo_grant_free);
  self->access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               ado_demo_access_free);

  self->auto_approve = TRUE;
  self->code_lifetime = DEFAULT_CODE_LIFETIME;
  self->access_token_lifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;
  self->slow_delay_ms = DEFAULT_SLOW_DELAY_MS;

  ado_demo_server_init_profiles (self);
}

/**
 * ado_demo_server_new:
 *
 * Returns: (transfer full): a server that is not listening yet; see
 *   ado_demo_server_start()
 */
AdoDemoServer *
ado_demo_server_new (void)
{
  return g_object_new (ADO_TYPE_DEMO_SERVER, NULL);
}

/**
 * ado_demo_server_start:
 * @self: an #AdoDemoServer
 * @error: return location for an error
 *
 * Binds 127.0.0.1 on a free port and starts serving on a thread of its
 * own. Does nothing when the server already runs.
 *
 * Returns: whether the server runs
 */
gboolean
ado_demo_server_start (AdoDemoServer  *self,
                       GError        **error)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->thread != NULL)
    return TRUE;

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->lock);
  self->thread_done = FALSE;
  self->thread = g_thread_new ("ado-demo-server", server_thread, self);
  while (!self->thread_done)
    g_cond_wait (&self->cond, &self->lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      g_mutex_unlock (&self->lock);

      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  g_mutex_unlock (&self->lock);

  return TRUE;
}

/**
 * ado_demo_server_stop:
 * @self: an #AdoDemoServer
 *
 * Stops listening, closes every connection (held answers included) and
 * ends the server thread. The clients, codes and tokens are kept for a
 * later ado_demo_server_start(), on another port.
 */
void
ado_demo_server_stop (AdoDemoServer *self)
{
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (ADO_IS_DEMO_SERVER (self));

  if (self->thread == NULL)
    return;

  g_return_if_fail (self->thread != g_thread_self ());

  source = g_idle_source_new ();
  g_source_set_callback (source, quit_cb, self, NULL);
  g_source_set_static_name (source, "[ado-demo-server] quit");
  g_source_attach (source, self->context);

  g_thread_join (g_steal_pointer (&self->thread));

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->base_url, g_free);
}

gboolean
ado_demo_server_is_running (AdoDemoServer *self)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), FALSE);

  return self->thread != NULL;
}

/**
 * ado_demo_server_get_base_url:
 * @self: an #AdoDemoServer
 *
 * Returns: (nullable): `http://127.0.0.1:PORT`, without a final slash,
 *   while the server runs
 */
const char *
ado_demo_server_get_base_url (AdoDemoServer *self)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), NULL);

  return self->base_url;
}

/**
 * ado_demo_server_dup_auth_url:
 * @self: a running #AdoDemoServer
 *
 * Returns: (transfer full): the authorization URL, as `https://www.amazon.com/ap/oa`
 */
char *
ado_demo_server_dup_auth_url (AdoDemoServer *self)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), NULL);
  g_return_val_if_fail (self->base_url != NULL, NULL);

  return g_strconcat (self->base_url, ADO_DEMO_AUTH_PATH, NULL);
}

/**
 * ado_demo_server_dup_token_url:
 * @self: a running #AdoDemoServer
 *
 * Returns: (transfer full): the token URL, as `https://api.amazon.com/auth/o2/token`
 */
char *
ado_demo_server_dup_token_url (AdoDemoServer *self)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), NULL);
  g_return_val_if_fail (self->base_url != NULL, NULL);

  return g_strconcat (self->base_url, ADO_DEMO_TOKEN_PATH, NULL);
}
