/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib-unix.h>
#include <libsoup/soup.h>

#include "auth/ado-loopback-listener.h"

#include "ado-test-core.h"

/*
 * The loopback listener against a local program that connects and sends
 * nothing: 1 100 idle connections under the usual 1024-file limit, one
 * connection past the cap, a half-sent request, and no file descriptor
 * left to accept with. After each, the real answer must still get in.
 *
 * The idle connections come from a child process (the "crowd"), forked
 * before anything else starts, so that their descriptors count against its
 * limit and not against this process's, which is lowered to 1024 as
 * `ulimit -n 1024` would.
 */

#define STATE "r4nd0m-st4te_value"
#define FILE_LIMIT 1024
#define CROWD_SIZE 1100
/* Fewer than libsoup 3.2's listen backlog (10), so that every connection the
 * crowd sees connected was taken by the listener, not left half-open */
#define CROWD_BATCH 8
#define CROWD_MAX_FDS 2048
/* How long the crowd waits for a batch: only a listener that stopped accepting makes it wait */
#define CROWD_PATIENCE_S 5
#define GUARD_S 60

typedef struct
{
  int                  port;
  char                *redirect_uri;
  AdoLoopbackListener *listener;
  SoupSession         *session;
  AdoCallback         *callback;
  GError              *error;
  gboolean             finished;
} Fixture;

static int crowd_commands = -1;
static int crowd_replies = -1;
static pid_t crowd_pid;
static gboolean crowd_can_open_all;


/* The crowd: plain system calls only, since it is a fork */

static int crowd_fds[CROWD_MAX_FDS];
static int crowd_n_fds;

/* Opens @n more connections to @port at once; returns how many connected */
static int
crowd_open (int port,
            int n)
{
  struct sockaddr_in address;
  struct pollfd pending[CROWD_BATCH];
  int n_pending = 0;
  int connected = 0;
  time_t give_up = time (NULL) + CROWD_PATIENCE_S;

  memset (&address, 0, sizeof address);
  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);

  for (int i = 0; i < MIN (n, CROWD_BATCH) && crowd_n_fds + n_pending < CROWD_MAX_FDS; i++)
    {
      int fd = socket (AF_INET, SOCK_STREAM, 0);

      if (fd < 0)
        break;
      fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
      if (connect (fd, (struct sockaddr *)&address, sizeof address) == 0)
        {
          crowd_fds[crowd_n_fds++] = fd;
          connected++;
        }
      else if (errno == EINPROGRESS)
        {
          pending[n_pending].fd = fd;
          pending[n_pending].events = POLLOUT;
          pending[n_pending].revents = 0;
          n_pending++;
        }
      else
        close (fd);
    }

  while (n_pending > 0 && time (NULL) < give_up)
    {
      if (poll (pending, n_pending, 1000) <= 0)
        continue;

      for (int i = 0; i < n_pending; )
        {
          int error = 0;
          socklen_t length = sizeof error;

          if (pending[i].revents == 0)
            {
              i++;
              continue;
            }

          getsockopt (pending[i].fd, SOL_SOCKET, SO_ERROR, &error, &length);
          if (error == 0)
            {
              crowd_fds[crowd_n_fds++] = pending[i].fd;
              connected++;
            }
          else
            close (pending[i].fd);
          pending[i] = pending[--n_pending];
        }
    }

  for (int i = 0; i < n_pending; i++)
    close (pending[i].fd);

  return connected;
}

