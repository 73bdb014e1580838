/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-demo-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "ado-demo-server-private.h"

/*
 * The token endpoint, /auth/o2/token, as Login with Amazon has it: a
 * form-encoded POST, the client authenticated with client_id and
 * client_secret in the form or with HTTP Basic, the authorization-code
 * grant with PKCE and the refresh-token grant; errors as RFC 6749 §5.2
 * JSON. The injected failures are applied first.
 *
 * It stays one file a little past 600 lines: the answers, the errors and the
 * injected failures all go through the same few JSON and error helpers
 * below, which a split would have to export for this endpoint alone.
 */

#define TOKEN_ALPHABET  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#define TOKEN_LENGTH    368
#define VERIFIER_CHARS  TOKEN_ALPHABET ".~"
#define JSON_TYPE       "application/json;charset=UTF-8"
#define HUGE_TOKEN_SIZE (20 * 1024 * 1024)
/* Not in libsoup 3.2's SoupStatus */
#define STATUS_TOO_MANY_REQUESTS 429

typedef enum
{
  CLIENT_AUTH_NONE,
  CLIENT_AUTH_FORM,
  CLIENT_AUTH_BASIC,
} ClientAuth;

static void
set_no_store (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, NULL);
  set_no_store (msg);
  soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_TAKE, data, length);
}

static void
set_error (SoupServerMessage *msg,
           guint              status,
           const char        *error,
           const char        *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_debug ("Token request refused: %s", error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_end_object (builder);

  set_json (msg, status, builder);
}

static void
set_invalid_client (SoupServerMessage *msg,
                    ClientAuth         auth)
{
  if (auth == CLIENT_AUTH_BASIC)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Basic realm=\"Login with Amazon\"");
  set_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client", "Client authentication failed");
}

static void
set_raw (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  set_no_store (msg);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static char *
new_token (const char *prefix)
{
  g_autofree char *random = ado_demo_random_string (TOKEN_ALPHABET, TOKEN_LENGTH);

  return g_strconcat (prefix, "IwEB", random, NULL);
}

static gboolean
verifier_is_valid (const char *verifier)
{
  gsize length = strlen (verifier);

  return length >= 43 && length <= 128 && verifier[strspn (verifier, VERIFIER_CHARS)] == '\0';
}

static gboolean
verifier_matches (const AdoDemoGrantRequest *request,
                  const char                *verifier)
{
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *encoded = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  gsize length;

  if (request->challenge == NULL)
    return TRUE;

  if (verifier == NULL || !verifier_is_valid (verifier))
    return FALSE;

  if (!request->s256)
    return g_str_equal (verifier, request->challenge);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)verifier, -1);
  g_checksum_get_digest (checksum, digest, &digest_length);

  encoded = g_base64_encode (digest, digest_length);
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  length = strlen (encoded);
  while (length > 0 && encoded[length - 1] == '=')
    encoded[--length] = '\0';

  return g_str_equal (encoded, request->challenge);
}

/* Reads HTTP Basic client credentials (RFC 6749 §2.3.1: each part
 * form-encoded). FALSE when the header is there but unreadable. */
static gboolean
parse_basic (SoupServerMessage  *msg,
             char              **id,
             char              **secret)
{
  const char *header;
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  const char *colon;
  gsize length;

  *id = *secret = NULL;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                         "Authorization");
  if (header == NULL)
    return TRUE;
  if (g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    return FALSE;

  decoded = g_base64_decode (header + 6, &length);
  if (decoded == NULL || length == 0 || memchr (decoded, '\0', length) != NULL)
    return FALSE;

  text = g_strndup ((const char *)decoded, length);
  colon = strchr (text, ':');
  if (colon == NULL)
    return FALSE;

  {
    g_autofree char *raw_id = g_strndup (text, (gsize)(colon - text));

    *id = g_uri_unescape_string (raw_id, NULL);
    *secret = g_uri_unescape_string (colon + 1, NULL);
  }

  if (*id == NULL || *secret == NULL || **id == '\0')
    {
      g_clear_pointer (id, g_free);
      g_clear_pointer (secret, g_free);
      return FALSE;
    }

  return TRUE;
}

