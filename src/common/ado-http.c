/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ado-error.h"
#include "ado-http.h"

/*
 * Every request to Amazon: a SoupMessage sent, its whole answer read with
 * a size limit and by a deadline per attempt (libsoup's timeout is per
 * read: a host that sends a byte at a time never trips it), 429 and 5xx
 * sent again a few times with growing pauses (Retry-After wins when
 * longer), and whatever went wrong handed to the caller to put in its own
 * words. TLS is never weakened. Answers may hold tokens: they are wiped
 * when freed.
 */

#define MAX_ATTEMPTS         3
#define MAX_RETRY_AFTER      10
#define DEFAULT_TIMEOUT      30
#define DEFAULT_RETRY_DELAY  1000
#define DEFAULT_DEADLINE_MS  60000
#define DEFAULT_MAX_BODY     (1024 * 1024)
/* Amazon's three regions asked at once, and one more try each */
#define MAX_CONNS_PER_HOST   6
#define READ_CHUNK           16384

struct _AdoHttp
{
  GObject      parent_instance;

  SoupSession *session;
  gsize        max_body;
  guint        retry_delay_ms;
  guint        deadline_ms;
};

G_DEFINE_FINAL_TYPE (AdoHttp, ado_http, G_TYPE_OBJECT)

typedef struct
{
  SoupMessage      *message;
  GBytes           *request_body;
  char             *content_type;
  AdoHttpErrorFunc  error_func;
  gpointer          error_data;
  GInputStream     *stream;
  GByteArray       *body;
  GCancellable     *attempt_cancellable;  /* the caller's cancel, or the deadline */
  gulong            cancelled_id;
  GSource          *deadline;
  GSource          *timer;
  gboolean          deadline_passed;
  guint             attempt;
  guint             retry_after;          /* seconds, from the server */
} Send;

static void send_attempt (GTask *task);

/* An answer may hold a token: zeroed before it is freed or reused. An
 * empty array may have no data at all. */
static void
wipe_body (GByteArray *body)
{
  if (body->len > 0)
    memset (body->data, 0, body->len);
}

static void
wipe_and_free_body (gpointer data)
{
  wipe_body (data);
  g_byte_array_unref (data);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* The end of an attempt, however it ended: its deadline and its link to
 * the caller's cancellable go */
static void
end_attempt (GTask *task,
             Send  *send)
{
  clear_source (&send->deadline);
  if (send->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), send->cancelled_id);
  send->cancelled_id = 0;
  g_clear_object (&send->attempt_cancellable);
}

static void
send_free (Send *send)
{
  g_assert (send->cancelled_id == 0);

  clear_source (&send->deadline);
  clear_source (&send->timer);
  g_clear_object (&send->attempt_cancellable);
  g_clear_object (&send->message);
  g_clear_pointer (&send->request_body, g_bytes_unref);
  g_free (send->content_type);
  g_clear_object (&send->stream);
  g_clear_pointer (&send->body, wipe_and_free_body);
  g_free (send);
}

static const char *
host_of (SoupMessage *message)
{
  const char *host = g_uri_get_host (soup_message_get_uri (message));

  return host != NULL ? host : "";
}

/* What the problem is called when the caller has no words of its own */
static GError *
default_error (const AdoHttpProblem *problem)
{
  const char *host = host_of (problem->message);

  switch (problem->kind)
    {
    case ADO_HTTP_PROBLEM_DEADLINE:
      return g_error_new (ADO_ERROR, ADO_ERROR_NETWORK,
                          _("%s did not send its whole answer within %u seconds. Check the "
                            "internet connection and try again."),
                          host, problem->seconds);

    case ADO_HTTP_PROBLEM_TLS:
      return g_error_new (ADO_ERROR, ADO_ERROR_TLS,
                          _("The secure connection to %s could not be trusted (%s), so nothing "
                            "was sent. Check the computer’s date and any proxy or network "
                            "filter."),
                          host, problem->cause->message);

    case ADO_HTTP_PROBLEM_TIMED_OUT:
      return g_error_new (ADO_ERROR, ADO_ERROR_NETWORK,
                          _("%s did not answer in time. Check the internet connection and try "
                            "again."),
                          host);

    case ADO_HTTP_PROBLEM_BROKEN_OFF:
    case ADO_HTTP_PROBLEM_UNREACHABLE:
      return g_error_new (ADO_ERROR, ADO_ERROR_NETWORK,
                          _("Could not reach %s (%s). Check the internet connection and try "
                            "again."),
                          host, problem->cause->message);

    case ADO_HTTP_PROBLEM_STATUS:
    case ADO_HTTP_PROBLEM_TOO_LARGE:
    default:
      g_assert_not_reached ();
    }
}

static void
return_problem (GTask          *task,
                AdoHttpProblem *problem)
{
  Send *send = g_task_get_task_data (task);
  GError *error;

  end_attempt (task, send);
  problem->message = send->message;

  error = send->error_func (problem, send->error_data);
  if (error == NULL)
    error = default_error (problem);

  g_debug ("%s: %s", host_of (send->message), error->message);
  g_task_return_error (task, error);
}

