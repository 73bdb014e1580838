/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-token-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ado-error.h"
#include "ado-token-client.h"

/*
 * The token endpoint of Login with Amazon (RFC 6749 §4.1.3 and §6): a
 * form-encoded POST with the client secret. Answers are read with a size
 * limit and checked before anything is kept; 429 and 5xx are retried a
 * few times with growing pauses; TLS is never weakened.
 */

#define MAX_ATTEMPTS         3
#define MAX_TOKEN_LENGTH     4096
#define DEFAULT_TIMEOUT      30
#define DEFAULT_RETRY_DELAY  1000
/* Each attempt, from sending to the last byte: a server that answers a
 * byte at a time never trips the per-read timeout */
#define DEFAULT_DEADLINE_MS  60000
#define MAX_RETRY_AFTER      10
#define READ_CHUNK           8192

/* RFC 6585; libsoup 3.2 has no name for it */
#define HTTP_TOO_MANY_REQUESTS 429

struct _AdoTokenClient
{
  GObject      parent_instance;

  char        *token_url;
  SoupSession *session;
  guint        retry_delay_ms;
  guint        deadline_ms;
};

G_DEFINE_FINAL_TYPE (AdoTokenClient, ado_token_client, G_TYPE_OBJECT)

typedef struct
{
  GBytes       *form;          /* holds secrets: wiped when freed */
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *attempt_cancellable;
  gulong        cancelled_id;
  guint         deadline_source;
  gboolean      deadline_passed;
  guint         attempt;
  guint         retry_after;   /* seconds, from the server */
  guint         status;
} Request;

static void send_attempt (GTask *task);

static void
wipe_bytes (GBytes *bytes)
{
  gsize size;
  gconstpointer data;

  if (bytes == NULL)
    return;

  data = g_bytes_get_data (bytes, &size);
  if (data != NULL)
    memset ((gpointer)data, 0, size);
  g_bytes_unref (bytes);
}

/* An answer may hold a token: zeroed before it is freed or reused. An
 * empty array may have no data at all. */
static void
wipe_body (GByteArray *body)
{
  if (body->len > 0)
    memset (body->data, 0, body->len);
}

/* The end of an attempt, however it ended */
static void
end_attempt (GTask   *task,
             Request *request)
{
  g_clear_handle_id (&request->deadline_source, g_source_remove);
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), request->cancelled_id);
  request->cancelled_id = 0;
  g_clear_object (&request->attempt_cancellable);
}

static void
request_free (Request *request)
{
  g_clear_handle_id (&request->deadline_source, g_source_remove);
  g_clear_object (&request->attempt_cancellable);
  wipe_bytes (request->form);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  if (request->body != NULL)
    {
      wipe_body (request->body);
      g_byte_array_unref (request->body);
    }
  g_free (request);
}

void
ado_token_response_free (AdoTokenResponse *response)
{
  if (response == NULL)
    return;

  if (response->access_token != NULL)
    memset (response->access_token, 0, strlen (response->access_token));
  if (response->refresh_token != NULL)
    memset (response->refresh_token, 0, strlen (response->refresh_token));
  g_free (response->access_token);
  g_free (response->refresh_token);
  g_free (response->scope);
  g_free (response);
}

/* A token goes into HTTP headers and shell exports: printable ASCII only */
static gboolean
token_is_sane (const char *token)
{
  gsize len;

  if (token == NULL)
    return FALSE;

  len = strlen (token);
  if (len == 0 || len > MAX_TOKEN_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (token[i] <= ' ' || token[i] > '~')
        return FALSE;
    }

  return TRUE;
}

