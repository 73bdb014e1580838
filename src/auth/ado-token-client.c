/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-token-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ado-token-client.h"
#include "ado-error.h"
#include "ado-http.h"

/*
 * The token endpoint of Login with Amazon (RFC 6749 §4.1.3 and §6): a
 * form-encoded POST with the client secret, sent by the HTTP helper (size
 * and time limits, retries of 429 and 5xx). Answers are checked before
 * anything is kept; Amazon's refusals get their own words here.
 */

#define MAX_TOKEN_LENGTH 4096

struct _AdoTokenClient
{
  GObject  parent_instance;

  char    *token_url;
  AdoHttp *http;
};

G_DEFINE_FINAL_TYPE (AdoTokenClient, ado_token_client, G_TYPE_OBJECT)

/* The form holds secrets: wiped when its last reference goes */
static void
wipe_and_free_string (gpointer data)
{
  char *string = data;

  memset (string, 0, strlen (string));
  g_free (string);
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
error_for_status (guint       status,
                  const char *body,
                  gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object = parse_object (body, length, parser);
  const char *code = object != NULL ? get_string_member (object, "error") : NULL;

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

  if (status == ADO_HTTP_TOO_MANY_REQUESTS)
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

/* The network's failures keep the HTTP helper's words, which name the host */
static GError *
problem_cb (const AdoHttpProblem *problem,
            gpointer              user_data)
{
  switch (problem->kind)
    {
    case ADO_HTTP_PROBLEM_STATUS:
      {
        GError *error = error_for_status (problem->status, g_bytes_get_data (problem->body, NULL),
                                          g_bytes_get_size (problem->body));

        /* The fact beside the words: which status it was */
        ado_error_set_http_status (error, problem->status);
        return error;
      }

    case ADO_HTTP_PROBLEM_TOO_LARGE:
      return g_error_new (ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                          _("Amazon’s sign-in service sent an answer far larger than a "
                            "token. Try again in a few minutes."));

    case ADO_HTTP_PROBLEM_DEADLINE:
    case ADO_HTTP_PROBLEM_TIMED_OUT:
    case ADO_HTTP_PROBLEM_TLS:
    case ADO_HTTP_PROBLEM_BROKEN_OFF:
    case ADO_HTTP_PROBLEM_UNREACHABLE:
    default:
      return NULL;
    }
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  AdoTokenResponse *response;
  GError *error = NULL;

  body = ado_http_send_finish (ADO_HTTP (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  response = ado_token_response_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                       &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify)ado_token_response_free);
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
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) form = NULL;
  SoupMessageHeaders *headers;
  char *encoded;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  encoded = soup_form_encode_hash (fields);
  form = g_bytes_new_with_free_func (encoded, strlen (encoded), wipe_and_free_string, encoded);

  message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  g_assert (message != NULL);
  /* Tokens come from the token URL itself: a redirect is an answer to refuse */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Content-Type",
                                "application/x-www-form-urlencoded;charset=UTF-8");

  ado_http_send_async (self->http, message, form, problem_cb, NULL, cancellable,
                       sent_cb, g_steal_pointer (&task));
}

static void
ado_token_client_finalize (GObject *object)
{
  AdoTokenClient *self = (AdoTokenClient *)object;

  g_clear_object (&self->http);
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
  self->http = ado_http_new ();
  ado_http_set_max_body (self->http, ADO_TOKEN_MAX_BODY);
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

  ado_http_set_deadline (self->http, milliseconds);
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

  ado_http_set_timeout (self->http, seconds);
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

  ado_http_set_retry_delay (self->http, milliseconds);
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
