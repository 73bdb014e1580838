/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>

#include "ado-error.h"
#include "auth/ado-loopback-listener.h"

#include "ado-test-core.h"

/*
 * Every case of the loopback listener, with a real HTTP client: the
 * answer, Amazon's error, wrong or missing state, other paths and
 * methods, the favicon, garbled requests, a taken port, the timeout,
 * cancellation, and listening only while waiting, on loopback only.
 */

#define STATE "r4nd0m-st4te_value"

typedef struct
{
  int                  port;
  char                *redirect_uri;
  AdoLoopbackListener *listener;
  SoupSession         *session;
  GMainLoop           *loop;
  AdoCallback         *callback;
  GError              *error;
  gboolean             finished;
} Fixture;

typedef struct
{
  guint   status;
  char   *body;
  char   *content_type;
  char   *csp;
  char   *allow;
  GError *error;
  gboolean done;
} Response;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *host = data != NULL ? data : "127.0.0.1";

  f->port = ado_test_free_port ();
  f->redirect_uri = g_strdup_printf ("http://%s:%d/callback", host, f->port);
  f->listener = ado_loopback_listener_new (f->redirect_uri, STATE);
  f->session = soup_session_new ();
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->listener);
  g_clear_object (&f->session);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->callback, ado_callback_free);
  g_clear_error (&f->error);
  g_free (f->redirect_uri);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->callback = ado_loopback_listener_wait_finish (ADO_LOOPBACK_LISTENER (object), result, &f->error);
  f->finished = TRUE;
  g_main_loop_quit (f->loop);
}

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
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

      response->status = soup_message_get_status (msg);
      response->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      response->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
      response->csp = g_strdup (soup_message_headers_get_one (headers, "Content-Security-Policy"));
      response->allow = g_strdup (soup_message_headers_get_one (headers, "Allow"));
    }
  response->done = TRUE;
}

static void
response_clear (Response *response)
{
  g_free (response->body);
  g_free (response->content_type);
  g_free (response->csp);
  g_free (response->allow);
  g_clear_error (&response->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

typedef struct
{
  GSocketConnection *connection;
  Response          *response;
  GString           *received;
  char               buffer[4096];
} RawRequest;

static void
raw_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawRequest *raw = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &raw->response->error);

  if (n > 0)
    {
      g_string_append_len (raw->received, raw->buffer, n);
      g_input_stream_read_async (G_INPUT_STREAM (object), raw->buffer, sizeof raw->buffer,
                                 G_PRIORITY_DEFAULT, NULL, raw_read_cb, raw);
      return;
    }

  /* "HTTP/1.1 400 Bad Request" */
  if (raw->received->len > 12)
    raw->response->status = (guint)g_ascii_strtoull (raw->received->str + 9, NULL, 10);
  raw->response->body = g_strdup (raw->received->str);
  raw->response->done = TRUE;
}

/* For request lines no HTTP client would send: written by hand */
static void
raw_request (Fixture    *f,
             const char *method,
             const char *path_and_query,
             Response   *response)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autofree char *text = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                                           "Connection: close\r\n\r\n",
                                           method, path_and_query, f->port);
  RawRequest raw = { NULL, response, g_string_new (NULL), { 0 } };

  raw.connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL,
                                                    &response->error);
  if (raw.connection == NULL)
    {
      g_string_free (raw.received, TRUE);
      return;
    }

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw.connection)),
                             text, strlen (text), NULL, NULL, &response->error);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (raw.connection)),
                             raw.buffer, sizeof raw.buffer, G_PRIORITY_DEFAULT, NULL,
                             raw_read_cb, &raw);
  ado_test_wait_for_flag (&response->done, "the answer");

  g_object_unref (raw.connection);
  g_string_free (raw.received, TRUE);
}

/* Sends a request while the main loop runs the listener */
static void
request (Fixture    *f,
         const char *method,
         const char *path_and_query,
         Response   *response)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%d%s", f->port, path_and_query);
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr(SoupMessage) msg = NULL;

  if (uri == NULL)
    {
      raw_request (f, method, path_and_query, response);
      return;
    }

  msg = soup_message_new_from_uri (method, uri);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, response);
  ado_test_wait_for_flag (&response->done, "the answer");
}

