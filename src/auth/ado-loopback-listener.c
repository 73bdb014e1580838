/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-loopback-listener"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gnetworking.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ado-error.h"
#include "ado-loopback-listener.h"

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
 */

/* How long accepting pauses after an error such as EMFILE */
#define ACCEPT_RETRY_MS 100

/* Connections accepted in one go: a crowd waiting to be accepted goes fast */
#define ACCEPTS_AT_ONCE 16

/* Connections the kernel holds until they are accepted. Past it, a new one
 * is dropped and waits a second or more for the client to try again, so a
 * crowd would hold the browser up: the queue takes one */
#define LISTEN_BACKLOG 1024

struct _AdoLoopbackListener
{
  GObject       parent_instance;

  char         *redirect_uri;
  char         *path;
  char         *host;
  char         *expected_state;
  int           port;
  guint         idle_timeout_ms;

  SoupServer   *server;
  GPtrArray    *sockets;
  GSocket      *unconnected;
  GPtrArray    *accept_sources;
  GSource      *retry_source;
  GQueue        connections;
  GTask        *task;
  GSource      *timeout_source;
  gulong        cancelled_id;
};

/* A connection handed to the SoupServer, until libsoup lets it go or it is closed */
typedef struct
{
  AdoLoopbackListener *listener;
  GSocketConnection   *stream;    /* libsoup's; a weak reference here */
  GSocket             *socket;
  GSocketAddress      *remote;
  GSource             *idle_source;
  GList                link;      /* in listener->connections, the quietest first */
  gboolean             busy;      /* a whole request came and is being answered */
} Connection;

G_DEFINE_FINAL_TYPE (AdoLoopbackListener, ado_loopback_listener, G_TYPE_OBJECT)

/**
 * ado_landing_page_build:
 * @success: whether the sign-in answer was a code
 * @detail: (nullable): Amazon's reason when it was not; escaped here
 *
 * The page the browser shows after the redirect: translated, in the
 * desktop's light or dark style, with no script and nothing loaded from
 * elsewhere.
 *
 * Returns: (transfer full): an HTML document
 */
char *
ado_landing_page_build (gboolean    success,
                        const char *detail)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *escaped_detail = NULL;
  const char *lang;

  title = g_markup_escape_text (success ? _("Signed in to Ads Onboarding")
                                        : _("Sign-in not completed"), -1);
  if (success)
    body = g_markup_escape_text (_("You can close this tab and go back to Ads Onboarding."), -1);
  else
    body = g_markup_escape_text (_("Amazon did not allow the sign-in. Go back to Ads Onboarding "
                                   "to see what to do next; you can close this tab."), -1);

  if (detail != NULL && detail[0] != '\0')
    escaped_detail = g_markup_escape_text (detail, -1);

  /* Translators: the language code of this translation, for the HTML page */
  lang = _("en");

  return g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"%s\">\n"
                          "<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width\">\n"
                          "<meta name=\"color-scheme\" content=\"light dark\">\n"
                          "<title>%s</title>\n"
                          "<style>\n"
                          "body{font-family:Cantarell,'Noto Sans',sans-serif;margin:0;"
                          "min-height:100vh;display:flex;align-items:center;justify-content:center;"
                          "background:#fafafa;color:#2e3436}\n"
                          "main{max-width:32em;padding:2em;text-align:center}\n"
                          "h1{font-size:1.6em;margin:0 0 .6em}\n"
                          "p{line-height:1.5}\n"
                          ".mark{font-size:3em;color:%s}\n"
                          "code{opacity:.7}\n"
                          "@media (prefers-color-scheme: dark){body{background:#242424;color:#fff}}\n"
                          "</style>\n"
                          "</head>\n"
                          "<body><main>\n"
                          "<div class=\"mark\" aria-hidden=\"true\">%s</div>\n"
                          "<h1>%s</h1>\n"
                          "<p>%s</p>\n"
                          "%s%s%s"
                          "</main></body>\n"
                          "</html>\n",
                          lang,
                          title,
                          success ? "#26a269" : "#c01c28",
                          success ? "&#10003;" : "&#10007;",
                          title,
                          body,
                          escaped_detail != NULL ? "<p><code>" : "",
                          escaped_detail != NULL ? escaped_detail : "",
                          escaped_detail != NULL ? "</code></p>\n" : "");
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* The address holds the code: keep it out of referrers and caches */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");

  if (html != NULL)
    soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                      html, strlen (html));
  soup_server_message_set_status (msg, status, NULL);
}