static void
record_request (AdoDemoServer *self,
                GHashTable    *form,
                ClientAuth     auth)
{
  static const char * const auth_names[] = { "none", "form", "basic" };

  g_mutex_lock (&self->lock);
  g_free (self->last_grant_type);
  self->last_grant_type = g_strdup (g_hash_table_lookup (form, "grant_type"));
  g_free (self->last_redirect_uri);
  self->last_redirect_uri = g_strdup (g_hash_table_lookup (form, "redirect_uri"));
  g_free (self->last_client_auth);
  self->last_client_auth = g_strdup (auth_names[auth]);
  g_mutex_unlock (&self->lock);
}

/* Under the lock: a new access token for the grant of @refresh_token */
static char *
issue_access_token (AdoDemoServer *self,
                    const char    *refresh_token)
{
  AdoDemoAccess *access = g_new0 (AdoDemoAccess, 1);
  char *token = new_token ("Atza|");

  access->refresh_token = g_strdup (refresh_token);
  access->expires_at = g_get_monotonic_time () +
                       (gint64)self->access_token_lifetime * G_USEC_PER_SEC;
  g_hash_table_replace (self->access_tokens, g_strdup (token), access);

  return token;
}

static void
set_tokens (SoupServerMessage *msg,
            const char        *access_token,
            const char        *refresh_token,
            guint              expires_in,
            const char        *scope)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access_token);
  if (refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, refresh_token);
    }
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, expires_in);
  if (scope != NULL)
    {
      json_builder_set_member_name (builder, "scope");
      json_builder_add_string_value (builder, scope);
    }
  json_builder_end_object (builder);

  set_json (msg, SOUP_STATUS_OK, builder);
}

static void
exchange_code (AdoDemoServer     *self,
               SoupServerMessage *msg,
               const char        *client_id,
               GHashTable        *form)
{
  const char *code = g_hash_table_lookup (form, "code");
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  g_autoptr(AdoDemoGrantRequest) request = NULL;
  g_autofree char *stolen_code = NULL;
  g_autofree char *access_token = NULL;
  g_autofree char *refresh_token = NULL;
  const char *invalid = NULL;
  guint expires_in = 0;

  if (code == NULL || code[0] == '\0')
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                 "The request is missing a required parameter : code");
      return;
    }
  if (redirect_uri == NULL || redirect_uri[0] == '\0')
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                 "The request is missing a required parameter : redirect_uri");
      return;
    }

  g_mutex_lock (&self->lock);

  request = g_hash_table_lookup (self->codes, code);
  if (request == NULL)
    {
      invalid = "code";
    }
  else if (!g_str_equal (request->client_id, client_id))
    {
      /* Another client cannot burn the code */
      request = NULL;
      invalid = "code";
    }
  else
    {
      /* Single use, whatever comes of it */
      g_hash_table_steal_extended (self->codes, code,
                                   (gpointer *)&stolen_code, NULL);

      if (g_get_monotonic_time () >= request->expires_at)
        invalid = "code";
      else if (!g_str_equal (request->redirect_uri, redirect_uri))
        invalid = "redirect_uri";
      else if (!verifier_matches (request, verifier))
        invalid = "code_verifier";
    }

  if (invalid == NULL)
    {
      AdoDemoGrant *grant = g_new0 (AdoDemoGrant, 1);

      refresh_token = new_token ("Atzr|");
      grant->client_id = g_strdup (client_id);
      grant->scope = g_strdup (request->scope);
      g_hash_table_replace (self->grants, g_strdup (refresh_token), grant);

      access_token = issue_access_token (self, refresh_token);
      expires_in = self->access_token_lifetime;
    }

  g_mutex_unlock (&self->lock);

  if (invalid != NULL)
    {
      g_autofree char *description = g_strdup_printf ("The request has an invalid grant "
                                                      "parameter : %s", invalid);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant", description);
      return;
    }

  g_debug ("Code exchanged for tokens");
  set_tokens (msg, access_token, refresh_token, expires_in, request->scope);
}