static void
start_waiting (Fixture *f,
               guint    timeout)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ado_loopback_listener_start (f->listener, &error));
  g_assert_no_error (error);
  ado_loopback_listener_wait_async (f->listener, timeout, NULL, wait_cb, f);
}

static void
run_until_finished (Fixture *f)
{
  ado_test_wait_for_flag (&f->finished, "the wait to finish");
}

/* Whether anything listens on @port at @hex_address in /proc/net/tcp(6) */
static gboolean
proc_listens (const char *file,
              const char *hex_address,
              int         port)
{
  g_autofree char *contents = NULL;
  g_autofree char *needle = g_strdup_printf ("%s:%04X", hex_address, port);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (file, &contents, NULL, NULL))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      for (guint j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          g_ptr_array_add (words, fields[j]);

      /* sl local_address rem_address st: st 0A is LISTEN */
      if (words->len > 3 &&
          g_str_equal (g_ptr_array_index (words, 1), needle) &&
          g_str_equal (g_ptr_array_index (words, 3), "0A"))
        return TRUE;
    }

  return FALSE;
}

static gboolean
anything_listens_on_port (int port)
{
  g_autofree char *v4 = NULL;
  g_autofree char *v6 = NULL;
  gboolean found = FALSE;

  if (g_file_get_contents ("/proc/net/tcp", &v4, NULL, NULL))
    found |= proc_listens ("/proc/net/tcp", "0100007F", port) ||
             proc_listens ("/proc/net/tcp", "00000000", port);
  if (g_file_get_contents ("/proc/net/tcp6", &v6, NULL, NULL))
    found |= proc_listens ("/proc/net/tcp6", "00000000000000000000000001000000", port) ||
             proc_listens ("/proc/net/tcp6", "00000000000000000000000000000000", port);

  return found;
}

/* Tests */

static void
test_answer_with_code (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Response) response = { 0 };

  start_waiting (f, 30);
  g_assert_true (ado_loopback_listener_is_listening (f->listener));

  request (f, "GET", "/callback?code=AnCode123&scope=advertising%3A%3Acampaign_management&state=" STATE,
           &response);
  g_assert_no_error (response.error);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (response.content_type, ==, "text/html; charset=utf-8");
  g_assert_nonnull (strstr (response.body, "You can close this tab"));
  g_assert_null (strstr (response.body, "<script"));
  g_assert_null (strstr (response.body, "AnCode123"));
  g_assert_nonnull (strstr (response.csp, "default-src 'none'"));

  run_until_finished (f);
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->callback->code, ==, "AnCode123");
  g_assert_cmpstr (f->callback->scope, ==, "advertising::campaign_management");

  /* Closed right afterwards */
  g_assert_false (ado_loopback_listener_is_listening (f->listener));
  g_assert_false (anything_listens_on_port (f->port));
}

static void
test_answer_with_error (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Response) response = { 0 };
  g_autoptr(GError) refusal = NULL;

  start_waiting (f, 30);
  request (f, "GET",
           "/callback?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E+denied"
           "&state=" STATE, &response);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_nonnull (strstr (response.body, "Sign-in not completed"));
  /* Echoed, escaped, never executed */
  g_assert_null (strstr (response.body, "<script"));
  g_assert_nonnull (strstr (response.body, "&lt;script&gt;alert(1)&lt;/script&gt; denied"));

  run_until_finished (f);
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->callback->error, ==, "access_denied");
  g_assert_false (ado_callback_check (f->callback, NULL, &refusal));
  g_assert_error (refusal, ADO_ERROR, ADO_ERROR_ACCESS_DENIED);
  g_assert_false (anything_listens_on_port (f->port));
}