static JsonObject *
parse_object (const char  *body,
              gsize        length,
              JsonParser  *parser)
{
  JsonNode *root;

  if (length == 0 || !g_utf8_validate (body, length, NULL))
    return NULL;

  if (!json_parser_load_from_data (parser, body, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_node_get_object (root);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  /* json-glib lets a lone surrogate ("\ud800") through as invalid UTF-8 */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;

  return json_node_get_string (node);
}

/**
 * ado_token_response_parse:
 * @body: the body of a successful answer
 * @length: its length
 *
 * Returns: (transfer full) (nullable): the tokens, or %NULL with
 *   %ADO_ERROR_BAD_RESPONSE when the answer is not what Login with Amazon
 *   sends
 */
AdoTokenResponse *
ado_token_response_parse (const char  *body,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(AdoTokenResponse) response = NULL;
  JsonObject *object;
  JsonNode *expires;
  const char *access_token;
  const char *refresh_token;
  const char *token_type;
  const char *scope;

  g_return_val_if_fail (body != NULL || length == 0, NULL);

  object = parse_object (body, length, parser);
  if (object == NULL)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                   _("Amazon’s sign-in service sent an answer that is not valid JSON. "
                     "Try again in a few minutes."));
      return NULL;
    }

  access_token = get_string_member (object, "access_token");
  refresh_token = get_string_member (object, "refresh_token");
  token_type = get_string_member (object, "token_type");
  scope = get_string_member (object, "scope");
  expires = json_object_get_member (object, "expires_in");

  if (!token_is_sane (access_token) ||
      (json_object_has_member (object, "refresh_token") && !token_is_sane (refresh_token)) ||
      (token_type != NULL && g_ascii_strcasecmp (token_type, "bearer") != 0))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                   _("Amazon’s sign-in service sent an answer without a usable token. "
                     "Try again in a few minutes."));
      return NULL;
    }

  response = g_new0 (AdoTokenResponse, 1);
  response->access_token = g_strdup (access_token);
  response->refresh_token = g_strdup (refresh_token);
  response->scope = g_strdup (scope);
  response->obtained_at = g_get_real_time () / G_USEC_PER_SEC;
  response->expires_in = 3600;

  if (expires != NULL)
    {
      gint64 seconds = -1;

      if (JSON_NODE_HOLDS_VALUE (expires) && json_node_get_value_type (expires) == G_TYPE_INT64)
        seconds = json_node_get_int (expires);
      /* Any JSON number is one: a fraction of a second is rounded down */
      else if (JSON_NODE_HOLDS_VALUE (expires) &&
               json_node_get_value_type (expires) == G_TYPE_DOUBLE &&
               json_node_get_double (expires) > 0 &&
               json_node_get_double (expires) <= 365 * 24 * 3600)
        seconds = (gint64) json_node_get_double (expires);
      else if (JSON_NODE_HOLDS_VALUE (expires) && json_node_get_value_type (expires) == G_TYPE_STRING)
        seconds = g_ascii_strtoll (json_node_get_string (expires), NULL, 10);

      if (seconds <= 0 || seconds > 365 * 24 * 3600)
        {
          g_set_error (error, ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                       _("Amazon’s sign-in service sent a token with an impossible lifetime. "
                         "Try again in a few minutes."));
          return NULL;
        }

      response->expires_in = seconds;
    }

  return g_steal_pointer (&response);
}