/* A failed send or read: past the deadline, cancelled by the caller, or
 * the network */
static void
return_io_error (GTask  *task,
                 GError *error)
{
  AdoHttp *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  AdoHttpProblem problem = { .cause = error };

  if (send->deadline_passed)
    {
      problem.kind = ADO_HTTP_PROBLEM_DEADLINE;
      problem.cause = NULL;
      problem.seconds = (self->deadline_ms + 999) / 1000;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_attempt (task, send);
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  else if (error->domain == G_TLS_ERROR)
    problem.kind = ADO_HTTP_PROBLEM_TLS;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    problem.kind = ADO_HTTP_PROBLEM_TIMED_OUT;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    problem.kind = ADO_HTTP_PROBLEM_BROKEN_OFF;
  else
    problem.kind = ADO_HTTP_PROBLEM_UNREACHABLE;

  return_problem (task, &problem);
}

static gboolean
should_retry (guint status)
{
  return status == ADO_HTTP_TOO_MANY_REQUESTS ||
         status == SOUP_STATUS_INTERNAL_SERVER_ERROR ||
         status == SOUP_STATUS_BAD_GATEWAY ||
         status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
         status == SOUP_STATUS_GATEWAY_TIMEOUT;
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Send *send = g_task_get_task_data (task);

  g_clear_pointer (&send->timer, g_source_unref);
  send_attempt (task);

  return G_SOURCE_REMOVE;
}

/* A pause that a cancellation cuts short */
static void
retry_later (GTask *task,
             guint  delay_ms)
{
  Send *send = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GSource *source = g_timeout_source_new (delay_ms);

  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancelled = g_cancellable_source_new (cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
    }

  g_source_set_callback (source, retry_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[ado] http retry");
  g_source_attach (source, g_task_get_context (task));
  send->timer = source;
}

/* The whole answer is in */
static void
finish_body (GTask *task)
{
  AdoHttp *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  guint status = soup_message_get_status (send->message);
  g_autoptr(GBytes) body = NULL;
  AdoHttpProblem problem = { .kind = ADO_HTTP_PROBLEM_STATUS, .status = status };

  end_attempt (task, send);
  /* Closing the answer takes the message out of libsoup's queue */
  g_input_stream_close (send->stream, NULL, NULL);
  g_clear_object (&send->stream);

  g_debug ("%s answered HTTP %u (%u bytes), attempt %u",
           host_of (send->message), status, send->body->len, send->attempt);

  if (should_retry (status) && send->attempt < MAX_ATTEMPTS)
    {
      guint delay = self->retry_delay_ms << (send->attempt - 1);

      if (send->retry_after > 0)
        delay = MAX (delay, MIN (send->retry_after, MAX_RETRY_AFTER) * 1000);

      g_debug ("Retrying in %u ms", delay);
      retry_later (task, delay);
      return;
    }

  /* The answer, wiped when its last reference goes */
  body = g_bytes_new_with_free_func (send->body->data, send->body->len,
                                     wipe_and_free_body, send->body);
  send->body = NULL;

  if (status == SOUP_STATUS_OK)
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
      return;
    }

  problem.body = body;
  return_problem (task, &problem);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoHttp *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_io_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_body (task);
      return;
    }

  if (send->body->len + g_bytes_get_size (chunk) > self->max_body)
    {
      AdoHttpProblem problem = { .kind = ADO_HTTP_PROBLEM_TOO_LARGE };

      return_problem (task, &problem);
      return;
    }

  g_byte_array_append (send->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));

  g_input_stream_read_bytes_async (send->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   send->attempt_cancellable, read_cb, g_object_ref (task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *retry_after;

  g_clear_object (&send->stream);
  send->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (send->stream == NULL)
    {
      return_io_error (task, error);
      return;
    }

  retry_after = soup_message_headers_get_one (soup_message_get_response_headers (send->message),
                                              "Retry-After");
  send->retry_after = retry_after != NULL ? (guint)g_ascii_strtoull (retry_after, NULL, 10) : 0;

  if (send->body != NULL)
    {
      wipe_body (send->body);
      g_byte_array_set_size (send->body, 0);
    }
  else
    send->body = g_byte_array_new ();

  g_input_stream_read_bytes_async (send->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   send->attempt_cancellable, read_cb, g_object_ref (task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Send *send = user_data;

  g_debug ("%s: the attempt's deadline passed", host_of (send->message));
  g_clear_pointer (&send->deadline, g_source_unref);
  send->deadline_passed = TRUE;
  g_cancellable_cancel (send->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *attempt_cancellable)
{
  g_cancellable_cancel (attempt_cancellable);
}

/* One attempt ends by its deadline, or when the caller cancels */
static void
send_attempt (GTask *task)
{
  AdoHttp *self = g_task_get_source_object (task);
  Send *send = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_assert (send->attempt_cancellable == NULL);
  g_assert (send->deadline == NULL);

  if (g_task_return_error_if_cancelled (task))
    return;

  send->attempt++;
  if (send->request_body != NULL)
    soup_message_set_request_body_from_bytes (send->message, send->content_type,
                                              send->request_body);

  send->deadline_passed = FALSE;
  send->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    send->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                send->attempt_cancellable, NULL);

  send->deadline = g_timeout_source_new (self->deadline_ms);
  g_source_set_callback (send->deadline, deadline_cb, send, NULL);
  g_source_set_static_name (send->deadline, "[ado] http deadline");
  g_source_attach (send->deadline, g_task_get_context (task));

  soup_session_send_async (self->session, send->message, G_PRIORITY_DEFAULT,
                           send->attempt_cancellable, send_cb, g_object_ref (task));
}

static void
ado_http_dispose (GObject *object)
{
  AdoHttp *self = (AdoHttp *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (ado_http_parent_class)->dispose (object);
}

static void
ado_http_class_init (AdoHttpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ado_http_dispose;
}

static void
ado_http_init (AdoHttp *self)
{
  self->max_body = DEFAULT_MAX_BODY;
  self->retry_delay_ms = DEFAULT_RETRY_DELAY;
  self->deadline_ms = DEFAULT_DEADLINE_MS;
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT,
                                                 "max-conns-per-host", MAX_CONNS_PER_HOST,
                                                 "user-agent", "ads-onboarding/" PACKAGE_VERSION,
                                                 NULL);
}

/**
 * ado_http_new:
 *
 * Returns: (transfer full): a sender with its own connections: answers of
 *   at most 1 MiB, 60 s per attempt, libsoup's timeout 30 s, a first
 *   pause of 1 s before a retry
 */
AdoHttp *
ado_http_new (void)
{
  return g_object_new (ADO_TYPE_HTTP, NULL);
}

/**
 * ado_http_set_max_body:
 * @max_body: the most bytes an answer may have
 */
void
ado_http_set_max_body (AdoHttp *self,
                       gsize    max_body)
{
  g_return_if_fail (ADO_IS_HTTP (self));

  self->max_body = max_body;
}

/**
 * ado_http_set_deadline:
 * @milliseconds: how long one attempt may take, from sending to the last
 *   byte of the answer
 */
void
ado_http_set_deadline (AdoHttp *self,
                       guint    milliseconds)
{
  g_return_if_fail (ADO_IS_HTTP (self));
  g_return_if_fail (milliseconds > 0);

  self->deadline_ms = milliseconds;
}

/**
 * ado_http_set_timeout:
 * @seconds: how long libsoup waits for each read or write
 */
void
ado_http_set_timeout (AdoHttp *self,
                      guint    seconds)
{
  g_return_if_fail (ADO_IS_HTTP (self));

  soup_session_set_timeout (self->session, seconds);
}

/**
 * ado_http_set_retry_delay:
 * @milliseconds: the first pause before a retry of 429 or 5xx; it doubles
 *   each time, and a longer Retry-After (up to 10 s) wins
 */
void
ado_http_set_retry_delay (AdoHttp *self,
                          guint    milliseconds)
{
  g_return_if_fail (ADO_IS_HTTP (self));

  self->retry_delay_ms = milliseconds;
}

/**
 * ado_http_send_async:
 * @message: the request, sent again as it is for each retry
 * @request_body: (nullable): its body, set with the message's
 *   Content-Type for each attempt
 * @error_func: puts a failure in the caller's words; it must describe
 *   %ADO_HTTP_PROBLEM_STATUS and %ADO_HTTP_PROBLEM_TOO_LARGE
 * @error_data: for @error_func, which is called before @callback
 *
 * Sends @message and reads its whole answer. 429, 500, 502, 503 and 504
 * are asked again, three attempts in all.
 */
void
ado_http_send_async (AdoHttp             *self,
                     SoupMessage         *message,
                     GBytes              *request_body,
                     AdoHttpErrorFunc     error_func,
                     gpointer             error_data,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SoupMessageHeaders *headers;
  Send *send;

  g_return_if_fail (ADO_IS_HTTP (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (error_func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_http_send_async);

  headers = soup_message_get_request_headers (message);
  send = g_new0 (Send, 1);
  send->message = g_object_ref (message);
  send->request_body = request_body != NULL ? g_bytes_ref (request_body) : NULL;
  send->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  send->error_func = error_func;
  send->error_data = error_data;
  g_task_set_task_data (task, send, (GDestroyNotify)send_free);

  send_attempt (task);
}

/**
 * ado_http_send_finish:
 *
 * Returns: (transfer full) (nullable): the body of a 200 OK answer (wiped
 *   when freed); %NULL with what the error function made of the failure,
 *   or %G_IO_ERROR_CANCELLED
 */
GBytes *
ado_http_send_finish (AdoHttp       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (ADO_IS_HTTP (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
