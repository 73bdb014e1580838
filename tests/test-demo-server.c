/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "demo/ado-demo-server.h"

#include "ado-test-core.h"

/* The imitation of Login with Amazon, driven by a real libsoup client.
 * The server runs on a thread of its own, so synchronous calls work. */

#define CLIENT_ID     ADO_DEMO_CLIENT_ID
#define CLIENT_SECRET ADO_DEMO_CLIENT_SECRET
#define OTHER_ID      "amzn1.application-oa2-client.ffffffffffffffffffffffffffffffff"
#define OTHER_SECRET  \
  "amzn1.oa2-cs.v1.ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
#define REDIRECT_URI  "http://127.0.0.1:31416/callback"
#define QUERY_URI     "https://amazon.com/?lang=en"
#define SCOPE         "advertising::campaign_management"
#define SCOPE_ESCAPED "advertising%3A%3Acampaign_management"
#define STATE         "Xy-_.~9Qk3state"
#define VERIFIER      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define FORM_TYPE     "application/x-www-form-urlencoded;charset=UTF-8"
/* Not in libsoup 3.2's SoupStatus */
#define STATUS_TOO_MANY_REQUESTS 429

typedef struct
{
  AdoDemoServer *server;
  SoupSession   *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const urls[] = { REDIRECT_URI, QUERY_URI, NULL };
  const char * const other_urls[] = { REDIRECT_URI, NULL };
  g_autoptr(GError) error = NULL;

  f->server = ado_demo_server_new ();
  ado_demo_server_add_client (f->server, CLIENT_ID, CLIENT_SECRET, urls);
  ado_demo_server_add_client (f->server, OTHER_ID, OTHER_SECRET, other_urls);
  g_assert_true (ado_demo_server_start (f->server, &error));
  g_assert_no_error (error);

  /* A test that hangs fails instead */
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_assert_finalize_object (f->server);
}

/* BASE64URL (SHA-256 (verifier)), without padding */
static char *
s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  char *encoded;
  char *end;

  g_checksum_update (checksum, (const guchar *)verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);
  encoded = g_base64_encode (digest, length);
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  end = strchr (encoded, '=');
  if (end != NULL)
    *end = '\0';

  return encoded;
}

static char *
auth_url (Fixture    *f,
          const char *first_field,
          ...)
{
  g_autofree char *base = ado_demo_server_dup_auth_url (f->server);
  g_autofree char *query = NULL;
  va_list args;

  va_start (args, first_field);
  query = soup_form_encode_valist (first_field, args);
  va_end (args);

  return g_strconcat (base, "?", query, NULL);
}

static char *
default_auth_url (Fixture    *f,
                  const char *redirect_uri)
{
  g_autofree char *challenge = s256 (VERIFIER);

  return auth_url (f,
                   "client_id", CLIENT_ID,
                   "scope", SCOPE,
                   "response_type", "code",
                   "redirect_uri", redirect_uri,
                   "state", STATE,
                   "code_challenge", challenge,
                   "code_challenge_method", "S256",
                   NULL);
}

/* A GET that does not follow redirects */
static SoupMessage *
get (Fixture     *f,
     const char  *url,
     char       **body)
{
  SoupMessage *msg = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  bytes = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);

  if (body != NULL)
    *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return msg;
}

static const char *
location (SoupMessage *msg)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
}

static GHashTable *
location_params (SoupMessage *msg)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *params;

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_FOUND);
  uri = g_uri_parse (location (msg), G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, &error);
  g_assert_no_error (error);

  return params;
}

/* Signs in with the default request; returns the code */
static char *
authorize (Fixture    *f,
           const char *redirect_uri)
{
  g_autofree char *url = default_auth_url (f, redirect_uri);
  g_autoptr(SoupMessage) msg = get (f, url, NULL);
  g_autoptr(GHashTable) params = location_params (msg);

  g_assert_nonnull (g_hash_table_lookup (params, "code"));

  return g_strdup (g_hash_table_lookup (params, "code"));
}

static SoupMessage *
post (Fixture     *f,
      const char  *content_type,
      const char  *body,
      const char  *basic_id,
      const char  *basic_secret,
      GBytes     **response,
      GError     **error)
{
  g_autofree char *url = ado_demo_server_dup_token_url (f->server);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  SoupMessage *msg = soup_message_new (SOUP_METHOD_POST, url);

  soup_message_set_request_body_from_bytes (msg, content_type, request);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (basic_id != NULL)
    {
      g_autofree char *pair = g_strconcat (basic_id, ":", basic_secret, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
      g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", header);
    }

  *response = soup_session_send_and_read (f->session, msg, NULL, error);

  return msg;
}

static JsonObject *
parse_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                              (gssize)g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_dup_object (json_parser_get_root (parser));
}

/* A token request with a form body; returns the JSON answer and checks
 * the status. */
static JsonObject *
post_form_full (Fixture    *f,
                guint       expected_status,
                const char *basic_id,
                const char *basic_secret,
                const char *first_field,
                va_list     args)
{
  g_autofree char *body = soup_form_encode_valist (first_field, args);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  msg = post (f, FORM_TYPE, body, basic_id, basic_secret, &response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                          NULL), ==, "application/json");

  return parse_object (response);
}

static JsonObject *
post_form (Fixture    *f,
           guint       expected_status,
           const char *first_field,
           ...)
{
  JsonObject *object;
  va_list args;

  va_start (args, first_field);
  object = post_form_full (f, expected_status, NULL, NULL, first_field, args);
  va_end (args);

  return object;
}

static JsonObject *
post_form_basic (Fixture    *f,
                 guint       expected_status,
                 const char *basic_id,
                 const char *basic_secret,
                 const char *first_field,
                 ...)
{
  JsonObject *object;
  va_list args;

  va_start (args, first_field);
  object = post_form_full (f, expected_status, basic_id, basic_secret, first_field, args);
  va_end (args);

  return object;
}

static void
assert_error (JsonObject *object,
              const char *expected)
{
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, expected);
  g_assert_nonnull (json_object_get_string_member (object, "error_description"));
  g_assert_false (json_object_has_member (object, "access_token"));
}

static JsonObject *
exchange (Fixture    *f,
          guint       expected_status,
          const char *code,
          const char *redirect_uri,
          const char *verifier)
{
  return post_form (f, expected_status,
                    "grant_type", "authorization_code",
                    "code", code,
                    "redirect_uri", redirect_uri,
                    "client_id", CLIENT_ID,
                    "client_secret", CLIENT_SECRET,
                    "code_verifier", verifier,
                    NULL);
}

