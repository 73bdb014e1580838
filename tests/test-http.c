/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>

#include "ado-error.h"
#include "ado-http.h"

#include "ado-test-core.h"

/*
 * The HTTP helper against a SoupServer on loopback, in the test's own main
 * context: retries (Retry-After, doubling pauses, none for 4xx), the size
 * limit, the deadline against a server that sends a byte at a time, and
 * cancellation.
 */

/* A byte every 50 ms: the whole answer takes 2 s */
#define TRICKLE_BYTES 40

typedef struct
{
  SoupServer         *server;
  char               *base_url;
  AdoHttp            *http;

  /* What the server answers: these statuses in turn, then 200 */
  guint               statuses[4];
  guint               n_statuses;
  const char         *retry_after;
  gsize               big_size;

  /* What it saw */
  guint               n_requests;
  GPtrArray          *request_bodies;
  SoupServerMessage  *trickle;  /* the answer sent a byte at a time */
  guint               trickle_sent;
  guint               trickle_timer;

  /* What the client got */
  GBytes             *body;
  GError             *error;
  guint               n_problems;
  AdoHttpProblemKind  problem;
  guint               problem_status;
  char               *problem_body;
  guint               problem_seconds;
  gboolean            done;
} Fixture;

/* The client went away, or the answer is complete */
static void
trickle_ended_cb (SoupServerMessage *msg,
                  Fixture           *f)
{
  g_clear_handle_id (&f->trickle_timer, g_source_remove);
}

static gboolean
trickle_cb (gpointer user_data)
{
  Fixture *f = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (f->trickle);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, " ", 1);
  if (++f->trickle_sent == TRICKLE_BYTES)
    {
      soup_message_body_complete (body);
      f->trickle_timer = 0;
    }
  soup_server_message_unpause (f->trickle);

  return f->trickle_timer != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  const char *answer;
  guint status;

  f->n_requests++;
  g_ptr_array_add (f->request_bodies, g_strndup (request->data, request->length));

  if (g_str_equal (path, "/silent"))
    {
      soup_server_message_pause (msg);
      return;
    }

  if (g_str_equal (path, "/trickle"))
    {
      g_assert_null (f->trickle);
      /* Each read gets something: libsoup's timeout never trips */
      f->trickle = g_object_ref (msg);
      f->trickle_timer = g_timeout_add (50, trickle_cb, f);
      g_signal_connect (msg, "finished", G_CALLBACK (trickle_ended_cb), f);
      g_signal_connect (msg, "disconnected", G_CALLBACK (trickle_ended_cb), f);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_server_message_pause (msg);
      return;
    }

  if (g_str_equal (path, "/big"))
    {
      char *big = g_malloc (f->big_size);

      memset (big, 'x', f->big_size);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_TAKE, big, f->big_size);
      return;
    }

  status = f->n_requests <= f->n_statuses ? f->statuses[f->n_requests - 1] : SOUP_STATUS_OK;
  if (status != SOUP_STATUS_OK && f->retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", f->retry_after);
  answer = status == SOUP_STATUS_OK ? "fine" : "{\"error\":\"no\"}";
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                    answer, strlen (answer));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSList *listeners;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler_cb, f, NULL);
  g_assert_true (soup_server_listen (f->server, address, 0, &error));
  g_assert_no_error (error);
  /* The port from the listening socket: libsoup 3.2's soup_server_get_uris()
   * leaks the address it reads */
  listeners = soup_server_get_listeners (f->server);
  bound = g_socket_get_local_address (listeners->data, &error);
  g_slist_free (listeners);
  g_assert_no_error (error);
  f->base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  f->request_bodies = g_ptr_array_new_with_free_func (g_free);

  f->http = ado_http_new ();
  ado_http_set_retry_delay (f->http, 10);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->http);
  g_clear_handle_id (&f->trickle_timer, g_source_remove);
  if (f->trickle != NULL)
    g_signal_handlers_disconnect_by_data (f->trickle, f);
  soup_server_disconnect (f->server);
  g_clear_object (&f->trickle);
  g_assert_finalize_object (f->server);
  g_free (f->base_url);
  g_ptr_array_unref (f->request_bodies);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_clear_error (&f->error);
  g_free (f->problem_body);
}