static GError *
error_for_status (Request    *request,
                  const char *body,
                  gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object = parse_object (body, length, parser);
  const char *code = object != NULL ? get_string_member (object, "error") : NULL;
  guint status = request->status;

  if (g_strcmp0 (code, "invalid_grant") == 0)
    return g_error_new (ADO_ERROR, ADO_ERROR_INVALID_GRANT,
                        _("This sign-in expired or was already used, or access was revoked. "
                          "Sign in again."));

  if (g_strcmp0 (code, "invalid_client") == 0 || g_strcmp0 (code, "unauthorized_client") == 0)
    return g_error_new (ADO_ERROR, ADO_ERROR_INVALID_CLIENT,
                        _("Amazon rejected the client ID or the client secret. Check both in "
                          "the security profile; if the secret was rotated, update it here."));

  if (g_strcmp0 (code, "invalid_scope") == 0)
    return g_error_new (ADO_ERROR, ADO_ERROR_INVALID_SCOPE,
                        _("Amazon does not grant the requested scope to this client. API access "
                          "may not be approved and assigned yet."));

  if (status == HTTP_TOO_MANY_REQUESTS)
    return g_error_new (ADO_ERROR, ADO_ERROR_SERVER,
                        _("Amazon’s sign-in service is receiving too many requests (429). Try "
                          "again in a minute."));

  if (status >= 500)
    return g_error_new (ADO_ERROR, ADO_ERROR_SERVER,
                        _("Amazon’s sign-in service has a problem (HTTP %u). Try again in a few "
                          "minutes."),
                        status);

  if (code != NULL)
    {
      g_autofree char *safe = g_strndup (code, 64);

      g_strcanon (safe, "abcdefghijklmnopqrstuvwxyz_", '?');
      return g_error_new (ADO_ERROR, ADO_ERROR_FAILED,
                          _("Amazon’s sign-in service refused the request (%s). Sign in again; "
                            "if it happens again, the app may need an update."),
                          safe);
    }

  return g_error_new (ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                      _("Amazon’s sign-in service answered with HTTP %u. Try again in a few "
                        "minutes."),
                      status);
}

static gboolean
should_retry (guint status)
{
  return status == HTTP_TOO_MANY_REQUESTS ||
         status == SOUP_STATUS_INTERNAL_SERVER_ERROR ||
         status == SOUP_STATUS_BAD_GATEWAY ||
         status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
         status == SOUP_STATUS_GATEWAY_TIMEOUT;
}

static gboolean
retry_cb (gpointer data)
{
  g_autoptr(GTask) task = data;

  send_attempt (task);
  return G_SOURCE_REMOVE;
}

static void
finish_body (GTask *task)
{
  AdoTokenClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  const char *body = (const char *)request->body->data;
  gsize length = request->body->len;
  AdoTokenResponse *response;
  GError *error = NULL;

  g_debug ("Token endpoint answered HTTP %u (%u bytes), attempt %u",
           request->status, (guint)length, request->attempt);

  if (should_retry (request->status) && request->attempt < MAX_ATTEMPTS)
    {
      guint delay = self->retry_delay_ms << (request->attempt - 1);

      if (request->retry_after > 0)
        delay = MAX (delay, MIN (request->retry_after, MAX_RETRY_AFTER) * 1000);

      g_debug ("Retrying in %u ms", delay);
      g_timeout_add (delay, retry_cb, g_object_ref (task));
      return;
    }

  if (request->status != SOUP_STATUS_OK)
    {
      g_task_return_error (task, error_for_status (request, body, length));
      return;
    }

  response = ado_token_response_parse (body, length, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify)ado_token_response_free);
}