static JsonObject *
refresh (Fixture    *f,
         guint       expected_status,
         const char *refresh_token)
{
  return post_form (f, expected_status,
                    "grant_type", "refresh_token",
                    "refresh_token", refresh_token,
                    "client_id", CLIENT_ID,
                    "client_secret", CLIENT_SECRET,
                    NULL);
}

static void
assert_tokens (JsonObject *object,
               gboolean    with_refresh_token)
{
  const char *access_token = json_object_get_string_member (object, "access_token");

  g_assert_true (g_str_has_prefix (access_token, "Atza|"));
  g_assert_cmpuint (strlen (access_token), <=, 2048);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "bearer");
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 3600);

  if (with_refresh_token)
    {
      const char *refresh_token = json_object_get_string_member (object, "refresh_token");

      g_assert_true (g_str_has_prefix (refresh_token, "Atzr|"));
      g_assert_cmpuint (strlen (refresh_token), <=, 2048);
    }
  else
    {
      g_assert_false (json_object_has_member (object, "refresh_token"));
    }
}

/* A whole sign-in; returns the refresh token */
static char *
sign_in (Fixture *f)
{
  g_autofree char *code = authorize (f, REDIRECT_URI);
  g_autoptr(JsonObject) tokens = exchange (f, SOUP_STATUS_OK, code, REDIRECT_URI, VERIFIER);

  assert_tokens (tokens, TRUE);

  return g_strdup (json_object_get_string_member (tokens, "refresh_token"));
}

static void
test_create_destroy (void)
{
  AdoDemoServer *server = ado_demo_server_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ado_demo_server_is_running (server));
  g_assert_null (ado_demo_server_get_base_url (server));
  ado_demo_server_stop (server);
  g_assert_finalize_object (server);

  /* Disposing a running server stops it */
  server = ado_demo_server_new ();
  g_assert_true (ado_demo_server_start (server, &error));
  g_assert_no_error (error);
  g_assert_true (ado_demo_server_is_running (server));
  g_assert_finalize_object (server);
}

static void
test_urls (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *base = g_strdup (ado_demo_server_get_base_url (f->server));
  g_autofree char *auth = ado_demo_server_dup_auth_url (f->server);
  g_autofree char *token = ado_demo_server_dup_token_url (f->server);
  g_autofree char *expected = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refresh_token = NULL;

  g_assert_true (g_str_has_prefix (base, "http://127.0.0.1:"));
  uri = g_uri_parse (base, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_uri_get_port (uri), >, 0);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "");

  expected = g_strconcat (base, "/ap/oa", NULL);
  g_assert_cmpstr (auth, ==, expected);
  g_free (expected);
  expected = g_strconcat (base, "/auth/o2/token", NULL);
  g_assert_cmpstr (token, ==, expected);
  g_free (expected);

  /* Other paths and methods */
  expected = g_strconcat (base, "/v2/profiles", NULL);
  msg = get (f, expected, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NOT_FOUND);
  g_clear_object (&msg);
  msg = get (f, token, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_clear_object (&msg);

  /* Stopping twice is harmless; a restart keeps the sign-ins */
  refresh_token = sign_in (f);
  ado_demo_server_stop (f->server);
  ado_demo_server_stop (f->server);
  g_assert_false (ado_demo_server_is_running (f->server));
  g_assert_null (ado_demo_server_get_base_url (f->server));
  g_assert_true (ado_demo_server_start (f->server, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) tokens = refresh (f, SOUP_STATUS_OK, refresh_token);
    assert_tokens (tokens, TRUE);
  }
}

static void
test_authorize_redirect (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *url = default_auth_url (f, REDIRECT_URI);
  g_autoptr(SoupMessage) msg = get (f, url, NULL);
  g_autoptr(GHashTable) params = location_params (msg);
  const char *code = g_hash_table_lookup (params, "code");
  g_autofree char *expected = NULL;

  g_assert_nonnull (code);
  g_assert_cmpuint (strlen (code), ==, 20);
  expected = g_strconcat (REDIRECT_URI "?code=", code, "&scope=" SCOPE_ESCAPED "&state=" STATE,
                         NULL);
  g_assert_cmpstr (location (msg), ==, expected);
  g_assert_cmpuint (ado_demo_server_get_authorization_request_count (f->server), ==, 1);

  /* A second sign-in gets another code */
  {
    g_autofree char *other = authorize (f, REDIRECT_URI);
    g_assert_cmpstr (other, !=, code);
  }
}

static void
test_authorize_redirect_shapes (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *challenge = s256 (VERIFIER);
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GHashTable) params = NULL;

  /* A return URL with a query of its own; no state; two scopes */
  url = auth_url (f,
                  "client_id", CLIENT_ID,
                  "scope", SCOPE " advertising::audiences",
                  "response_type", "code",
                  "redirect_uri", QUERY_URI,
                  "code_challenge", challenge,
                  "code_challenge_method", "S256",
                  NULL);
  msg = get (f, url, NULL);
  params = location_params (msg);
  expected = g_strconcat (QUERY_URI "&code=", g_hash_table_lookup (params, "code"),
                         "&scope=" SCOPE_ESCAPED "%20advertising%3A%3Aaudiences", NULL);
  g_assert_cmpstr (location (msg), ==, expected);
  g_assert_false (g_hash_table_contains (params, "state"));
  g_clear_object (&msg);
  g_clear_pointer (&url, g_free);

  /* A state that needs escaping comes back the same */
  url = auth_url (f,
                  "client_id", CLIENT_ID,
                  "scope", "cpc_advertising:campaign_management",
                  "response_type", "code",
                  "redirect_uri", REDIRECT_URI,
                  "state", "a b&c=d/é",
                  NULL);
  msg = get (f, url, NULL);
  g_clear_pointer (&params, g_hash_table_unref);
  params = location_params (msg);
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "a b&c=d/é");
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==,
                   "cpc_advertising:campaign_management");
}

static void
assert_error_page (SoupMessage *msg,
                   const char  *body,
                   const char  *text)
{
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_null (location (msg));
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                          NULL), ==, "text/html");
  g_assert_nonnull (strstr (body, "400"));
  g_assert_nonnull (strstr (body, text));
}