/* STATUS and TOO_LARGE in the test's words; the network's in the helper's */
static GError *
problem_cb (const AdoHttpProblem *problem,
            gpointer              user_data)
{
  Fixture *f = user_data;

  f->n_problems++;
  f->problem = problem->kind;
  f->problem_status = problem->status;
  f->problem_seconds = problem->seconds;
  g_assert_true (SOUP_IS_MESSAGE (problem->message));

  switch (problem->kind)
    {
    case ADO_HTTP_PROBLEM_STATUS:
      g_free (f->problem_body);
      f->problem_body = g_strndup (g_bytes_get_data (problem->body, NULL),
                                   g_bytes_get_size (problem->body));
      return g_error_new (ADO_ERROR, ADO_ERROR_SERVER, "status %u", problem->status);

    case ADO_HTTP_PROBLEM_TOO_LARGE:
      return g_error_new (ADO_ERROR, ADO_ERROR_BAD_RESPONSE, "too large");

    case ADO_HTTP_PROBLEM_DEADLINE:
    case ADO_HTTP_PROBLEM_TIMED_OUT:
    case ADO_HTTP_PROBLEM_TLS:
    case ADO_HTTP_PROBLEM_BROKEN_OFF:
    case ADO_HTTP_PROBLEM_UNREACHABLE:
    default:
      g_assert_true (problem->cause != NULL || problem->kind == ADO_HTTP_PROBLEM_DEADLINE);
      return NULL;
    }
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->body = ado_http_send_finish (ADO_HTTP (object), result, &f->error);
  g_assert_true ((f->body == NULL) != (f->error == NULL));
  f->done = TRUE;
}

/* Sends to @path and waits for the end; the time it took, in ms */
static gint64
send_full (Fixture      *f,
           const char   *method,
           const char   *path,
           const char   *request_body,
           GCancellable *cancellable)
{
  g_autofree char *url = g_strconcat (f->base_url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  gint64 started = g_get_monotonic_time ();

  if (request_body != NULL)
    {
      bytes = g_bytes_new_static (request_body, strlen (request_body));
      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Content-Type", "application/x-www-form-urlencoded");
    }

  ado_http_send_async (f->http, message, bytes, problem_cb, f, cancellable, sent_cb, f);
  ado_test_wait_for_flag (&f->done, "the request");
  f->done = FALSE;

  return (g_get_monotonic_time () - started) / 1000;
}

static gint64
send (Fixture    *f,
      const char *path)
{
  return send_full (f, SOUP_METHOD_GET, path, NULL, NULL);
}

static void
assert_body (Fixture    *f,
             const char *expected)
{
  g_assert_no_error (f->error);
  g_assert_nonnull (f->body);
  g_assert_cmpmem (g_bytes_get_data (f->body, NULL), g_bytes_get_size (f->body),
                   expected, strlen (expected));
}

static void
test_ok (Fixture       *f,
         gconstpointer  data)
{
  send (f, "/ok");
  assert_body (f, "fine");
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpuint (f->n_problems, ==, 0);
}

/* A retried POST sends its body each time */
static void
test_retry_sends_body_again (Fixture       *f,
                             gconstpointer  data)
{
  f->statuses[0] = SOUP_STATUS_SERVICE_UNAVAILABLE;
  f->n_statuses = 1;

  send_full (f, SOUP_METHOD_POST, "/form", "grant_type=x&code=y", NULL);
  assert_body (f, "fine");
  g_assert_cmpuint (f->n_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->request_bodies, 0), ==, "grant_type=x&code=y");
  g_assert_cmpstr (g_ptr_array_index (f->request_bodies, 1), ==, "grant_type=x&code=y");
}

/* 429 with Retry-After: the pause is the server's 1 s, not the first 10 ms */
static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  gint64 elapsed;

  f->statuses[0] = ADO_HTTP_TOO_MANY_REQUESTS;
  f->n_statuses = 1;
  f->retry_after = "1";

  elapsed = send (f, "/busy");
  assert_body (f, "fine");
  g_assert_cmpuint (f->n_requests, ==, 2);
  g_assert_cmpint (elapsed, >=, 1000);
  g_assert_cmpint (elapsed, <, 5000);
}

/* 5xx: the pause doubles (200 ms, then 400 ms); after three attempts the
 * last status is the caller's to describe */
static void
test_retry_doubling (Fixture       *f,
                     gconstpointer  data)
{
  gint64 elapsed;

  ado_http_set_retry_delay (f->http, 200);
  f->statuses[0] = SOUP_STATUS_SERVICE_UNAVAILABLE;
  f->statuses[1] = SOUP_STATUS_BAD_GATEWAY;
  f->n_statuses = 2;

  elapsed = send (f, "/flaky");
  assert_body (f, "fine");
  g_assert_cmpuint (f->n_requests, ==, 3);
  g_assert_cmpint (elapsed, >=, 600);
  g_assert_cmpint (elapsed, <, 5000);

  g_clear_pointer (&f->body, g_bytes_unref);
  f->n_requests = 0;
  f->statuses[2] = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  f->statuses[3] = SOUP_STATUS_OK;
  f->n_statuses = 3;
  ado_http_set_retry_delay (f->http, 10);

  send (f, "/down");
  g_assert_null (f->body);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_SERVER);
  g_assert_cmpstr (f->error->message, ==, "status 500");
  g_assert_cmpuint (f->n_requests, ==, 3);
  g_assert_cmpuint (f->n_problems, ==, 1);
  g_assert_cmpint (f->problem, ==, ADO_HTTP_PROBLEM_STATUS);
  g_assert_cmpuint (f->problem_status, ==, 500);
}

/* 4xx (other than 429) is an answer, not a hiccup: asked once, and the
 * caller sees its body */