static void
respond_error_page (SoupServerMessage *msg,
                    guint              status,
                    const char        *message)
{
  g_autofree char *html = ado_landing_page_build (FALSE, message);

  respond (msg, status, html);
}

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
      respond (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    {
      g_debug ("Method %s on the return path: 405", method);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET");
      respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (self->task == NULL)
    {
      /* Listening without anyone waiting: not an answer for anyone */
      respond_error_page (msg, SOUP_STATUS_BAD_REQUEST,
                          _("No sign-in is waiting for an answer."));
      return;
    }

  callback = ado_callback_parse_query (g_uri_get_query (uri), self->expected_state, &error);
  if (callback == NULL)
    {
      /* Someone else's request, or a garbled one: answer and keep waiting */
      g_debug ("Refused a request on the return path: %s", error->message);
      respond_error_page (msg, SOUP_STATUS_BAD_REQUEST, error->message);
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

  respond (msg, SOUP_STATUS_OK, html);

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

static void connection_stream_gone_cb (gpointer  data,
                                       GObject  *where_the_object_was);

static void
destroy_source (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static void
close_socket (gpointer data)
{
  g_socket_close (data, NULL);
  g_object_unref (data);
}

/* Forgets @conn; libsoup may still be letting it go */
static void
connection_free (Connection *conn)
{
  AdoLoopbackListener *self = conn->listener;

  g_queue_unlink (&self->connections, &conn->link);
  if (conn->stream != NULL)
    g_object_weak_unref (G_OBJECT (conn->stream), connection_stream_gone_cb, conn);
  g_clear_pointer (&conn->idle_source, destroy_source);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->remote);
  g_free (conn);
}

static void
connection_stream_gone_cb (gpointer  data,
                           GObject  *where_the_object_was)
{
  Connection *conn = data;

  conn->stream = NULL;
  connection_free (conn);
}

/*
 * Ends @conn at once: in place of its descriptor, one that is not connected.
 * The connection closes, and libsoup's next read fails, so it lets it go. A
 * shutdown() would read as the end of the request, and libsoup would take
 * half a request for a whole one; a close() would free the number while
 * libsoup still watches it, for the next connection to take.
 */
static void
connection_close (Connection *conn)
{
  int fd = g_socket_get_fd (conn->socket);

  if (dup2 (g_socket_get_fd (conn->listener->unconnected), fd) == fd)
    fcntl (fd, F_SETFD, FD_CLOEXEC);
  else
    g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  connection_free (conn);
}

static gboolean
connection_idle_cb (gpointer data)
{
  Connection *conn = data;

  g_debug ("Closed a connection that sent no whole request in time");
  g_clear_pointer (&conn->idle_source, g_source_unref);
  connection_close (conn);

  return G_SOURCE_REMOVE;
}

/* Something happened on @conn: its idle time starts again, it is the last one to close */
static void
connection_touch (Connection *conn)
{
  AdoLoopbackListener *self = conn->listener;

  g_queue_unlink (&self->connections, &conn->link);
  g_queue_push_tail_link (&self->connections, &conn->link);

  g_clear_pointer (&conn->idle_source, destroy_source);
  conn->idle_source = g_timeout_source_new (self->idle_timeout_ms);
  g_source_set_callback (conn->idle_source, connection_idle_cb, conn, NULL);
  g_source_attach (conn->idle_source, g_main_context_get_thread_default ());
}

static Connection *
find_connection (AdoLoopbackListener *self,
                 SoupServerMessage   *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  GInetSocketAddress *wanted;

  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    return NULL;

  wanted = G_INET_SOCKET_ADDRESS (remote);
  for (GList *l = self->connections.head; l != NULL; l = l->next)
    {
      Connection *conn = l->data;
      GInetSocketAddress *address = G_INET_SOCKET_ADDRESS (conn->remote);

      if (g_inet_socket_address_get_port (address) == g_inet_socket_address_get_port (wanted) &&
          g_inet_address_equal (g_inet_socket_address_get_address (address),
                                 g_inet_socket_address_get_address (wanted)))
        return conn;
    }

  return NULL;
}

static void
request_read_cb (SoupServer          *server,
                 SoupServerMessage   *msg,
                 AdoLoopbackListener *self)
{
  Connection *conn = find_connection (self, msg);

  if (conn != NULL)
    {
      conn->busy = TRUE;
      connection_touch (conn);
    }
}

static void
request_done_cb (SoupServer          *server,
                 SoupServerMessage   *msg,
                 AdoLoopbackListener *self)
{
  Connection *conn = find_connection (self, msg);

  if (conn != NULL)
    {
      conn->busy = FALSE;
      connection_touch (conn);
    }
}

/* Below the cap, or closes the quietest connection that is not being answered */
static gboolean
make_room (AdoLoopbackListener *self)
{
  if (self->connections.length < ADO_LOOPBACK_MAX_CONNECTIONS)
    return TRUE;

  for (GList *l = self->connections.head; l != NULL; l = l->next)
    {
      Connection *conn = l->data;

      if (!conn->busy)
        {
          g_debug ("%d connections open: closed the quietest", ADO_LOOPBACK_MAX_CONNECTIONS);
          connection_close (conn);
          return TRUE;
        }
    }

  return FALSE;
}

static void
serve (AdoLoopbackListener *self,
       int                  fd)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;
  Connection *conn;

  socket = g_socket_new_from_fd (fd, &error);
  if (socket == NULL)
    {
      g_debug ("Dropped an accepted connection: %s", error->message);
      close (fd);
      return;
    }

  local = g_socket_get_local_address (socket, &error);
  if (local != NULL)
    remote = g_socket_get_remote_address (socket, &error);
  if (remote == NULL)
    {
      /* Already reset by the other end */
      g_debug ("Dropped an accepted connection: %s", error->message);
      return;
    }

  if (!make_room (self))
    {
      g_debug ("Every connection is being answered: refused one more");
      return;
    }

  stream = g_socket_connection_factory_create_connection (socket);
  conn = g_new0 (Connection, 1);
  conn->listener = self;
  conn->stream = stream;
  conn->socket = g_object_ref (socket);
  conn->remote = g_object_ref (remote);
  conn->link.data = conn;
  g_queue_push_tail_link (&self->connections, &conn->link);
  g_object_weak_ref (G_OBJECT (stream), connection_stream_gone_cb, conn);
  connection_touch (conn);

  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (stream), local, remote, &error))
    {
      g_debug ("Dropped an accepted connection: %s", error->message);
      connection_free (conn);
    }
}