static void
test_authorize_unregistered_redirect (Fixture       *f,
                                      gconstpointer  data)
{
  const char *unregistered[] = {
    "http://localhost:31416/callback",
    "http://127.0.0.1:31416/callback/",
    "http://127.0.0.1:31417/callback",
    "https://127.0.0.1:31416/callback",
    "http://127.0.0.1:31416/callback?x=1",
    "http://127.0.0.1:31416/Callback",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unregistered); i++)
    {
      g_autofree char *url = default_auth_url (f, unregistered[i]);
      g_autofree char *body = NULL;
      g_autoptr(SoupMessage) msg = get (f, url, &body);

      assert_error_page (msg, body, "has not been whitelisted");
    }

  /* Missing altogether */
  {
    g_autofree char *url = auth_url (f,
                                     "client_id", CLIENT_ID,
                                     "scope", SCOPE,
                                     "response_type", "code",
                                     "state", STATE,
                                     NULL);
    g_autofree char *body = NULL;
    g_autoptr(SoupMessage) msg = get (f, url, &body);

    assert_error_page (msg, body, "has not been whitelisted");
  }

  /* The page escapes what it echoes */
  {
    g_autofree char *url = default_auth_url (f, "http://127.0.0.1/<script>");
    g_autofree char *body = NULL;
    g_autoptr(SoupMessage) msg = get (f, url, &body);

    assert_error_page (msg, body, "&lt;script&gt;");
    g_assert_null (strstr (body, "<script>"));
  }
}

static void
test_authorize_unknown_client (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *url = auth_url (f,
                                   "client_id", "amzn1.application-oa2-client.0000",
                                   "scope", SCOPE,
                                   "response_type", "code",
                                   "redirect_uri", REDIRECT_URI,
                                   "state", STATE,
                                   NULL);
  g_autofree char *body = NULL;
  g_autoptr(SoupMessage) msg = get (f, url, &body);

  assert_error_page (msg, body, "Unknown client");
  g_clear_object (&msg);
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&url, g_free);

  url = auth_url (f, "scope", SCOPE, "response_type", "code",
                  "redirect_uri", REDIRECT_URI, NULL);
  msg = get (f, url, &body);
  assert_error_page (msg, body, "Unknown client");
}

static void
assert_error_redirect (SoupMessage *msg,
                       const char  *redirect_uri,
                       const char  *error,
                       const char  *state)
{
  g_autoptr(GHashTable) params = location_params (msg);

  g_assert_true (g_str_has_prefix (location (msg), redirect_uri));
  g_assert_cmpstr (g_hash_table_lookup (params, "error"), ==, error);
  g_assert_nonnull (g_hash_table_lookup (params, "error_description"));
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, state);
  g_assert_false (g_hash_table_contains (params, "code"));
}

static void
test_authorize_invalid_scope (Fixture       *f,
                              gconstpointer  data)
{
  const char *scopes[] = {
    "advertising:campaign_management",
    "advertising::campaign_management profile",
    "",
    "   ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    {
      g_autofree char *url = auth_url (f,
                                       "client_id", CLIENT_ID,
                                       "scope", scopes[i],
                                       "response_type", "code",
                                       "redirect_uri", REDIRECT_URI,
                                       "state", STATE,
                                       NULL);
      g_autoptr(SoupMessage) msg = get (f, url, NULL);

      assert_error_redirect (msg, REDIRECT_URI "?", "invalid_scope", STATE);
    }

  /* Missing scope */
  {
    g_autofree char *url = auth_url (f,
                                     "client_id", CLIENT_ID,
                                     "response_type", "code",
                                     "redirect_uri", REDIRECT_URI,
                                     "state", STATE,
                                     NULL);
    g_autoptr(SoupMessage) msg = get (f, url, NULL);

    assert_error_redirect (msg, REDIRECT_URI "?", "invalid_scope", STATE);
  }
}

static void
test_authorize_bad_request (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  url = auth_url (f,
                  "client_id", CLIENT_ID,
                  "scope", SCOPE,
                  "response_type", "token",
                  "redirect_uri", REDIRECT_URI,
                  "state", STATE,
                  NULL);
  msg = get (f, url, NULL);
  assert_error_redirect (msg, REDIRECT_URI "?", "unsupported_response_type", STATE);
  g_clear_object (&msg);
  g_clear_pointer (&url, g_free);

  url = auth_url (f,
                  "client_id", CLIENT_ID,
                  "scope", SCOPE,
                  "response_type", "code",
                  "redirect_uri", REDIRECT_URI,
                  "state", STATE,
                  "code_challenge", "short",
                  "code_challenge_method", "S256",
                  NULL);
  msg = get (f, url, NULL);
  assert_error_redirect (msg, REDIRECT_URI "?", "invalid_request", STATE);
  g_clear_object (&msg);
  g_clear_pointer (&url, g_free);

  url = auth_url (f,
                  "client_id", CLIENT_ID,
                  "scope", SCOPE,
                  "response_type", "code",
                  "redirect_uri", REDIRECT_URI,
                  "state", STATE,
                  "code_challenge", VERIFIER,
                  "code_challenge_method", "S512",
                  NULL);
  msg = get (f, url, NULL);
  assert_error_redirect (msg, REDIRECT_URI "?", "invalid_request", STATE);
  g_clear_object (&msg);

  /* Only GET */
  {
    g_autofree char *base = ado_demo_server_dup_auth_url (f->server);
    g_autoptr(GBytes) response = NULL;
    g_autoptr(GError) error = NULL;

    msg = soup_message_new (SOUP_METHOD_POST, base);
    response = soup_session_send_and_read (f->session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  }
}

static void
test_authorize_deny (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *url = default_auth_url (f, REDIRECT_URI);

  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_DENY, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SoupMessage) msg = get (f, url, NULL);
      assert_error_redirect (msg, REDIRECT_URI "?", "access_denied", STATE);
    }

  /* A refused request does not use the failure up */
  {
    g_autofree char *bad = default_auth_url (f, "http://localhost/");
    g_autoptr(SoupMessage) msg = NULL;

    ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_INVALID_SCOPE_REDIRECT, 1);
    msg = get (f, bad, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
    g_clear_object (&msg);

    msg = get (f, url, NULL);
    assert_error_redirect (msg, REDIRECT_URI "?", "invalid_scope", STATE);
  }

  /* Then normal again */
  g_free (authorize (f, REDIRECT_URI));

  /* Cleared */
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_DENY, 5);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_NONE, 0);
  g_free (authorize (f, REDIRECT_URI));
}