static void
test_refused_requests_keep_waiting (Fixture       *f,
                                    gconstpointer  data)
{
  static const struct {
    const char *method;
    const char *path;
    guint       status;
  } cases[] = {
    { "GET", "/callback?code=abc&state=wrong", 400 },
    { "GET", "/callback?code=abc", 400 },
    { "GET", "/callback?state=" STATE, 400 },
    { "GET", "/callback", 400 },
    { "GET", "/callback?code=%ZZ&state=" STATE, 400 },
    { "GET", "/callback?code=a&code=b&state=" STATE, 400 },
    { "GET", "/favicon.ico", 404 },
    { "GET", "/", 404 },
    { "GET", "/callback/extra?code=abc&state=" STATE, 404 },
    { "GET", "/CALLBACK?code=abc&state=" STATE, 404 },
    { "POST", "/callback?code=abc&state=" STATE, 405 },
    { "PUT", "/callback", 405 },
    { "DELETE", "/callback?code=abc&state=" STATE, 405 },
  };
  g_auto(Response) final = { 0 };

  start_waiting (f, 30);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Response) response = { 0 };

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      request (f, cases[i].method, cases[i].path, &response);
      g_assert_no_error (response.error);
      g_assert_cmpuint (response.status, ==, cases[i].status);
      if (cases[i].status == 405)
        g_assert_cmpstr (response.allow, ==, "GET");
      if (response.body != NULL)
        g_assert_null (strstr (response.body, "<script"));

      /* Still waiting, still listening */
      g_assert_false (f->finished);
      g_assert_true (ado_loopback_listener_is_listening (f->listener));
    }

  request (f, "GET", "/callback?code=late&state=" STATE, &final);
  g_assert_cmpuint (final.status, ==, 200);
  run_until_finished (f);
  g_assert_cmpstr (f->callback->code, ==, "late");
}

static void
test_raw_garbage (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Response) final = { 0 };
  const char garbage[] = "\x16\x03\x01 NOT HTTP AT ALL\r\n\r\n";

  start_waiting (f, 30);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             garbage, sizeof garbage - 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  /* The listener shrugs it off */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (f->finished);

  request (f, "GET", "/callback?code=after-garbage&state=" STATE, &final);
  g_assert_cmpuint (final.status, ==, 200);
  run_until_finished (f);
  g_assert_cmpstr (f->callback->code, ==, "after-garbage");
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AdoLoopbackListener) first = ado_loopback_listener_new (f->redirect_uri, "other");
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%d", f->port);

  g_assert_true (ado_loopback_listener_start (first, NULL));

  g_assert_false (ado_loopback_listener_start (f->listener, &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_PORT_IN_USE);
  g_assert_nonnull (strstr (error->message, port_text));
  g_assert_false (ado_loopback_listener_is_listening (f->listener));

  ado_loopback_listener_stop (first);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  start_waiting (f, 1);
  run_until_finished (f);

  g_assert_null (f->callback);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (f->error->message, f->redirect_uri));
  g_assert_nonnull (strstr (f->error->message, "Allowed Return URLs"));
  /* Nothing came back: no code was issued, so none can have expired */
  g_assert_true (g_str_has_prefix (f->error->message, "Nothing came back from Amazon."));
  g_assert_nonnull (strstr (f->error->message, "not whitelisted"));
  g_assert_null (strstr (f->error->message, "expired"));
  g_assert_false (anything_listens_on_port (f->port));
}

static void
test_default_wait (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  /* A code lives five minutes from when Amazon issues it, and the wait
   * also covers signing in: two-step verification must fit */
  g_assert_cmpint (ADO_DEFAULT_TIMEOUT_SECONDS, >=, 600);

  /* 0 waits for the default, not at once */
  g_assert_true (ado_loopback_listener_start (f->listener, &error));
  ado_loopback_listener_wait_async (f->listener, 0, cancellable, wait_cb, f);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 10);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (f->finished);
  g_assert_true (anything_listens_on_port (f->port));

  g_cancellable_cancel (cancellable);
  run_until_finished (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_assert_true (ado_loopback_listener_start (f->listener, &error));
  ado_loopback_listener_wait_async (f->listener, 300, cancellable, wait_cb, f);

  start = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  run_until_finished (f);

  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* At once, not after the whole wait */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_false (anything_listens_on_port (f->port));
}