static void start_accepting (AdoLoopbackListener *self);

static gboolean
retry_cb (gpointer data)
{
  AdoLoopbackListener *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  start_accepting (self);

  return G_SOURCE_REMOVE;
}

/*
 * accept() rather than g_socket_accept(): tests/lsan.supp hides libsoup's
 * listener leak by g_socket_accept(), the only frame it can name, and a leak
 * of these sockets must stay visible.
 */
static gboolean
accept_cb (GSocket      *listening,
           GIOCondition  condition,
           gpointer      user_data)
{
  AdoLoopbackListener *self = user_data;
  int fd = -1;
  int saved_errno;

  for (guint i = 0; i < ACCEPTS_AT_ONCE; i++)
    {
      fd = accept (g_socket_get_fd (listening), NULL, NULL);
      if (fd < 0)
        break;

      fcntl (fd, F_SETFD, FD_CLOEXEC);
      serve (self, fd);
    }

  if (fd >= 0)
    return G_SOURCE_CONTINUE;

  saved_errno = errno;
  switch (saved_errno)
    {
    case EAGAIN:
    case EINTR:
    case ECONNABORTED:
      return G_SOURCE_CONTINUE;

    default:
      break;
    }

  /* Out of file descriptors (EMFILE, ENFILE) or memory: the connection
   * waits in the queue while some close; giving up would be for good */
  g_debug ("Cannot accept a connection (%s): trying again in %d ms",
           g_strerror (saved_errno), ACCEPT_RETRY_MS);
  g_ptr_array_set_size (self->accept_sources, 0);
  self->retry_source = g_timeout_source_new (ACCEPT_RETRY_MS);
  g_source_set_callback (self->retry_source, retry_cb, self, NULL);
  g_source_attach (self->retry_source, g_main_context_get_thread_default ());

  return G_SOURCE_REMOVE;
}

static void
start_accepting (AdoLoopbackListener *self)
{
  for (guint i = 0; i < self->sockets->len; i++)
    {
      GSource *source = g_socket_create_source (g_ptr_array_index (self->sockets, i),
                                                G_IO_IN, NULL);

      g_source_set_callback (source, G_SOURCE_FUNC (accept_cb), self, NULL);
      g_source_attach (source, g_main_context_get_thread_default ());
      g_ptr_array_add (self->accept_sources, source);
    }
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
  self->sockets = g_ptr_array_new_with_free_func (close_socket);
  self->accept_sources = g_ptr_array_new_with_free_func (destroy_source);
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

static gboolean
listen_on (AdoLoopbackListener  *self,
           const char           *address,
           GError              **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, self->port);
  g_autoptr(GSocket) socket = NULL;
  GSocketFamily family = g_inet_address_get_family (inet);

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;

  if (family == G_SOCKET_FAMILY_IPV6 &&
      !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return FALSE;

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, socket_address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  g_ptr_array_add (self->sockets, g_steal_pointer (&socket));
  return TRUE;
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

  if (ipv4 && !listen_on (self, "127.0.0.1", &local_error))
    goto failed;

  if (ipv6 && !listen_on (self, "::1", &local_error))
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
  g_signal_connect (self->server, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_done_cb), self);
  start_accepting (self);

  g_debug ("Listening on port %d for the sign-in answer", self->port);
  return TRUE;

failed:
  g_ptr_array_set_size (self->sockets, 0);
  g_clear_pointer (&self->unconnected, close_socket);
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
  g_ptr_array_set_size (self->accept_sources, 0);
  g_clear_pointer (&self->retry_source, destroy_source);
  g_ptr_array_set_size (self->sockets, 0);

  /* The server closes the connections it has */
  while (self->connections.head != NULL)
    connection_free (self->connections.head->data);
  g_signal_handlers_disconnect_by_data (self->server, self);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->unconnected, close_socket);
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