static void
test_no_retry_on_4xx (Fixture       *f,
                      gconstpointer  data)
{
  static const guint statuses[] = { 400, 401, 403, 404 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_test_message ("status %u", statuses[i]);
      f->n_requests = 0;
      f->statuses[0] = statuses[i];
      f->n_statuses = 1;
      g_clear_error (&f->error);

      send (f, "/refused");
      g_assert_null (f->body);
      g_assert_error (f->error, ADO_ERROR, ADO_ERROR_SERVER);
      g_assert_cmpuint (f->n_requests, ==, 1);
      g_assert_cmpint (f->problem, ==, ADO_HTTP_PROBLEM_STATUS);
      g_assert_cmpuint (f->problem_status, ==, statuses[i]);
      g_assert_cmpstr (f->problem_body, ==, "{\"error\":\"no\"}");
    }
}

/* An answer of the limit is read; one byte more is refused */
static void
test_body_limit (Fixture       *f,
                 gconstpointer  data)
{
  ado_http_set_max_body (f->http, 100 * 1000);

  f->big_size = 100 * 1000;
  send (f, "/big");
  g_assert_no_error (f->error);
  g_assert_cmpuint (g_bytes_get_size (f->body), ==, 100 * 1000);
  g_clear_pointer (&f->body, g_bytes_unref);

  f->big_size = 100 * 1000 + 1;
  send (f, "/big");
  g_assert_null (f->body);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_BAD_RESPONSE);
  g_assert_cmpint (f->problem, ==, ADO_HTTP_PROBLEM_TOO_LARGE);
  g_assert_cmpuint (f->n_requests, ==, 2);
}

/* A byte every 50 ms trips no per-read timeout: the 500 ms deadline ends
 * the attempt, in the helper's words, and it is not asked again */
static void
test_deadline (Fixture       *f,
               gconstpointer  data)
{
  gint64 elapsed;

  ado_http_set_deadline (f->http, 500);
  ado_http_set_timeout (f->http, 2);

  elapsed = send (f, "/trickle");
  g_assert_null (f->body);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_NETWORK);
  g_assert_cmpstr (f->error->message, ==,
                   "127.0.0.1 did not send its whole answer within 1 seconds. Check the "
                   "internet connection and try again.");
  g_assert_cmpint (f->problem, ==, ADO_HTTP_PROBLEM_DEADLINE);
  g_assert_cmpuint (f->problem_seconds, ==, 1);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpint (elapsed, >=, 500);
  g_assert_cmpint (elapsed, <, 1900);
}

/* Without a deadline in the way, the same answer is read whole */
static void
test_trickle_within_deadline (Fixture       *f,
                              gconstpointer  data)
{
  ado_http_set_deadline (f->http, 20 * 1000);

  send (f, "/trickle");
  g_assert_no_error (f->error);
  g_assert_cmpuint (g_bytes_get_size (f->body), ==, TRICKLE_BYTES);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancelled while waiting for an answer, during a pause before a retry,
 * or before it starts: G_IO_ERROR_CANCELLED, never the caller's error */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 elapsed;

  g_timeout_add (200, cancel_cb, cancellable);
  elapsed = send_full (f, SOUP_METHOD_GET, "/silent", NULL, cancellable);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, <, 5000);
  g_assert_cmpuint (f->n_problems, ==, 0);
  g_clear_error (&f->error);

  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  f->n_requests = 0;
  f->statuses[0] = ADO_HTTP_TOO_MANY_REQUESTS;
  f->n_statuses = 1;
  f->retry_after = "10";
  g_timeout_add (300, cancel_cb, cancellable);
  elapsed = send_full (f, SOUP_METHOD_GET, "/busy", NULL, cancellable);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpint (elapsed, <, 5000);
  g_assert_cmpuint (f->n_problems, ==, 0);
  g_clear_error (&f->error);

  f->n_requests = 0;
  send_full (f, SOUP_METHOD_GET, "/ok", NULL, cancellable);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->n_requests, ==, 0);
  g_assert_cmpuint (f->n_problems, ==, 0);
}

/* A port nobody listens on: the helper's words, with the host */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_free (f->base_url);
  f->base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  send (f, "/nobody");
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (f->error->message, "Could not reach 127.0.0.1 ("));
  g_assert_cmpint (f->problem, ==, ADO_HTTP_PROBLEM_UNREACHABLE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/http/ok", test_ok);
  ADD ("/ado/http/retry/body", test_retry_sends_body_again);
  ADD ("/ado/http/retry/retry-after", test_retry_after);
  ADD ("/ado/http/retry/doubling", test_retry_doubling);
  ADD ("/ado/http/retry/not-4xx", test_no_retry_on_4xx);
  ADD ("/ado/http/body-limit", test_body_limit);
  ADD ("/ado/http/deadline", test_deadline);
  ADD ("/ado/http/deadline/trickle-within", test_trickle_within_deadline);
  ADD ("/ado/http/cancel", test_cancel);
  ADD ("/ado/http/unreachable", test_unreachable);

#undef ADD

  return g_test_run ();
}