static GError *
network_error (AdoTokenClient *self,
               GError         *error)
{
  g_autoptr(GUri) uri = g_uri_parse (self->token_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : "";

  if (error->domain == G_TLS_ERROR)
    return g_error_new (ADO_ERROR, ADO_ERROR_TLS,
                        _("The secure connection to %s could not be trusted (%s), so nothing "
                          "was sent. Check the computer’s date and any proxy or network filter."),
                        host, error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (ADO_ERROR, ADO_ERROR_NETWORK,
                        _("%s did not answer in time. Check the internet connection and try "
                          "again."),
                        host);

  return g_error_new (ADO_ERROR, ADO_ERROR_NETWORK,
                      _("Could not reach %s (%s). Check the internet connection and try again."),
                      host, error->message);
}

/* A failed send or read: cancelled by the caller, past the deadline, or
 * the network */
static void
return_io_error (GTask  *task,
                 GError *error)
{
  AdoTokenClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GUri) uri = g_uri_parse (self->token_url, G_URI_FLAGS_NONE, NULL);
  gboolean late = request->deadline_passed;

  end_attempt (task, request);

  if (late)
    g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_NETWORK,
                             _("%s did not send its whole answer within %u seconds. Check the "
                               "internet connection and try again."),
                             uri != NULL ? g_uri_get_host (uri) : "",
                             (self->deadline_ms + 999) / 1000);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_error (task, network_error (self, error));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
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
      end_attempt (task, request);
      finish_body (task);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > ADO_TOKEN_MAX_BODY)
    {
      end_attempt (task, request);
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                               _("Amazon’s sign-in service sent an answer far larger than a "
                                 "token. Try again in a few minutes."));
      return;
    }

  g_byte_array_append (request->body,
                       g_bytes_get_data (chunk, NULL),
                       g_bytes_get_size (chunk));

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->attempt_cancellable,
                                   read_cb, g_object_ref (task));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *retry_after;

  g_clear_object (&request->stream);
  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      return_io_error (task, error);
      return;
    }

  request->status = soup_message_get_status (request->message);
  retry_after = soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                              "Retry-After");
  request->retry_after = retry_after != NULL ? (guint)g_ascii_strtoull (retry_after, NULL, 10) : 0;

  if (request->body != NULL)
    {
      wipe_body (request->body);
      g_byte_array_set_size (request->body, 0);
    }
  else
    request->body = g_byte_array_new ();

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->attempt_cancellable,
                                   read_cb, g_object_ref (task));
}

static gboolean
deadline_cb (gpointer data)
{
  Request *request = data;

  request->deadline_source = 0;
  request->deadline_passed = TRUE;
  g_cancellable_cancel (request->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *attempt_cancellable)
{
  g_cancellable_cancel (attempt_cancellable);
}

static void
send_attempt (GTask *task)
{
  AdoTokenClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  if (g_task_return_error_if_cancelled (task))
    return;

  request->attempt++;
  g_clear_object (&request->message);
  request->message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  g_assert (request->message != NULL);
  /* Tokens come from the token URL itself: a redirect is an answer to refuse */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (request->message,
                                            "application/x-www-form-urlencoded;charset=UTF-8",
                                            request->form);

  /* This attempt ends by its deadline, or when the caller cancels */
  request->deadline_passed = FALSE;
  request->attempt_cancellable = g_cancellable_new ();
  if (g_task_get_cancellable (task) != NULL)
    request->cancelled_id = g_cancellable_connect (g_task_get_cancellable (task),
                                                   G_CALLBACK (caller_cancelled_cb),
                                                   request->attempt_cancellable, NULL);
  request->deadline_source = g_timeout_add (self->deadline_ms, deadline_cb, request);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->attempt_cancellable,
                           send_cb, g_object_ref (task));
}

static void
start_request (AdoTokenClient      *self,
               GHashTable          *fields,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;
  char *form;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  form = soup_form_encode_hash (fields);
  request = g_new0 (Request, 1);
  request->form = g_bytes_new_take (form, strlen (form));
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  send_attempt (task);
}

static void
ado_token_client_finalize (GObject *object)
{
  AdoTokenClient *self = (AdoTokenClient *)object;

  g_clear_object (&self->session);
  g_free (self->token_url);

  G_OBJECT_CLASS (ado_token_client_parent_class)->finalize (object);
}

static void
ado_token_client_class_init (AdoTokenClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ado_token_client_finalize;
}

static void
ado_token_client_init (AdoTokenClient *self)
{
  self->retry_delay_ms = DEFAULT_RETRY_DELAY;
  self->deadline_ms = DEFAULT_DEADLINE_MS;
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT,
                                                 "user-agent", "ads-onboarding/" PACKAGE_VERSION,
                                                 NULL);
}

/**
 * ado_token_client_new:
 * @token_url: the region's token endpoint (or its loopback override)
 */