static char *
find_link (const char *body,
           const char *id)
{
  g_autofree char *pattern = g_strdup_printf ("id=\"%s\" href=\"([^\"]+)\"", id);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_true (g_regex_match (regex, body, 0, &match));

  return g_match_info_fetch (match, 1);
}

static void
test_authorize_consent (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *url = default_auth_url (f, REDIRECT_URI);
  const char *base = ado_demo_server_get_base_url (f->server);
  g_autofree char *body = NULL;
  g_autofree char *allow = NULL;
  g_autofree char *cancel = NULL;
  g_autofree char *link = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  ado_demo_server_set_auto_approve (f->server, FALSE);

  msg = get (f, url, &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_null (location (msg));
  g_assert_nonnull (strstr (body, SCOPE));
  g_assert_nonnull (strstr (body, "Demo"));
  g_assert_null (strstr (body, "<script"));
  allow = find_link (body, "allow");
  g_clear_object (&msg);

  /* Allow */
  link = g_strconcat (base, allow, NULL);
  msg = get (f, link, NULL);
  {
    g_autoptr(GHashTable) params = location_params (msg);
    g_autoptr(JsonObject) tokens = NULL;

    g_assert_true (g_str_has_prefix (location (msg), REDIRECT_URI "?code="));
    g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, STATE);
    g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==, SCOPE);
    tokens = exchange (f, SOUP_STATUS_OK, g_hash_table_lookup (params, "code"),
                       REDIRECT_URI, VERIFIER);
    assert_tokens (tokens, TRUE);
  }
  g_clear_object (&msg);

  /* Each page answers once */
  g_clear_pointer (&body, g_free);
  msg = get (f, link, &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_null (location (msg));
  g_clear_object (&msg);
  g_clear_pointer (&link, g_free);
  g_clear_pointer (&body, g_free);

  /* Cancel */
  msg = get (f, url, &body);
  cancel = find_link (body, "cancel");
  g_clear_object (&msg);
  link = g_strconcat (base, cancel, NULL);
  msg = get (f, link, NULL);
  assert_error_redirect (msg, REDIRECT_URI "?", "access_denied", STATE);
  g_clear_object (&msg);
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&link, g_free);
  g_clear_pointer (&allow, g_free);

  /* An injected refusal applies when the person allows */
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_DENY, 1);
  msg = get (f, url, &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  allow = find_link (body, "allow");
  g_clear_object (&msg);
  link = g_strconcat (base, allow, NULL);
  msg = get (f, link, NULL);
  assert_error_redirect (msg, REDIRECT_URI "?", "access_denied", STATE);
}

static void
test_token_exchange (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *code = authorize (f, REDIRECT_URI);
  g_autoptr(JsonObject) tokens = NULL;
  g_autofree char *grant_type = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autofree char *client_auth = NULL;
  guint before = ado_demo_server_get_token_request_count (f->server);
  const char *access_token;

  tokens = exchange (f, SOUP_STATUS_OK, code, REDIRECT_URI, VERIFIER);
  assert_tokens (tokens, TRUE);
  g_assert_cmpstr (json_object_get_string_member (tokens, "scope"), ==, SCOPE);
  access_token = json_object_get_string_member (tokens, "access_token");
  g_assert_true (ado_demo_server_check_access_token (f->server, access_token));
  g_assert_false (ado_demo_server_check_access_token (f->server, "Atza|nonsense"));

  g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server), ==, before + 1);
  grant_type = ado_demo_server_dup_last_grant_type (f->server);
  redirect_uri = ado_demo_server_dup_last_redirect_uri (f->server);
  client_auth = ado_demo_server_dup_last_client_auth (f->server);
  g_assert_cmpstr (grant_type, ==, "authorization_code");
  g_assert_cmpstr (redirect_uri, ==, REDIRECT_URI);
  g_assert_cmpstr (client_auth, ==, "form");
}

static void
test_token_pkce_variants (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *challenge = s256 (VERIFIER);
  const char *plain = "plain-verifier-0123456789-0123456789-0123456789";
  g_autofree char *url = NULL;

  /* RFC 7636, appendix B */
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

  /* No method: the challenge is plain */
  url = auth_url (f,
                  "client_id", CLIENT_ID,
                  "scope", SCOPE,
                  "response_type", "code",
                  "redirect_uri", REDIRECT_URI,
                  "code_challenge", plain,
                  NULL);
  {
    g_autoptr(SoupMessage) msg = get (f, url, NULL);
    g_autoptr(GHashTable) params = location_params (msg);
    g_autoptr(JsonObject) tokens = exchange (f, SOUP_STATUS_OK,
                                             g_hash_table_lookup (params, "code"),
                                             REDIRECT_URI, plain);
    assert_tokens (tokens, TRUE);
  }
  g_clear_pointer (&url, g_free);

  /* A plain challenge does not accept its S256 form */
  url = auth_url (f,
                  "client_id", CLIENT_ID,
                  "scope", SCOPE,
                  "response_type", "code",
                  "redirect_uri", REDIRECT_URI,
                  "code_challenge", challenge,
                  "code_challenge_method", "plain",
                  NULL);
  {
    g_autoptr(SoupMessage) msg = get (f, url, NULL);
    g_autoptr(GHashTable) params = location_params (msg);
    g_autoptr(JsonObject) error = exchange (f, SOUP_STATUS_BAD_REQUEST,
                                            g_hash_table_lookup (params, "code"),
                                            REDIRECT_URI, VERIFIER);
    assert_error (error, "invalid_grant");
  }
  g_clear_pointer (&url, g_free);

  /* Without PKCE, no verifier is needed */
  url = auth_url (f,
                  "client_id", CLIENT_ID,
                  "scope", SCOPE,
                  "response_type", "code",
                  "redirect_uri", REDIRECT_URI,
                  NULL);
  {
    g_autoptr(SoupMessage) msg = get (f, url, NULL);
    g_autoptr(GHashTable) params = location_params (msg);
    g_autoptr(JsonObject) tokens = post_form (f, SOUP_STATUS_OK,
                                              "grant_type", "authorization_code",
                                              "code", g_hash_table_lookup (params, "code"),
                                              "redirect_uri", REDIRECT_URI,
                                              "client_id", CLIENT_ID,
                                              "client_secret", CLIENT_SECRET,
                                              NULL);
    assert_tokens (tokens, TRUE);
  }
}