static void
refresh (AdoDemoServer     *self,
         SoupServerMessage *msg,
         const char        *client_id,
         GHashTable        *form)
{
  const char *refresh_token = g_hash_table_lookup (form, "refresh_token");
  g_autofree char *access_token = NULL;
  AdoDemoGrant *grant;
  gboolean omit = FALSE;
  guint expires_in = 0;

  if (refresh_token == NULL || refresh_token[0] == '\0')
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                 "The request is missing a required parameter : refresh_token");
      return;
    }

  g_mutex_lock (&self->lock);
  grant = g_hash_table_lookup (self->grants, refresh_token);
  if (grant != NULL && !grant->revoked && g_str_equal (grant->client_id, client_id))
    {
      access_token = issue_access_token (self, refresh_token);
      expires_in = self->access_token_lifetime;
      omit = self->omit_refresh_token;
    }
  g_mutex_unlock (&self->lock);

  if (access_token == NULL)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                 "The request has an invalid grant parameter : refresh_token");
      return;
    }

  g_debug ("Access token refreshed");
  set_tokens (msg, access_token, omit ? NULL : refresh_token, expires_in, NULL);
}

/* Answers a token request as LwA would, ignoring injected failures. */
void
ado_demo_server_answer_token (AdoDemoServer     *self,
                              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers;
  const char *content_type;
  const char *grant_type;
  const char *form_id;
  const char *form_secret;
  const char *client_id;
  const char *secret;
  g_autofree char *basic_id = NULL;
  g_autofree char *basic_secret = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *text = NULL;
  ClientAuth auth;
  gboolean known;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "POST");
      set_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request",
                 "The request method must be POST");
      return;
    }

  headers = soup_server_message_get_request_headers (msg);
  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (content_type == NULL ||
      g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") != 0)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                 "The request has an invalid parameter : Content-Type");
      return;
    }

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  form = soup_form_decode (text);

  form_id = g_hash_table_lookup (form, "client_id");
  form_secret = g_hash_table_lookup (form, "client_secret");

  if (!parse_basic (msg, &basic_id, &basic_secret))
    {
      record_request (self, form, CLIENT_AUTH_BASIC);
      set_invalid_client (msg, CLIENT_AUTH_BASIC);
      return;
    }

  if (basic_id != NULL)
    {
      auth = CLIENT_AUTH_BASIC;
      client_id = basic_id;
      secret = basic_secret;
    }
  else
    {
      auth = form_secret != NULL ? CLIENT_AUTH_FORM : CLIENT_AUTH_NONE;
      client_id = form_id;
      secret = form_secret;
    }

  record_request (self, form, auth);

  grant_type = g_hash_table_lookup (form, "grant_type");
  if (grant_type == NULL || grant_type[0] == '\0')
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                 "The request is missing a required parameter : grant_type");
      return;
    }

  /* One way to authenticate, not two */
  if (basic_id != NULL &&
      (form_secret != NULL || (form_id != NULL && !g_str_equal (form_id, basic_id))))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                 "The request uses more than one mechanism for authenticating the client");
      return;
    }

  g_mutex_lock (&self->lock);
  {
    AdoDemoClient *client = client_id != NULL ? g_hash_table_lookup (self->clients, client_id)
                                              : NULL;

    /* Web clients must send their secret; without it, no refresh token */
    known = client != NULL && secret != NULL && g_str_equal (client->secret, secret);
  }
  g_mutex_unlock (&self->lock);

  if (!known)
    {
      set_invalid_client (msg, auth);
      return;
    }

  if (g_str_equal (grant_type, "authorization_code"))
    exchange_code (self, msg, client_id, form);
  else if (g_str_equal (grant_type, "refresh_token"))
    refresh (self, msg, client_id, form);
  else
    set_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
               "The authorization grant type is not supported by the authorization server");
}

/* Promises far more than it sends, then closes the connection. The
 * connection is taken from libsoup, which would otherwise finish the
 * message properly; and it is not marked "Connection: close", with which
 * clients may accept a short body. Server thread only. */
static void
send_truncated (SoupServerMessage *msg)
{
  static const char response[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: " JSON_TYPE "\r\n"
    "Cache-Control: no-store\r\n"
    "Content-Length: 4096\r\n"
    "\r\n"
    "{\"access_token\":\"Atza|IwEBIA";
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autoptr(GError) error = NULL;

  if (stream == NULL)
    return;

  /* A few bytes on a local socket: this does not block */
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (stream),
                                  response, strlen (response), NULL, NULL, &error) ||
      !g_io_stream_close (stream, NULL, &error))
    g_debug ("Sending a truncated answer: %s", error->message);
}