static void
crowd_reply (const char *text)
{
  size_t length = strlen (text);

  while (length > 0)
    {
      ssize_t n = write (crowd_replies, text, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (1);
      text += n;
      length -= (size_t)n;
    }
}

/* Commands, one a line: "open PORT N" (answers "open CONNECTED"), "close" (answers "closed") */
static G_NORETURN void
crowd_main (void)
{
  char line[128];
  size_t used = 0;

  for (;;)
    {
      char *end;
      ssize_t n = read (crowd_commands, line + used, sizeof line - 1 - used);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (0);
      used += (size_t)n;
      line[used] = '\0';

      while ((end = strchr (line, '\n')) != NULL)
        {
          char reply[64];
          int port;
          int count;

          *end = '\0';
          if (sscanf (line, "open %d %d", &port, &count) == 2)
            snprintf (reply, sizeof reply, "open %d\n", crowd_open (port, count));
          else
            {
              for (int i = 0; i < crowd_n_fds; i++)
                close (crowd_fds[i]);
              crowd_n_fds = 0;
              snprintf (reply, sizeof reply, "closed\n");
            }
          crowd_reply (reply);

          used -= (size_t)(end + 1 - line);
          memmove (line, end + 1, used + 1);
        }
    }
}

static void
crowd_start (void)
{
  struct rlimit limit;
  int commands[2];
  int replies[2];

  g_assert_cmpint (pipe (commands), ==, 0);
  g_assert_cmpint (pipe (replies), ==, 0);

  crowd_pid = fork ();
  g_assert_cmpint (crowd_pid, >=, 0);
  if (crowd_pid == 0)
    {
      close (commands[1]);
      close (replies[0]);
      crowd_commands = commands[0];
      crowd_replies = replies[1];

      /* As many descriptors as allowed: it holds the whole crowd */
      if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
        {
          limit.rlim_cur = limit.rlim_max;
          setrlimit (RLIMIT_NOFILE, &limit);
        }
      crowd_main ();
    }

  close (commands[0]);
  close (replies[1]);
  crowd_commands = commands[1];
  crowd_replies = replies[0];
  fcntl (crowd_commands, F_SETFD, FD_CLOEXEC);
  fcntl (crowd_replies, F_SETFD, FD_CLOEXEC);

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  crowd_can_open_all = limit.rlim_max == RLIM_INFINITY ||
                       limit.rlim_max >= CROWD_SIZE + 64;

  /* This process: the usual limit */
  limit.rlim_cur = MIN (limit.rlim_max, FILE_LIMIT);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
}

static void
crowd_stop (void)
{
  int status;

  close (crowd_commands);
  g_assert_cmpint (waitpid (crowd_pid, &status, 0), ==, crowd_pid);
  close (crowd_replies);
}

/* Helpers of this process */

/* Runs what is ready, the listener's work included */
static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
crowd_readable_cb (int          fd,
                   GIOCondition condition,
                   gpointer     user_data)
{
  GString *reply = user_data;
  char buffer[64];
  ssize_t n = read (fd, buffer, sizeof buffer);

  if (n <= 0)
    g_error ("The crowd process went away");
  g_string_append_len (reply, buffer, n);

  return G_SOURCE_CONTINUE;
}

static gboolean
has_line (gpointer data)
{
  GString *reply = data;

  return strchr (reply->str, '\n') != NULL;
}

/* Sends @command to the crowd; the listener goes on serving until the answer */
static char *
crowd_ask (const char *command)
{
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autofree char *line = g_strdup_printf ("%s\n", command);
  guint watch;

  g_assert_cmpint (write (crowd_commands, line, strlen (line)), ==, (gssize)strlen (line));

  watch = g_unix_fd_add (crowd_replies, G_IO_IN, crowd_readable_cb, reply);
  ado_test_run_until (has_line, reply, "the crowd's answer");
  g_source_remove (watch);

  return g_strndup (reply->str, strcspn (reply->str, "\n"));
}

/* Opens @count idle connections, a batch at a time, each taken by the listener before the next */
static int
crowd_open_connections (int port,
                        int count)
{
  int connected = 0;

  while (connected < count)
    {
      int batch = MIN (CROWD_BATCH, count - connected);
      g_autofree char *command = g_strdup_printf ("open %d %d", port, batch);
      g_autofree char *reply = crowd_ask (command);
      int n = -1;

      g_assert_cmpint (sscanf (reply, "open %d", &n), ==, 1);
      connected += n;
      drain ();

      /* The listener takes no more */
      if (n < batch)
        break;
    }

  return connected;
}

static void
crowd_close_connections (void)
{
  g_autofree char *reply = crowd_ask ("close");

  g_assert_cmpstr (reply, ==, "closed");
}

/* Sockets open in this process, counted without opening anything */
static int
count_sockets (void)
{
  struct rlimit limit;
  int count = 0;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  for (int fd = 0; fd < (int)MIN (limit.rlim_cur, 65536); fd++)
    {
      struct stat info;

      if (fstat (fd, &info) == 0 && S_ISSOCK (info.st_mode))
        count++;
    }

  return count;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->port = ado_test_free_port ();
  f->redirect_uri = g_strdup_printf ("http://127.0.0.1:%d/callback", f->port);
  f->listener = ado_loopback_listener_new (f->redirect_uri, STATE);
  /* Only so that a listener that never answers fails the test instead of hanging it */
  f->session = soup_session_new_with_options ("timeout", 30, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->listener);
  g_clear_object (&f->session);
  g_clear_pointer (&f->callback, ado_callback_free);
  g_clear_error (&f->error);
  g_free (f->redirect_uri);
  drain ();
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->callback = ado_loopback_listener_wait_finish (ADO_LOOPBACK_LISTENER (object), result,
                                                   &f->error);
  f->finished = TRUE;
}

static void
start_waiting (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ado_loopback_listener_start (f->listener, &error));
  g_assert_no_error (error);
  ado_loopback_listener_wait_async (f->listener, 300, NULL, wait_cb, f);
}