static void
test_only_while_waiting (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Response) before = { 0 };

  /* Not listening before the attempt starts */
  g_assert_false (ado_loopback_listener_is_listening (f->listener));
  g_assert_false (anything_listens_on_port (f->port));
  request (f, "GET", "/callback?code=x&state=" STATE, &before);
  g_assert_error (before.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);

  start_waiting (f, 30);
  g_assert_true (anything_listens_on_port (f->port));
  ado_loopback_listener_stop (f->listener);
  g_assert_false (anything_listens_on_port (f->port));

  /* The wait then ends by its timeout or cancellation; let it time out fast */
  g_clear_object (&f->listener);
  f->listener = ado_loopback_listener_new (f->redirect_uri, STATE);
}

static void
test_loopback_only (Fixture       *f,
                    gconstpointer  data)
{
  start_waiting (f, 1);

  /* 127.0.0.1 only: not the wildcard address, not IPv6 */
  g_assert_true (proc_listens ("/proc/net/tcp", "0100007F", f->port));
  g_assert_false (proc_listens ("/proc/net/tcp", "00000000", f->port));
  g_assert_false (proc_listens ("/proc/net/tcp6", "00000000000000000000000000000000", f->port));
  g_assert_false (proc_listens ("/proc/net/tcp6", "00000000000000000000000001000000", f->port));

  /* The wait ends by its own timeout */
  run_until_finished (f);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_TIMED_OUT);
}

static void
test_localhost_listens_on_both (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GInetAddress) v6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) probe_address = g_inet_socket_address_new (v6, 0);

  start_waiting (f, 1);
  g_assert_true (proc_listens ("/proc/net/tcp", "0100007F", f->port));
  g_assert_false (proc_listens ("/proc/net/tcp", "00000000", f->port));

  if (probe != NULL && g_socket_bind (probe, probe_address, TRUE, NULL))
    g_assert_true (proc_listens ("/proc/net/tcp6", "00000000000000000000000001000000", f->port));
  else
    g_test_message ("No IPv6 loopback here: only 127.0.0.1 is checked");

  /* The wait ends by its own timeout */
  run_until_finished (f);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_TIMED_OUT);
}

static void
test_landing_pages (void)
{
  g_autofree char *success = ado_landing_page_build (TRUE, NULL);
  g_autofree char *failure = ado_landing_page_build (FALSE, "a \"quoted\" <b>reason</b> & more");

  g_assert_nonnull (strstr (success, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (success, "prefers-color-scheme: dark"));
  g_assert_null (strstr (success, "<script"));
  g_assert_null (strstr (success, "http"));
  g_assert_nonnull (strstr (failure, "a &quot;quoted&quot; &lt;b&gt;reason&lt;/b&gt; &amp; more"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/listener/answer-with-code", test_answer_with_code, NULL);
  ADD ("/ado/listener/answer-with-error", test_answer_with_error, NULL);
  ADD ("/ado/listener/refused-requests-keep-waiting", test_refused_requests_keep_waiting, NULL);
  ADD ("/ado/listener/raw-garbage", test_raw_garbage, NULL);
  ADD ("/ado/listener/port-in-use", test_port_in_use, NULL);
  ADD ("/ado/listener/timeout", test_timeout, NULL);
  ADD ("/ado/listener/default-wait", test_default_wait, NULL);
  ADD ("/ado/listener/cancel", test_cancel, NULL);
  ADD ("/ado/listener/only-while-waiting", test_only_while_waiting, NULL);
  ADD ("/ado/listener/loopback-only", test_loopback_only, NULL);
  ADD ("/ado/listener/localhost-listens-on-both", test_localhost_listens_on_both, "localhost");
  g_test_add_func ("/ado/listener/landing-pages", test_landing_pages);

  return g_test_run ();
}