static void
set_huge (SoupServerMessage *msg)
{
  static const char head[] = "{\"access_token\":\"Atza|";
  static const char tail[] = "\",\"refresh_token\":\"Atzr|IwEB\",\"token_type\":\"bearer\","
                             "\"expires_in\":3600}";
  gsize length = strlen (head) + HUGE_TOKEN_SIZE + strlen (tail);
  char *data = g_malloc (length);

  memcpy (data, head, strlen (head));
  memset (data + strlen (head), 'A', HUGE_TOKEN_SIZE);
  memcpy (data + strlen (head) + HUGE_TOKEN_SIZE, tail, strlen (tail));

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  set_no_store (msg);
  soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_TAKE, data, length);
}

void
ado_demo_server_handle_token (AdoDemoServer     *self,
                              SoupServerMessage *msg)
{
  AdoDemoFailure failure;
  guint slow_delay_ms;

  g_mutex_lock (&self->lock);
  self->token_requests++;
  slow_delay_ms = self->slow_delay_ms;
  g_mutex_unlock (&self->lock);

  failure = ado_demo_server_take_failure (self, TRUE);
  if (failure != ADO_DEMO_FAILURE_NONE)
    g_debug ("Injecting failure %d", failure);

  switch (failure)
    {
    case ADO_DEMO_FAILURE_NONE:
      ado_demo_server_answer_token (self, msg);
      break;

    case ADO_DEMO_FAILURE_TOKEN_SERVER_ERROR:
      set_raw (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html; charset=utf-8",
               "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>"
               "<body><h1>Internal Server Error</h1></body></html>\n");
      break;

    case ADO_DEMO_FAILURE_TOKEN_SERVICE_UNAVAILABLE:
      set_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                 "The service is temporarily unavailable");
      break;

    case ADO_DEMO_FAILURE_TOKEN_RATE_LIMITED:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      set_error (msg, STATUS_TOO_MANY_REQUESTS, "too_many_requests",
                 "Rate exceeded");
      break;

    case ADO_DEMO_FAILURE_TOKEN_MALFORMED_JSON:
      set_raw (msg, SOUP_STATUS_OK, JSON_TYPE, "{\"access_token\": \"Atza|IwEBI");
      break;

    case ADO_DEMO_FAILURE_TOKEN_TRUNCATED:
      send_truncated (msg);
      break;

    case ADO_DEMO_FAILURE_TOKEN_HUGE_BODY:
      set_huge (msg);
      break;

    case ADO_DEMO_FAILURE_TOKEN_SLOW:
      ado_demo_server_hold (self, msg, slow_delay_ms);
      break;

    case ADO_DEMO_FAILURE_TOKEN_SILENT:
      ado_demo_server_hold (self, msg, 0);
      break;

    case ADO_DEMO_FAILURE_TOKEN_INVALID_GRANT:
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                 "The request has an invalid grant parameter : code");
      break;

    case ADO_DEMO_FAILURE_TOKEN_INVALID_CLIENT:
      set_invalid_client (msg, CLIENT_AUTH_FORM);
      break;

    case ADO_DEMO_FAILURE_TOKEN_WRONG_CONTENT_TYPE:
      set_raw (msg, SOUP_STATUS_OK, "text/html; charset=utf-8",
               "<!DOCTYPE html>\n<html><head><title>Amazon Sign-In</title></head>"
               "<body><p>Please sign in.</p></body></html>\n");
      break;

    case ADO_DEMO_FAILURE_TOKEN_DRIBBLE:
      ado_demo_server_dribble (self, msg, SOUP_STATUS_OK, JSON_TYPE,
                               "{\"access_token\":\"Atza|dribbled\","
                               "\"refresh_token\":\"Atzr|dribbled\",\"expires_in\":3600}");
      break;

    case ADO_DEMO_FAILURE_TOKEN_REDIRECT:
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, ADO_DEMO_ELSEWHERE_TOKEN_PATH);
      break;

    case ADO_DEMO_FAILURE_DENY:
    case ADO_DEMO_FAILURE_INVALID_SCOPE_REDIRECT:
    default:
      g_assert_not_reached ();
    }
}