typedef struct
{
  guint     status;
  GError   *error;
  gboolean  done;
} Response;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Response *response = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                              &response->error);

  if (body != NULL)
    response->status = soup_message_get_status (msg);
  response->done = TRUE;
}

/* The browser coming back with the answer: the wait must end with it */
static void
assert_answer_gets_in (Fixture    *f,
                       const char *code)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%d/callback?code=%s&state=" STATE,
                                          f->port, code);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, url);
  Response response = { 0 };

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &response);
  ado_test_wait_for_flag (&response.done, "the answer");
  ado_test_wait_for_flag (&f->finished, "the wait to finish");

  g_assert_no_error (response.error);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_no_error (f->error);
  g_assert_nonnull (f->callback);
  g_assert_cmpstr (f->callback->code, ==, code);
}

typedef struct
{
  char     buffer[256];
  gssize   n;
  GError  *error;
  gboolean done;
} Reading;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reading *reading = user_data;

  reading->n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &reading->error);
  reading->done = TRUE;
}

/* Whether the listener closed @connection: it reads the end of the stream */
static gboolean
wait_until_closed (GSocketConnection *connection)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  Reading reading = { .n = -1 };

  g_input_stream_read_async (input, reading.buffer, sizeof reading.buffer, G_PRIORITY_DEFAULT,
                             NULL, read_cb, &reading);
  ado_test_wait_for_flag (&reading.done, "the end of the connection");

  /* The end of the stream, or a reset when the listener had not read everything */
  if (reading.error != NULL)
    g_test_message ("Read: %s", reading.error->message);
  g_clear_error (&reading.error);
  return reading.n <= 0;
}

static gboolean
still_open (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);

  return g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) == 0;
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GSocketConnection **connection = user_data;
  g_autoptr(GError) error = NULL;

  *connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_connected (gpointer data)
{
  return *(GSocketConnection **)data != NULL;
}

/* Connects @n times, one after the other, while the listener goes on accepting */
static void
connect_many (Fixture            *f,
              GSocketConnection **connections,
              guint               n)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autofree char *host_and_port = g_strdup_printf ("127.0.0.1:%d", f->port);

  for (guint i = 0; i < n; i++)
    {
      connections[i] = NULL;
      g_socket_client_connect_to_host_async (client, host_and_port, 0, NULL, connected_cb,
                                             &connections[i]);
      ado_test_run_until (is_connected, &connections[i], "the connection");
    }
}

/* Tests */