static void
test_token_wrong_verifier (Fixture       *f,
                           gconstpointer  data)
{
  const char *wrong[] = {
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK",  /* one letter */
    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",  /* the challenge itself */
    "short",
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk=", /* a character outside the set */
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autofree char *code = authorize (f, REDIRECT_URI);
      g_autoptr(JsonObject) error = exchange (f, SOUP_STATUS_BAD_REQUEST, code, REDIRECT_URI,
                                              wrong[i]);
      assert_error (error, "invalid_grant");

      /* The code is spent */
      if (i == 0)
        {
          g_autoptr(JsonObject) again = exchange (f, SOUP_STATUS_BAD_REQUEST, code,
                                                  REDIRECT_URI, VERIFIER);
          assert_error (again, "invalid_grant");
        }
    }

  /* Missing verifier */
  {
    g_autofree char *code = authorize (f, REDIRECT_URI);
    g_autoptr(JsonObject) error = post_form (f, SOUP_STATUS_BAD_REQUEST,
                                             "grant_type", "authorization_code",
                                             "code", code,
                                             "redirect_uri", REDIRECT_URI,
                                             "client_id", CLIENT_ID,
                                             "client_secret", CLIENT_SECRET,
                                             NULL);
    assert_error (error, "invalid_grant");
  }
}

static void
test_token_wrong_redirect (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *code = authorize (f, REDIRECT_URI);
  g_autoptr(JsonObject) error = NULL;

  /* Registered, but not the one of this sign-in */
  error = exchange (f, SOUP_STATUS_BAD_REQUEST, code, QUERY_URI, VERIFIER);
  assert_error (error, "invalid_grant");
  g_clear_pointer (&error, json_object_unref);
  g_free (code);

  code = authorize (f, REDIRECT_URI);
  error = exchange (f, SOUP_STATUS_BAD_REQUEST, code, REDIRECT_URI "/", VERIFIER);
  assert_error (error, "invalid_grant");
  g_clear_pointer (&error, json_object_unref);

  /* Missing: malformed */
  error = post_form (f, SOUP_STATUS_BAD_REQUEST,
                     "grant_type", "authorization_code",
                     "code", code,
                     "client_id", CLIENT_ID,
                     "client_secret", CLIENT_SECRET,
                     "code_verifier", VERIFIER,
                     NULL);
  assert_error (error, "invalid_request");
}

static void
test_token_reused_code (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *code = authorize (f, REDIRECT_URI);
  g_autoptr(JsonObject) tokens = exchange (f, SOUP_STATUS_OK, code, REDIRECT_URI, VERIFIER);
  g_autoptr(JsonObject) error = exchange (f, SOUP_STATUS_BAD_REQUEST, code, REDIRECT_URI,
                                          VERIFIER);

  assert_tokens (tokens, TRUE);
  assert_error (error, "invalid_grant");
  g_clear_pointer (&error, json_object_unref);

  error = exchange (f, SOUP_STATUS_BAD_REQUEST, "NoSuchCodeNoSuchCode", REDIRECT_URI, VERIFIER);
  assert_error (error, "invalid_grant");
}

static void
test_token_other_client (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *code = authorize (f, REDIRECT_URI);
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) tokens = NULL;

  /* Another client cannot use the code, nor spend it */
  error = post_form (f, SOUP_STATUS_BAD_REQUEST,
                     "grant_type", "authorization_code",
                     "code", code,
                     "redirect_uri", REDIRECT_URI,
                     "client_id", OTHER_ID,
                     "client_secret", OTHER_SECRET,
                     "code_verifier", VERIFIER,
                     NULL);
  assert_error (error, "invalid_grant");

  tokens = exchange (f, SOUP_STATUS_OK, code, REDIRECT_URI, VERIFIER);
  assert_tokens (tokens, TRUE);
  g_clear_pointer (&error, json_object_unref);

  /* Nor refresh with its refresh token */
  error = post_form (f, SOUP_STATUS_BAD_REQUEST,
                     "grant_type", "refresh_token",
                     "refresh_token", json_object_get_string_member (tokens, "refresh_token"),
                     "client_id", OTHER_ID,
                     "client_secret", OTHER_SECRET,
                     NULL);
  assert_error (error, "invalid_grant");
}

static void
test_token_expired_code (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autoptr(JsonObject) error = NULL;

  ado_demo_server_set_code_lifetime (f->server, 1);
  code = authorize (f, REDIRECT_URI);
  g_usleep (1100 * 1000);

  error = exchange (f, SOUP_STATUS_BAD_REQUEST, code, REDIRECT_URI, VERIFIER);
  assert_error (error, "invalid_grant");
}

static void
test_token_content_type (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *code = authorize (f, REDIRECT_URI);
  g_autofree char *json = NULL;
  g_autofree char *form = NULL;
  const char *types[] = { "application/json", "text/plain", "multipart/form-data" };

  json = g_strdup_printf ("{\"grant_type\":\"authorization_code\",\"code\":\"%s\","
                          "\"redirect_uri\":\"" REDIRECT_URI "\",\"client_id\":\"" CLIENT_ID
                          "\",\"client_secret\":\"" CLIENT_SECRET "\","
                          "\"code_verifier\":\"" VERIFIER "\"}", code);
  form = soup_form_encode ("grant_type", "authorization_code",
                           "code", code,
                           "redirect_uri", REDIRECT_URI,
                           "client_id", CLIENT_ID,
                           "client_secret", CLIENT_SECRET,
                           "code_verifier", VERIFIER,
                           NULL);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) response = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;

      msg = post (f, types[i], i == 0 ? json : form, NULL, NULL, &response, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
      object = parse_object (response);
      assert_error (object, "invalid_request");
    }

  /* The code was not spent; the type without parameters works too */
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) response = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) object = NULL;

    msg = post (f, "application/x-www-form-urlencoded", form, NULL, NULL, &response, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
    object = parse_object (response);
    assert_tokens (object, TRUE);
  }
}

