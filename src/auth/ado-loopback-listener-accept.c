/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-loopback-listener"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gnetworking.h>
#include <libsoup/soup.h>

#include "ado-loopback-listener-private.h"

/*
 * The loopback listener's own accepting (see ado-loopback-listener.c): the
 * listening sockets, at most ADO_LOOPBACK_MAX_CONNECTIONS connections at
 * once, each closed after its idle time, and accepting again after an error
 * such as EMFILE.
 */

/* How long accepting pauses after an error such as EMFILE */
#define ACCEPT_RETRY_MS 100

/* Connections accepted in one go: a crowd waiting to be accepted goes fast */
#define ACCEPTS_AT_ONCE 16

/* Connections the kernel holds until they are accepted. Past it, a new one
 * is dropped and waits a second or more for the client to try again, so a
 * crowd would hold the browser up: the queue takes one */
#define LISTEN_BACKLOG 1024

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

static void connection_stream_gone_cb (gpointer  data,
                                       GObject  *where_the_object_was);

void
_ado_loopback_listener_destroy_source (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

void
_ado_loopback_listener_close_socket (gpointer data)
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
  g_clear_pointer (&conn->idle_source, _ado_loopback_listener_destroy_source);
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

  g_clear_pointer (&conn->idle_source, _ado_loopback_listener_destroy_source);
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

/* Accepts connections on the listening sockets and follows their requests */
void
_ado_loopback_listener_accept (AdoLoopbackListener *self)
{
  g_signal_connect (self->server, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_done_cb), self);
  start_accepting (self);
}

/* Stops accepting and forgets every connection */
void
_ado_loopback_listener_stop_accepting (AdoLoopbackListener *self)
{
  g_ptr_array_set_size (self->accept_sources, 0);
  g_clear_pointer (&self->retry_source, _ado_loopback_listener_destroy_source);
  g_ptr_array_set_size (self->sockets, 0);

  /* The server closes the connections it has */
  while (self->connections.head != NULL)
    connection_free (self->connections.head->data);
}

gboolean
_ado_loopback_listener_listen_on (AdoLoopbackListener  *self,
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