static void
test_idle_crowd_open (Fixture       *f,
                      gconstpointer  data)
{
  int before;
  int during;
  int connected;

  if (!crowd_can_open_all)
    {
      g_test_skip ("The hard file limit is too low for the crowd of idle connections");
      return;
    }

  before = count_sockets ();
  start_waiting (f);

  connected = crowd_open_connections (f->port, CROWD_SIZE);
  drain ();
  during = count_sockets ();
  g_test_message ("%d of %d idle connections connected; this process holds %d sockets "
                  "(%d before listening)", connected, CROWD_SIZE, during, before);

  /* All of them still open on their side */
  assert_answer_gets_in (f, "while-open");

  g_assert_cmpint (connected, ==, CROWD_SIZE);
  /* The cap, and two of the listener's own: the listening socket and a spare */
  g_assert_cmpint (during, <=, before + 2 + ADO_LOOPBACK_MAX_CONNECTIONS);

  crowd_close_connections ();
}

static void
test_idle_crowd_closed (Fixture       *f,
                        gconstpointer  data)
{
  int connected;

  if (!crowd_can_open_all)
    {
      g_test_skip ("The hard file limit is too low for the crowd of idle connections");
      return;
    }

  start_waiting (f);

  connected = crowd_open_connections (f->port, CROWD_SIZE);
  g_test_message ("%d of %d idle connections connected", connected, CROWD_SIZE);
  crowd_close_connections ();
  drain ();

  assert_answer_gets_in (f, "after-close");
  g_assert_cmpint (connected, ==, CROWD_SIZE);
}

static void
test_cap (Fixture       *f,
          gconstpointer  data)
{
  GSocketConnection *connections[ADO_LOOPBACK_MAX_CONNECTIONS + 1];

  /* Long enough that only the cap closes anything here */
  ado_loopback_listener_set_idle_timeout (f->listener, GUARD_S * 1000);
  start_waiting (f);

  connect_many (f, connections, G_N_ELEMENTS (connections));
  drain ();

  /* One past the cap: the quietest, the first, is closed, and no other */
  g_assert_true (wait_until_closed (connections[0]));
  drain ();
  for (guint i = 1; i < G_N_ELEMENTS (connections); i++)
    g_assert_true (still_open (connections[i]));

  /* And the answer still gets in */
  assert_answer_gets_in (f, "past-the-cap");

  for (guint i = 0; i < G_N_ELEMENTS (connections); i++)
    g_object_unref (connections[i]);
}

static void
test_half_sent_request (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ado_loopback_listener_set_idle_timeout (f->listener, 200);
  start_waiting (f);

  /* A request without its last empty line never ends */
  connect_many (f, &connection, 1);
  text = g_strdup_printf ("GET /callback?code=half&state=" STATE " HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%d\r\n", f->port);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (wait_until_closed (connection));
  g_assert_false (f->finished);

  assert_answer_gets_in (f, "after-half-sent");
}

static void
test_no_descriptor_left (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GArray) fillers = g_array_new (FALSE, FALSE, sizeof (int));
  int connected;

  start_waiting (f);

  /* Every descriptor of this process taken */
  for (;;)
    {
      int fd = dup (STDERR_FILENO);

      if (fd < 0)
        {
          g_assert_cmpint (errno, ==, EMFILE);
          break;
        }
      g_array_append_val (fillers, fd);
    }

  /* Connections arrive and cannot be accepted */
  connected = crowd_open_connections (f->port, 3);
  g_assert_cmpint (connected, ==, 3);
  drain ();

  for (guint i = 0; i < fillers->len; i++)
    close (g_array_index (fillers, int, i));
  g_test_message ("%u descriptors were taken", fillers->len);

  /* Accepting goes on once there are descriptors again */
  assert_answer_gets_in (f, "after-emfile");

  crowd_close_connections ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything starts a thread */
  crowd_start ();

  g_test_init (&argc, &argv, NULL);
  ado_test_set_guard_seconds (GUARD_S);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/listener-limits/idle-crowd-open", test_idle_crowd_open);
  ADD ("/ado/listener-limits/idle-crowd-closed", test_idle_crowd_closed);
  ADD ("/ado/listener-limits/cap", test_cap);
  ADD ("/ado/listener-limits/half-sent-request", test_half_sent_request);
  ADD ("/ado/listener-limits/no-descriptor-left", test_no_descriptor_left);

  status = g_test_run ();
  crowd_stop ();

  return status;
}