static void
test_token_basic_auth (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *code = authorize (f, REDIRECT_URI);
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_autofree char *client_auth = NULL;

  tokens = post_form_basic (f, SOUP_STATUS_OK, CLIENT_ID, CLIENT_SECRET,
                            "grant_type", "authorization_code",
                            "code", code,
                            "redirect_uri", REDIRECT_URI,
                            "code_verifier", VERIFIER,
                            NULL);
  assert_tokens (tokens, TRUE);
  client_auth = ado_demo_server_dup_last_client_auth (f->server);
  g_assert_cmpstr (client_auth, ==, "basic");

  /* A wrong secret in the header */
  error = post_form_basic (f, SOUP_STATUS_UNAUTHORIZED, CLIENT_ID, "wrong",
                           "grant_type", "refresh_token",
                           "refresh_token", json_object_get_string_member (tokens, "refresh_token"),
                           NULL);
  assert_error (error, "invalid_client");
  g_clear_pointer (&error, json_object_unref);

  /* Two ways at once */
  error = post_form_basic (f, SOUP_STATUS_BAD_REQUEST, CLIENT_ID, CLIENT_SECRET,
                           "grant_type", "refresh_token",
                           "refresh_token", json_object_get_string_member (tokens, "refresh_token"),
                           "client_id", CLIENT_ID,
                           "client_secret", CLIENT_SECRET,
                           NULL);
  assert_error (error, "invalid_request");
  g_clear_pointer (&error, json_object_unref);

  /* The header with the client_id repeated in the form is fine */
  error = post_form_basic (f, SOUP_STATUS_OK, CLIENT_ID, CLIENT_SECRET,
                           "grant_type", "refresh_token",
                           "refresh_token", json_object_get_string_member (tokens, "refresh_token"),
                           "client_id", CLIENT_ID,
                           NULL);
  assert_tokens (error, TRUE);
}

static void
test_token_invalid_client (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *code = authorize (f, REDIRECT_URI);
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) tokens = NULL;

  /* Wrong secret */
  error = post_form (f, SOUP_STATUS_UNAUTHORIZED,
                     "grant_type", "authorization_code",
                     "code", code,
                     "redirect_uri", REDIRECT_URI,
                     "client_id", CLIENT_ID,
                     "client_secret", OTHER_SECRET,
                     "code_verifier", VERIFIER,
                     NULL);
  assert_error (error, "invalid_client");
  g_clear_pointer (&error, json_object_unref);

  /* No secret */
  error = post_form (f, SOUP_STATUS_UNAUTHORIZED,
                     "grant_type", "authorization_code",
                     "code", code,
                     "redirect_uri", REDIRECT_URI,
                     "client_id", CLIENT_ID,
                     "code_verifier", VERIFIER,
                     NULL);
  assert_error (error, "invalid_client");
  g_clear_pointer (&error, json_object_unref);

  /* Unknown client */
  error = post_form (f, SOUP_STATUS_UNAUTHORIZED,
                     "grant_type", "authorization_code",
                     "code", code,
                     "redirect_uri", REDIRECT_URI,
                     "client_id", "amzn1.application-oa2-client.0000",
                     "client_secret", CLIENT_SECRET,
                     "code_verifier", VERIFIER,
                     NULL);
  assert_error (error, "invalid_client");
  g_clear_pointer (&error, json_object_unref);

  /* None of that spent the code */
  tokens = exchange (f, SOUP_STATUS_OK, code, REDIRECT_URI, VERIFIER);
  assert_tokens (tokens, TRUE);

  /* A rotated secret: the old one is refused, the sign-in stays */
  {
    const char * const urls[] = { REDIRECT_URI, NULL };
    const char *refresh_token = json_object_get_string_member (tokens, "refresh_token");
    g_autoptr(JsonObject) refreshed = NULL;

    ado_demo_server_add_client (f->server, CLIENT_ID, OTHER_SECRET, urls);
    error = refresh (f, SOUP_STATUS_UNAUTHORIZED, refresh_token);
    assert_error (error, "invalid_client");
    refreshed = post_form (f, SOUP_STATUS_OK,
                           "grant_type", "refresh_token",
                           "refresh_token", refresh_token,
                           "client_id", CLIENT_ID,
                           "client_secret", OTHER_SECRET,
                           NULL);
    assert_tokens (refreshed, TRUE);
  }
}

static void
test_token_bad_request (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) error = NULL;

  error = post_form (f, SOUP_STATUS_BAD_REQUEST,
                     "client_id", CLIENT_ID,
                     "client_secret", CLIENT_SECRET,
                     NULL);
  assert_error (error, "invalid_request");
  g_clear_pointer (&error, json_object_unref);

  error = post_form (f, SOUP_STATUS_BAD_REQUEST,
                     "grant_type", "password",
                     "client_id", CLIENT_ID,
                     "client_secret", CLIENT_SECRET,
                     NULL);
  assert_error (error, "unsupported_grant_type");
  g_clear_pointer (&error, json_object_unref);

  error = post_form (f, SOUP_STATUS_BAD_REQUEST,
                     "grant_type", "authorization_code",
                     "redirect_uri", REDIRECT_URI,
                     "client_id", CLIENT_ID,
                     "client_secret", CLIENT_SECRET,
                     NULL);
  assert_error (error, "invalid_request");
  g_clear_pointer (&error, json_object_unref);

  error = post_form (f, SOUP_STATUS_BAD_REQUEST,
                     "grant_type", "refresh_token",
                     "client_id", CLIENT_ID,
                     "client_secret", CLIENT_SECRET,
                     NULL);
  assert_error (error, "invalid_request");
}

static void
test_token_refresh (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *refresh_token = sign_in (f);
  g_autoptr(JsonObject) first = refresh (f, SOUP_STATUS_OK, refresh_token);
  g_autoptr(JsonObject) second = refresh (f, SOUP_STATUS_OK, refresh_token);
  g_autoptr(JsonObject) omitted = NULL;
  g_autoptr(JsonObject) error = NULL;
  g_autofree char *grant_type = NULL;
  g_autofree char *redirect_uri = NULL;

  assert_tokens (first, TRUE);
  assert_tokens (second, TRUE);
  g_assert_cmpstr (json_object_get_string_member (first, "refresh_token"), ==, refresh_token);
  g_assert_cmpstr (json_object_get_string_member (first, "access_token"), !=,
                   json_object_get_string_member (second, "access_token"));
  grant_type = ado_demo_server_dup_last_grant_type (f->server);
  redirect_uri = ado_demo_server_dup_last_redirect_uri (f->server);
  g_assert_cmpstr (grant_type, ==, "refresh_token");
  g_assert_null (redirect_uri);

  ado_demo_server_set_omit_refresh_token_on_refresh (f->server, TRUE);
  omitted = refresh (f, SOUP_STATUS_OK, refresh_token);
  assert_tokens (omitted, FALSE);
  ado_demo_server_set_omit_refresh_token_on_refresh (f->server, FALSE);

  /* The lifetime is configurable */
  ado_demo_server_set_access_token_lifetime (f->server, 60);
  g_clear_pointer (&omitted, json_object_unref);
  omitted = refresh (f, SOUP_STATUS_OK, refresh_token);
  g_assert_cmpint (json_object_get_int_member (omitted, "expires_in"), ==, 60);

  error = refresh (f, SOUP_STATUS_BAD_REQUEST, "Atzr|IwEBunknown");
  assert_error (error, "invalid_grant");
}

