/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-loopback-listener"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ado-error.h"
#include "ado-loopback-listener-private.h"

/*
 * The loopback listener catches Amazon's redirect to the registered
 * return URL (RFC 8252 §7.3): an HTTP server on 127.0.0.1 (and ::1 for
 * "localhost") on the return URL's own port, listening only while a
 * sign-in attempt waits, and closed as soon as the answer came.
 *
 * Any local program can connect to that port, so the listener accepts the
 * connections itself and hands each one to the SoupServer: at most
 * ADO_LOOPBACK_MAX_CONNECTIONS at once, each closed when it has not sent a
 * whole request within the idle time, and accepting goes on after an error
 * such as running out of file descriptors. (libsoup 3.2's own listener
 * stops accepting for good at the first error, and keeps every accepted
 * GSocket until exit.)
 *
 * ado-loopback-listener-accept.c accepts and tracks those connections;
 * ado-loopback-listener-page.c makes the pages the browser is answered.
 */

G_DEFINE_FINAL_TYPE (AdoLoopbackListener, ado_loopback_listener, G_TYPE_OBJECT)

static void
clear_wait (AdoLoopbackListener *self)
{
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }

  if (self->task != NULL && self->cancelled_id != 0)
    {
      GCancellable *cancellable = g_task_get_cancellable (self->task);

      g_cancellable_disconnect (cancellable, self->cancelled_id);
      self->cancelled_id = 0;
    }
}

/* Ends the wait with a result; the listener stops listening at once. */
static void
complete (AdoLoopbackListener *self,
          AdoCallback         *callback,
          GError              *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  clear_wait (self);
  ado_loopback_listener_stop (self);

  if (task == NULL)
    {
      ado_callback_free (callback);
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, callback, (GDestroyNotify)ado_callback_free);
}

static gboolean
finish_idle_cb (gpointer data)
{
  g_autoptr(GTask) result = data;
  AdoLoopbackListener *self = g_task_get_source_object (result);
  AdoCallback *callback = g_task_get_task_data (result);

  /* The page has been sent; now stop and hand over the answer */
  complete (self, ado_callback_copy (callback), NULL);
  return G_SOURCE_REMOVE;
}

static void
message_finished_cb (SoupServerMessage *msg,
                     GTask             *pending)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, finish_idle_cb, g_object_ref (pending), NULL);
}