AdoTokenClient *
ado_token_client_new (const char *token_url)
{
  AdoTokenClient *self;

  g_return_val_if_fail (token_url != NULL, NULL);

  self = g_object_new (ADO_TYPE_TOKEN_CLIENT, NULL);
  self->token_url = g_strdup (token_url);

  return self;
}

/**
 * ado_token_client_set_deadline:
 * @milliseconds: how long one attempt may take, from sending to the last
 *   byte of the answer
 */
void
ado_token_client_set_deadline (AdoTokenClient *self,
                               guint           milliseconds)
{
  g_return_if_fail (ADO_IS_TOKEN_CLIENT (self));
  g_return_if_fail (milliseconds > 0);

  self->deadline_ms = milliseconds;
}

/**
 * ado_token_client_set_timeout:
 * @seconds: how long to wait for an answer before giving up
 */
void
ado_token_client_set_timeout (AdoTokenClient *self,
                              guint           seconds)
{
  g_return_if_fail (ADO_IS_TOKEN_CLIENT (self));

  soup_session_set_timeout (self->session, seconds);
}

/**
 * ado_token_client_set_retry_delay:
 * @milliseconds: the first pause before a retry; it doubles each time
 */
void
ado_token_client_set_retry_delay (AdoTokenClient *self,
                                  guint           milliseconds)
{
  g_return_if_fail (ADO_IS_TOKEN_CLIENT (self));

  self->retry_delay_ms = milliseconds;
}

/**
 * ado_token_client_exchange_code_async:
 * @redirect_uri: exactly the return URL of the authorization request
 * @code_verifier: the attempt's PKCE verifier
 *
 * Trades an authorization code for tokens.
 */
void
ado_token_client_exchange_code_async (AdoTokenClient      *self,
                                      const char          *client_id,
                                      const char          *client_secret,
                                      const char          *code,
                                      const char          *redirect_uri,
                                      const char          *code_verifier,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (ADO_IS_TOKEN_CLIENT (self));
  g_return_if_fail (client_id != NULL && client_secret != NULL);
  g_return_if_fail (code != NULL && redirect_uri != NULL && code_verifier != NULL);

  g_hash_table_insert (fields, (gpointer)"grant_type", (gpointer)"authorization_code");
  g_hash_table_insert (fields, (gpointer)"code", (gpointer)code);
  g_hash_table_insert (fields, (gpointer)"redirect_uri", (gpointer)redirect_uri);
  g_hash_table_insert (fields, (gpointer)"client_id", (gpointer)client_id);
  g_hash_table_insert (fields, (gpointer)"client_secret", (gpointer)client_secret);
  g_hash_table_insert (fields, (gpointer)"code_verifier", (gpointer)code_verifier);

  start_request (self, fields, ado_token_client_exchange_code_async,
                 cancellable, callback, user_data);
}

/**
 * ado_token_client_refresh_async:
 *
 * Gets a new access token with a refresh token.
 */
void
ado_token_client_refresh_async (AdoTokenClient      *self,
                                const char          *client_id,
                                const char          *client_secret,
                                const char          *refresh_token,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (ADO_IS_TOKEN_CLIENT (self));
  g_return_if_fail (client_id != NULL && client_secret != NULL && refresh_token != NULL);

  g_hash_table_insert (fields, (gpointer)"grant_type", (gpointer)"refresh_token");
  g_hash_table_insert (fields, (gpointer)"refresh_token", (gpointer)refresh_token);
  g_hash_table_insert (fields, (gpointer)"client_id", (gpointer)client_id);
  g_hash_table_insert (fields, (gpointer)"client_secret", (gpointer)client_secret);

  start_request (self, fields, ado_token_client_refresh_async,
                 cancellable, callback, user_data);
}

/**
 * ado_token_client_finish:
 *
 * Returns: (transfer full) (nullable): the tokens
 */
AdoTokenResponse *
ado_token_client_finish (AdoTokenClient  *self,
                         GAsyncResult    *result,
                         GError         **error)
{
  g_return_val_if_fail (ADO_IS_TOKEN_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