static void
test_token_revoke (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *first = sign_in (f);
  g_autofree char *second = sign_in (f);
  g_autoptr(JsonObject) tokens = refresh (f, SOUP_STATUS_OK, first);
  const char *access_token = json_object_get_string_member (tokens, "access_token");
  g_autoptr(JsonObject) error = NULL;
  g_autoptr(JsonObject) still = NULL;

  g_assert_true (ado_demo_server_check_access_token (f->server, access_token));
  ado_demo_server_revoke (f->server, first);
  g_assert_false (ado_demo_server_check_access_token (f->server, access_token));

  error = refresh (f, SOUP_STATUS_BAD_REQUEST, first);
  assert_error (error, "invalid_grant");
  g_clear_pointer (&error, json_object_unref);

  still = refresh (f, SOUP_STATUS_OK, second);
  assert_tokens (still, TRUE);

  ado_demo_server_revoke (f->server, NULL);
  error = refresh (f, SOUP_STATUS_BAD_REQUEST, second);
  assert_error (error, "invalid_grant");
  access_token = json_object_get_string_member (still, "access_token");
  g_assert_false (ado_demo_server_check_access_token (f->server, access_token));
}

/* Injected failures on the token endpoint */

typedef void (*CheckFunc) (SoupMessage *msg,
                           GBytes      *body,
                           GError      *error);

typedef struct
{
  const char     *name;
  AdoDemoFailure  failure;
  CheckFunc       check;
} FailureCase;

static const char *
content_type (SoupMessage *msg)
{
  return soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
}

static void
check_server_error (SoupMessage *msg,
                    GBytes      *body,
                    GError      *error)
{
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  g_assert_cmpstr (content_type (msg), ==, "text/html");
}

static void
check_service_unavailable (SoupMessage *msg,
                           GBytes      *body,
                           GError      *error)
{
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
}

static void
check_rate_limited (SoupMessage *msg,
                    GBytes      *body,
                    GError      *error)
{
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, STATUS_TOO_MANY_REQUESTS);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Retry-After"), ==, "1");
}

static void
check_malformed_json (SoupMessage *msg,
                      GBytes      *body,
                      GError      *error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (content_type (msg), ==, "application/json");
  g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                              (gssize)g_bytes_get_size (body), &parse_error));
  g_assert_nonnull (parse_error);
}

static void
check_truncated (SoupMessage *msg,
                 GBytes      *body,
                 GError      *error)
{
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_null (body);
}

static void
check_huge_body (SoupMessage *msg,
                 GBytes      *body,
                 GError      *error)
{
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpuint (g_bytes_get_size (body), >, 20 * 1024 * 1024);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), 22, "{\"access_token\":\"Atza|", 22);
}

static void
check_success (SoupMessage *msg,
               GBytes      *body,
               GError      *error)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  object = parse_object (body);
  assert_tokens (object, TRUE);
}

static void
check_invalid_grant (SoupMessage *msg,
                     GBytes      *body,
                     GError      *error)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_BAD_REQUEST);
  object = parse_object (body);
  assert_error (object, "invalid_grant");
}

static void
check_invalid_client (SoupMessage *msg,
                      GBytes      *body,
                      GError      *error)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_UNAUTHORIZED);
  object = parse_object (body);
  assert_error (object, "invalid_client");
}

static void
check_wrong_content_type (SoupMessage *msg,
                          GBytes      *body,
                          GError      *error)
{
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (content_type (msg), ==, "text/html");
}

static const FailureCase failure_cases[] = {
  { "server-error", ADO_DEMO_FAILURE_TOKEN_SERVER_ERROR, check_server_error },
  { "service-unavailable", ADO_DEMO_FAILURE_TOKEN_SERVICE_UNAVAILABLE, check_service_unavailable },
  { "rate-limited", ADO_DEMO_FAILURE_TOKEN_RATE_LIMITED, check_rate_limited },
  { "malformed-json", ADO_DEMO_FAILURE_TOKEN_MALFORMED_JSON, check_malformed_json },
  { "truncated", ADO_DEMO_FAILURE_TOKEN_TRUNCATED, check_truncated },
  { "huge-body", ADO_DEMO_FAILURE_TOKEN_HUGE_BODY, check_huge_body },
  { "slow", ADO_DEMO_FAILURE_TOKEN_SLOW, check_success },
  { "invalid-grant", ADO_DEMO_FAILURE_TOKEN_INVALID_GRANT, check_invalid_grant },
  { "invalid-client", ADO_DEMO_FAILURE_TOKEN_INVALID_CLIENT, check_invalid_client },
  { "wrong-content-type", ADO_DEMO_FAILURE_TOKEN_WRONG_CONTENT_TYPE, check_wrong_content_type },
};

#define SLOW_DELAY_MS 300

static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  const FailureCase *failure = data;
  g_autofree char *refresh_token = sign_in (f);
  g_autofree char *body = soup_form_encode ("grant_type", "refresh_token",
                                            "refresh_token", refresh_token,
                                            "client_id", CLIENT_ID,
                                            "client_secret", CLIENT_SECRET,
                                            NULL);
  guint before = ado_demo_server_get_token_request_count (f->server);

  ado_demo_server_set_slow_delay (f->server, SLOW_DELAY_MS);
  ado_demo_server_fail_next (f->server, failure->failure, 2);

  /* Twice the failure, then normal again */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) response = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 elapsed_ms;

      msg = post (f, FORM_TYPE, body, NULL, NULL, &response, &error);
      elapsed_ms = (g_get_monotonic_time () - start) / 1000;

      if (i < 2)
        failure->check (msg, response, error);
      else
        check_success (msg, response, error);

      if (failure->failure == ADO_DEMO_FAILURE_TOKEN_SLOW && i < 2)
        g_assert_cmpint (elapsed_ms, >=, SLOW_DELAY_MS);
      else
        g_assert_cmpint (elapsed_ms, <, 5000);
    }

  g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server), ==, before + 3);
}