static void
unref_closure_data (gpointer  data,
                    GClosure *closure)
{
  g_object_unref (data);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query_unused,
                 gpointer           user_data)
{
  AdoLoopbackListener *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(AdoCallback) callback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) pending = NULL;
  g_autofree char *html = NULL;
  g_autofree char *decoded_path = g_uri_unescape_string (path, NULL);

  if (g_strcmp0 (decoded_path, self->path) != 0)
    {
      g_debug ("Not the return path: 404");
      _ado_loopback_listener_respond (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    {
      g_debug ("Method %s on the return path: 405", method);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET");
      _ado_loopback_listener_respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (self->task == NULL)
    {
      /* Listening without anyone waiting: not an answer for anyone */
      _ado_loopback_listener_respond_error_page (msg, SOUP_STATUS_BAD_REQUEST,
                                                _("No sign-in is waiting for an answer."));
      return;
    }

  callback = ado_callback_parse_query (g_uri_get_query (uri), self->expected_state, &error);
  if (callback == NULL)
    {
      /* Someone else's request, or a garbled one: answer and keep waiting */
      g_debug ("Refused a request on the return path: %s", error->message);
      _ado_loopback_listener_respond_error_page (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  if (callback->error != NULL)
    {
      g_autoptr(GError) refusal = NULL;

      ado_callback_check (callback, NULL, &refusal);
      html = ado_landing_page_build (FALSE, callback->error_description != NULL
                                            ? callback->error_description
                                            : callback->error);
    }
  else
    html = ado_landing_page_build (TRUE, NULL);

  _ado_loopback_listener_respond (msg, SOUP_STATUS_OK, html);

  g_debug ("Received the sign-in answer (%s)", callback->error != NULL ? "an error" : "a code");

  /* Hand the answer over once the page went out */
  pending = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (pending, g_steal_pointer (&callback), (GDestroyNotify)ado_callback_free);
  g_signal_connect_data (msg, "finished",
                         G_CALLBACK (message_finished_cb),
                         g_steal_pointer (&pending),
                         unref_closure_data,
                         0);
}

static gboolean
timeout_cb (gpointer data)
{
  AdoLoopbackListener *self = data;
  GError *error;

  g_clear_pointer (&self->timeout_source, g_source_unref);

  error = g_error_new (ADO_ERROR, ADO_ERROR_TIMED_OUT,
                       _("Nothing came back from Amazon. The usual cause is a return URL that "
                         "is not in the Allowed Return URLs of the security profile: Amazon then "
                         "shows its own page saying the redirect URI is not whitelisted, and never "
                         "sends the browser back. Add this exact address, then sign in again: %s"),
                       self->redirect_uri);
  complete (self, NULL, error);

  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_idle_cb (gpointer data)
{
  g_autoptr(AdoLoopbackListener) self = data;

  if (self->task != NULL && g_task_get_cancellable (self->task) != NULL &&
      g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    {
      g_autoptr(GTask) task = NULL;

      clear_wait (self);
      task = g_steal_pointer (&self->task);
      ado_loopback_listener_stop (self);
      g_task_return_error_if_cancelled (task);
    }

  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable        *cancellable,
              AdoLoopbackListener *self)
{
  /* Cannot disconnect from inside the handler: finish from an idle */
  g_idle_add_full (G_PRIORITY_HIGH, cancelled_idle_cb, g_object_ref (self), NULL);
}


static void
ado_loopback_listener_dispose (GObject *object)
{
  AdoLoopbackListener *self = (AdoLoopbackListener *)object;

  clear_wait (self);
  ado_loopback_listener_stop (self);
  g_clear_object (&self->task);

  G_OBJECT_CLASS (ado_loopback_listener_parent_class)->dispose (object);
}

static void
ado_loopback_listener_finalize (GObject *object)
{
  AdoLoopbackListener *self = (AdoLoopbackListener *)object;

  g_free (self->redirect_uri);
  g_free (self->path);
  g_free (self->host);
  if (self->expected_state != NULL)
    memset (self->expected_state, 0, strlen (self->expected_state));
  g_free (self->expected_state);
  g_ptr_array_unref (self->sockets);
  g_ptr_array_unref (self->accept_sources);

  G_OBJECT_CLASS (ado_loopback_listener_parent_class)->finalize (object);
}

static void
ado_loopback_listener_class_init (AdoLoopbackListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ado_loopback_listener_dispose;
  object_class->finalize = ado_loopback_listener_finalize;
}

static void
ado_loopback_listener_init (AdoLoopbackListener *self)
{
  self->idle_timeout_ms = ADO_LOOPBACK_IDLE_TIMEOUT_MS;
  self->sockets = g_ptr_array_new_with_free_func (_ado_loopback_listener_close_socket);
  self->accept_sources = g_ptr_array_new_with_free_func (_ado_loopback_listener_destroy_source);
  g_queue_init (&self->connections);
}

/**
 * ado_loopback_listener_new:
 * @redirect_uri: an http loopback return URL (ado_redirect_uri_is_loopback())
 * @expected_state: the state of the attempt that waits
 */
AdoLoopbackListener *
ado_loopback_listener_new (const char *redirect_uri,
                           const char *expected_state)
{
  AdoLoopbackListener *self;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (redirect_uri != NULL, NULL);
  g_return_val_if_fail (expected_state != NULL, NULL);

  uri = g_uri_parse (redirect_uri, G_URI_FLAGS_ENCODED, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (g_uri_get_port (uri) > 0, NULL);

  self = g_object_new (ADO_TYPE_LOOPBACK_LISTENER, NULL);
  self->redirect_uri = g_strdup (redirect_uri);
  self->expected_state = g_strdup (expected_state);
  self->host = g_strdup (g_uri_get_host (uri));
  self->port = g_uri_get_port (uri);
  self->path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  if (self->path == NULL || self->path[0] == '\0')
    {
      g_free (self->path);
      self->path = g_strdup ("/");
    }

  return self;
}

/**
 * ado_loopback_listener_set_idle_timeout:
 * @milliseconds: how long a connection may stay open without sending a
 *   whole request (%ADO_LOOPBACK_IDLE_TIMEOUT_MS by default)
 */
void
ado_loopback_listener_set_idle_timeout (AdoLoopbackListener *self,
                                        guint                milliseconds)
{
  g_return_if_fail (ADO_IS_LOOPBACK_LISTENER (self));
  g_return_if_fail (milliseconds > 0);

  self->idle_timeout_ms = milliseconds;
}

/**
 * ado_loopback_listener_start:
 * @error: %ADO_ERROR_PORT_IN_USE when another program has the port
 *
 * Starts listening on the return URL's port, on loopback only.
 */
gboolean
ado_loopback_listener_start (AdoLoopbackListener  *self,
                             GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ipv4;
  gboolean ipv6;

  g_return_val_if_fail (ADO_IS_LOOPBACK_LISTENER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  ipv6 = g_strcmp0 (self->host, "::1") == 0 || g_ascii_strcasecmp (self->host, "localhost") == 0;
  ipv4 = g_strcmp0 (self->host, "::1") != 0;

  if (ipv4 && !_ado_loopback_listener_listen_on (self, "127.0.0.1", &local_error))
    goto failed;

  if (ipv6 && !_ado_loopback_listener_listen_on (self, "::1", &local_error))
    {
      /* Without IPv6 the browser uses 127.0.0.1 for "localhost" anyway */
      if (ipv4 && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_debug ("Not listening on ::1: %s", local_error->message);
          g_clear_error (&local_error);
        }
      else
        goto failed;
    }

  self->unconnected = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                    G_SOCKET_PROTOCOL_TCP, &local_error);
  if (self->unconnected == NULL)
    goto failed;

  self->server = soup_server_new ("server-header", "ads-onboarding ", NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  _ado_loopback_listener_accept (self);

  g_debug ("Listening on port %d for the sign-in answer", self->port);
  return TRUE;

failed:
  g_ptr_array_set_size (self->sockets, 0);
  g_clear_pointer (&self->unconnected, _ado_loopback_listener_close_socket);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, ADO_ERROR, ADO_ERROR_PORT_IN_USE,
                 _("Port %d is in use by another program, so the sign-in answer cannot be "
                   "received. Close that program, or another sign-in that is still waiting, "
                   "then try again."),
                 self->port);
  else
    g_set_error (error, ADO_ERROR, ADO_ERROR_PORT_IN_USE,
                 _("Cannot listen on port %d for the sign-in answer (%s). Use a return URL "
                   "with another port."),
                 self->port, local_error->message);
  return FALSE;
}

gboolean
ado_loopback_listener_is_listening (AdoLoopbackListener *self)
{
  g_return_val_if_fail (ADO_IS_LOOPBACK_LISTENER (self), FALSE);

  return self->server != NULL;
}

/**
 * ado_loopback_listener_stop:
 *
 * Closes the port. A wait in progress goes on until it times out or is
 * cancelled, and the pasted address can still answer it elsewhere.
 */
void
ado_loopback_listener_stop (AdoLoopbackListener *self)
{
  g_return_if_fail (ADO_IS_LOOPBACK_LISTENER (self));

  if (self->server == NULL)
    return;

  g_debug ("Stopped listening on port %d", self->port);
  _ado_loopback_listener_stop_accepting (self);
  g_signal_handlers_disconnect_by_data (self->server, self);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->unconnected, _ado_loopback_listener_close_socket);
}

/**
 * ado_loopback_listener_wait_async:
 * @timeout_seconds: how long to wait, 0 for %ADO_DEFAULT_TIMEOUT_SECONDS
 *   (the code's own five minutes start only when Amazon issues it, and it
 *   is exchanged as soon as it arrives)
 *
 * Waits for the browser to bring the answer back.
 */
void
ado_loopback_listener_wait_async (AdoLoopbackListener *self,
                                  guint                timeout_seconds,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ADO_IS_LOOPBACK_LISTENER (self));
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_loopback_listener_wait_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->server == NULL)
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_FAILED,
                               _("The sign-in listener is not running."));
      return;
    }

  self->task = g_steal_pointer (&task);
  /* Milliseconds: a seconds source may fire up to a second early */
  self->timeout_source = g_timeout_source_new ((timeout_seconds > 0
                                                ? timeout_seconds
                                                : ADO_DEFAULT_TIMEOUT_SECONDS) * 1000);
  g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
  g_source_attach (self->timeout_source, g_main_context_get_thread_default ());

  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable,
                                                G_CALLBACK (cancelled_cb),
                                                self, NULL);
}

/**
 * ado_loopback_listener_wait_finish:
 *
 * Returns: (transfer full) (nullable): the answer, with a code or with
 *   Amazon's error (see ado_callback_check()); %NULL with @error set on
 *   timeout (%ADO_ERROR_TIMED_OUT) or cancellation
 */
AdoCallback *
ado_loopback_listener_wait_finish (AdoLoopbackListener  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (ADO_IS_LOOPBACK_LISTENER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