typedef struct
{
  GError   *error;
  gboolean  done;
} AsyncState;

static void
silent_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *state = user_data;
  g_autoptr(GBytes) bytes = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &state->error);
  state->done = TRUE;
}

static void
test_failure_silent (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *refresh_token = sign_in (f);
  g_autofree char *url = ado_demo_server_dup_token_url (f->server);
  g_autofree char *body = soup_form_encode ("grant_type", "refresh_token",
                                            "refresh_token", refresh_token,
                                            "client_id", CLIENT_ID,
                                            "client_secret", CLIENT_SECRET,
                                            NULL);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  AsyncState state = { NULL, FALSE };
  guint before = ado_demo_server_get_token_request_count (f->server);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gint64 start;

  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_TOKEN_SILENT, 1);

  soup_message_set_request_body_from_bytes (msg, FORM_TYPE, request);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    silent_done_cb, &state);

  /* Wait until the server holds it */
  while (ado_demo_server_get_token_request_count (f->server) == before &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server), ==, before + 1);

  /* No answer comes */
  ado_test_spin (300);
  g_assert_false (state.done);

  /* Stopping does not wait for it, and the client sees the connection end */
  start = g_get_monotonic_time ();
  ado_demo_server_stop (f->server);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  ado_test_wait_for_flag (&state.done, "the end of the connection");
  g_assert_true (state.done);
  g_assert_nonnull (state.error);
  g_clear_error (&state.error);

  /* It starts again, normal */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) tokens = NULL;

    g_assert_true (ado_demo_server_start (f->server, &error));
    g_assert_no_error (error);
    tokens = refresh (f, SOUP_STATUS_OK, refresh_token);
    assert_tokens (tokens, TRUE);
  }
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_failure_slow_abandoned (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *refresh_token = sign_in (f);
  g_autofree char *url = ado_demo_server_dup_token_url (f->server);
  g_autofree char *body = soup_form_encode ("grant_type", "refresh_token",
                                            "refresh_token", refresh_token,
                                            "client_id", CLIENT_ID,
                                            "client_secret", CLIENT_SECRET,
                                            NULL);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonObject) tokens = NULL;
  AsyncState state = { NULL, FALSE };

  /* The client gives up before the late answer is due */
  ado_demo_server_set_slow_delay (f->server, 400);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_TOKEN_SLOW, 1);

  soup_message_set_request_body_from_bytes (msg, FORM_TYPE, request);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    silent_done_cb, &state);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, cancel_cb, g_object_ref (cancellable),
                      g_object_unref);
  ado_test_wait_for_flag (&state.done, "the cancelled request");
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);

  /* The server gets past the moment it would have answered */
  g_usleep (600 * 1000);
  tokens = refresh (f, SOUP_STATUS_OK, refresh_token);
  assert_tokens (tokens, TRUE);
}

/* Sign-ins from several threads at once */

#define N_THREADS 4
#define N_SIGN_INS 5

static gpointer
sign_in_thread (gpointer data)
{
  Fixture *shared = data;
  Fixture local = { shared->server, soup_session_new_with_options ("timeout", 20, NULL) };

  for (guint i = 0; i < N_SIGN_INS; i++)
    {
      g_autofree char *refresh_token = sign_in (&local);
      g_autoptr(JsonObject) tokens = refresh (&local, SOUP_STATUS_OK, refresh_token);

      assert_tokens (tokens, TRUE);
    }

  g_object_unref (local.session);

  return NULL;
}

static void
test_threads (Fixture       *f,
              gconstpointer  data)
{
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("sign-in", sign_in_thread, f);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server), ==,
                    N_THREADS * N_SIGN_INS * 2);
}

static void
add_test (const char    *path,
          gconstpointer  data,
          void         (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ado/demo-server/create-destroy", test_create_destroy);
  add_test ("/ado/demo-server/urls", NULL, test_urls);
  add_test ("/ado/demo-server/authorize/redirect", NULL, test_authorize_redirect);
  add_test ("/ado/demo-server/authorize/redirect-shapes", NULL, test_authorize_redirect_shapes);
  add_test ("/ado/demo-server/authorize/unregistered-redirect", NULL,
            test_authorize_unregistered_redirect);
  add_test ("/ado/demo-server/authorize/unknown-client", NULL, test_authorize_unknown_client);
  add_test ("/ado/demo-server/authorize/invalid-scope", NULL, test_authorize_invalid_scope);
  add_test ("/ado/demo-server/authorize/bad-request", NULL, test_authorize_bad_request);
  add_test ("/ado/demo-server/authorize/deny", NULL, test_authorize_deny);
  add_test ("/ado/demo-server/authorize/consent", NULL, test_authorize_consent);
  add_test ("/ado/demo-server/token/exchange", NULL, test_token_exchange);
  add_test ("/ado/demo-server/token/pkce-variants", NULL, test_token_pkce_variants);
  add_test ("/ado/demo-server/token/wrong-verifier", NULL, test_token_wrong_verifier);
  add_test ("/ado/demo-server/token/wrong-redirect", NULL, test_token_wrong_redirect);
  add_test ("/ado/demo-server/token/reused-code", NULL, test_token_reused_code);
  add_test ("/ado/demo-server/token/other-client", NULL, test_token_other_client);
  add_test ("/ado/demo-server/token/expired-code", NULL, test_token_expired_code);
  add_test ("/ado/demo-server/token/content-type", NULL, test_token_content_type);
  add_test ("/ado/demo-server/token/basic-auth", NULL, test_token_basic_auth);
  add_test ("/ado/demo-server/token/invalid-client", NULL, test_token_invalid_client);
  add_test ("/ado/demo-server/token/bad-request", NULL, test_token_bad_request);
  add_test ("/ado/demo-server/token/refresh", NULL, test_token_refresh);
  add_test ("/ado/demo-server/token/revoke", NULL, test_token_revoke);

  for (guint i = 0; i < G_N_ELEMENTS (failure_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/ado/demo-server/failure/",
                                           failure_cases[i].name, NULL);
      add_test (path, &failure_cases[i], test_failure);
    }
  add_test ("/ado/demo-server/failure/silent", NULL, test_failure_silent);
  add_test ("/ado/demo-server/failure/slow-abandoned", NULL, test_failure_slow_abandoned);
  add_test ("/ado/demo-server/threads", NULL, test_threads);

  return g_test_run ();
}
