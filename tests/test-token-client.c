/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>

#include "ado-error.h"
#include "auth/ado-auth-session.h"
#include "auth/ado-authorization.h"
#include "auth/ado-loopback-listener.h"
#include "auth/ado-pkce.h"
#include "auth/ado-token-client.h"
#include "demo/ado-demo-server.h"

#include "ado-test-core.h"

/*
 * The token client and the whole sign-in session against the imitation
 * of Login with Amazon, including every way its token endpoint can fail.
 */

#define REDIRECT_URI "https://amazon.com"

typedef struct
{
  AdoDemoServer    *server;
  AdoTokenClient   *client;
  GMainLoop        *loop;
  AdoTokenResponse *response;
  GError           *error;
  gboolean          done;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token_url = NULL;

  f->server = ado_demo_server_new ();
  g_assert_true (ado_demo_server_start (f->server, &error));
  ado_demo_server_add_client (f->server, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                              (const char * const[]) { REDIRECT_URI, NULL });
  token_url = ado_demo_server_dup_token_url (f->server);
  f->client = ado_token_client_new (token_url);
  ado_token_client_set_retry_delay (f->client, 50);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  ado_demo_server_stop (f->server);
  g_assert_finalize_object (f->server);
  g_clear_pointer (&f->loop, g_main_loop_unref);
  g_clear_pointer (&f->response, ado_token_response_free);
  g_clear_error (&f->error);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fixture *f = user_data;

  f->response = ado_token_client_finish (ADO_TOKEN_CLIENT (object), result, &f->error);
  f->done = TRUE;
  g_main_loop_quit (f->loop);
}

static void
run (Fixture *f)
{
  ado_test_wait_for_flag (&f->done, "the token request");
  f->done = FALSE;
}

/* What the browser does on Amazon's page: returns the code */
static char *
authorize (Fixture    *f,
           const char *verifier)
{
  g_autofree char *auth_url = ado_demo_server_dup_auth_url (f->server);
  g_autofree char *challenge = ado_pkce_challenge_s256 (verifier);
  g_autofree char *url = ado_authorization_url_build (auth_url, ADO_DEMO_CLIENT_ID,
                                                      "advertising::campaign_management",
                                                      REDIRECT_URI, "st", challenge);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(AdoCallback) callback = NULL;
  const char *location;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  /* The imitation runs on its own thread: a blocking request is fine here */
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  callback = ado_callback_parse_pasted (location, "st", NULL);
  g_assert_nonnull (callback);

  return g_strdup (callback->code);
}

static const char *verifier = "k2rKHhv6yJ0ZpXsdl3Ms0Ed3rdSpBMm4rgRBIg8Sh1M-3aQ";

static void
exchange (Fixture    *f,
          const char *code,
          const char *secret)
{
  ado_token_client_exchange_code_async (f->client, ADO_DEMO_CLIENT_ID, secret, code,
                                        REDIRECT_URI, verifier, NULL, token_cb, f);
  run (f);
}

static void
assert_no_secret_in_error (Fixture *f)
{
  g_assert_nonnull (f->error);
  g_assert_null (strstr (f->error->message, ADO_DEMO_CLIENT_SECRET));
  g_assert_null (strstr (f->error->message, "Atz"));
  g_assert_null (strstr (f->error->message, verifier));
}

/* Tests */

static void
test_exchange_and_refresh (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *code = authorize (f, verifier);
  g_autofree char *refresh_token = NULL;
  g_autofree char *last_grant = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  exchange (f, code, ADO_DEMO_CLIENT_SECRET);
  g_assert_no_error (f->error);
  g_assert_true (g_str_has_prefix (f->response->access_token, "Atza|"));
  g_assert_true (g_str_has_prefix (f->response->refresh_token, "Atzr|"));
  g_assert_cmpint (f->response->expires_in, ==, 3600);
  g_assert_cmpstr (f->response->scope, ==, "advertising::campaign_management");
  g_assert_cmpint (f->response->obtained_at, >=, before);
  g_assert_true (ado_demo_server_check_access_token (f->server, f->response->access_token));
  last_grant = ado_demo_server_dup_last_grant_type (f->server);
  g_assert_cmpstr (last_grant, ==, "authorization_code");

  refresh_token = g_strdup (f->response->refresh_token);
  g_clear_pointer (&f->response, ado_token_response_free);

  ado_token_client_refresh_async (f->client, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                  refresh_token, NULL, token_cb, f);
  run (f);
  g_assert_no_error (f->error);
  g_assert_true (g_str_has_prefix (f->response->access_token, "Atza|"));
  g_assert_cmpstr (f->response->refresh_token, ==, refresh_token);

  /* Revoked: invalid_grant, said plainly */
  g_clear_pointer (&f->response, ado_token_response_free);
  ado_demo_server_revoke (f->server, refresh_token);
  ado_token_client_refresh_async (f->client, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                  refresh_token, NULL, token_cb, f);
  run (f);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_INVALID_GRANT);
  g_assert_nonnull (strstr (f->error->message, "Sign in again"));
  assert_no_secret_in_error (f);
}

static void
test_code_used_twice (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *code = authorize (f, verifier);

  exchange (f, code, ADO_DEMO_CLIENT_SECRET);
  g_assert_no_error (f->error);
  g_clear_pointer (&f->response, ado_token_response_free);

  exchange (f, code, ADO_DEMO_CLIENT_SECRET);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_INVALID_GRANT);
  g_assert_nonnull (strstr (f->error->message, "expired or was already used"));
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *code = authorize (f, verifier);

  exchange (f, code, "amzn1.oa2-cs.v1.not-the-secret");
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT);
  g_assert_nonnull (strstr (f->error->message, "client ID or the client secret"));
  g_assert_null (strstr (f->error->message, "not-the-secret"));
}

static void
test_retries_then_succeeds (Fixture       *f,
                            gconstpointer  data)
{
  static const AdoDemoFailure failures[] = {
    ADO_DEMO_FAILURE_TOKEN_SERVER_ERROR,
    ADO_DEMO_FAILURE_TOKEN_SERVICE_UNAVAILABLE,
    ADO_DEMO_FAILURE_TOKEN_RATE_LIMITED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autofree char *code = authorize (f, verifier);
      guint before = ado_demo_server_get_token_request_count (f->server);

      /* Two failures, then the answer: within the three attempts */
      ado_demo_server_fail_next (f->server, failures[i], 2);
      exchange (f, code, ADO_DEMO_CLIENT_SECRET);
      g_assert_no_error (f->error);
      g_assert_nonnull (f->response->access_token);
      g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server) - before, ==, 3);
      g_clear_pointer (&f->response, ado_token_response_free);
    }
}

static void
test_retries_are_bounded (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *code = authorize (f, verifier);
  guint before = ado_demo_server_get_token_request_count (f->server);

  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_TOKEN_SERVICE_UNAVAILABLE, 10);
  exchange (f, code, ADO_DEMO_CLIENT_SECRET);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_SERVER);
  g_assert_nonnull (strstr (f->error->message, "503"));
  g_assert_cmpuint (ado_error_get_http_status (f->error), ==, 503);
  g_assert_cmpuint (ado_demo_server_get_token_request_count (f->server) - before, ==, 3);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_NONE, 0);
}

static void
test_bad_answers (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    AdoDemoFailure failure;
    int            code;
    const char    *words;
  } cases[] = {
    { ADO_DEMO_FAILURE_TOKEN_MALFORMED_JSON, ADO_ERROR_BAD_RESPONSE, "not valid JSON" },
    { ADO_DEMO_FAILURE_TOKEN_WRONG_CONTENT_TYPE, ADO_ERROR_BAD_RESPONSE, "not valid JSON" },
    { ADO_DEMO_FAILURE_TOKEN_HUGE_BODY, ADO_ERROR_BAD_RESPONSE, "far larger" },
    { ADO_DEMO_FAILURE_TOKEN_TRUNCATED, ADO_ERROR_NETWORK, "127.0.0.1" },
    { ADO_DEMO_FAILURE_TOKEN_INVALID_GRANT, ADO_ERROR_INVALID_GRANT, "Sign in again" },
    { ADO_DEMO_FAILURE_TOKEN_INVALID_CLIENT, ADO_ERROR_INVALID_CLIENT, "client secret" },
    /* A token from wherever a redirect leads is not taken */
    { ADO_DEMO_FAILURE_TOKEN_REDIRECT, ADO_ERROR_BAD_RESPONSE, "HTTP 302" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = authorize (f, verifier);

      g_test_message ("failure %d", cases[i].failure);
      ado_demo_server_fail_next (f->server, cases[i].failure, 1);
      exchange (f, code, ADO_DEMO_CLIENT_SECRET);
      g_assert_null (f->response);
      g_assert_error (f->error, ADO_ERROR, cases[i].code);
      g_assert_nonnull (strstr (f->error->message, cases[i].words));
      assert_no_secret_in_error (f);
      g_clear_error (&f->error);
    }
}

static void
test_slow_and_silent (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *code = authorize (f, verifier);
  g_autofree char *code2 = NULL;
  gint64 start;

  ado_token_client_set_timeout (f->client, 1);

  ado_demo_server_set_slow_delay (f->server, 3000);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_TOKEN_SLOW, 1);
  start = g_get_monotonic_time ();
  exchange (f, code, ADO_DEMO_CLIENT_SECRET);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_NETWORK);
  g_assert_nonnull (strstr (f->error->message, "did not answer in time"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&f->error);

  code2 = authorize (f, verifier);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_TOKEN_SILENT, 1);
  exchange (f, code2, ADO_DEMO_CLIENT_SECRET);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_NETWORK);
}

/* A server that sends a byte at a time trips no per-read timeout: the
 * attempt's deadline ends it, as a network error */
static void
test_dribbling_answer (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *code = authorize (f, verifier);
  gint64 started;

  ado_token_client_set_deadline (f->client, 1500);
  ado_token_client_set_retry_delay (f->client, 10);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_TOKEN_DRIBBLE, 3);

  started = g_get_monotonic_time ();
  exchange (f, code, ADO_DEMO_CLIENT_SECRET);
  g_assert_null (f->response);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_NETWORK);
  g_assert_nonnull (strstr (f->error->message, "whole answer within 2 seconds"));
  /* One attempt: a slow answer is no reason to ask again */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 30 * G_USEC_PER_SEC);
  assert_no_secret_in_error (f);
}

static void
test_nobody_listens (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AdoTokenClient) client = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  /* A port that was bound and is closed again: nobody answers there */
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/auth/o2/token",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  client = ado_token_client_new (url);
  ado_token_client_refresh_async (client, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                  "Atzr|x", NULL, token_cb, f);
  run (f);
  g_assert_error (f->error, ADO_ERROR, ADO_ERROR_NETWORK);
  g_assert_nonnull (strstr (f->error->message, "Could not reach 127.0.0.1"));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *code = authorize (f, verifier);

  ado_demo_server_set_slow_delay (f->server, 5000);
  ado_demo_server_fail_next (f->server, ADO_DEMO_FAILURE_TOKEN_SLOW, 1);
  ado_token_client_exchange_code_async (f->client, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                        code, REDIRECT_URI, verifier, cancellable, token_cb, f);
  g_cancellable_cancel (cancellable);
  run (f);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_response_parse (void)
{
  static const char *bad[] = {
    "",
    "[]",
    "{}",
    "{\"access_token\": 5}",
    "{\"access_token\": \"has space\"}",
    "{\"access_token\": \"Atza|x\", \"token_type\": \"mac\"}",
    "{\"access_token\": \"Atza|x\", \"expires_in\": -5}",
    "{\"access_token\": \"Atza|x\", \"expires_in\": 9999999999}",
    "{\"access_token\": \"Atza|x\", \"expires_in\": 0.5}",
    "{\"access_token\": \"Atza|x\", \"expires_in\": 1e300}",
    "{\"access_token\": \"Atza|x\", \"refresh_token\": \"\"}",
    "{\"access_token\": \"Atza|x\"",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoTokenResponse) good = NULL;
  const char *text = "{\"access_token\":\"Atza|abc\",\"token_type\":\"Bearer\",\"expires_in\":\"60\","
                     "\"unknown\":[1,2,{}]}";

  good = ado_token_response_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (good->access_token, ==, "Atza|abc");

  /* Found by fuzzing: json-glib passes a lone surrogate on as invalid UTF-8 */
  {
    const char *odd = "{\"access_token\":\"Atza|x\",\"scope\":\"advertising\\ud800!\"}";
    g_autoptr(AdoTokenResponse) parsed = ado_token_response_parse (odd, strlen (odd), &error);

    g_assert_no_error (error);
    g_assert_null (parsed->scope);
  }
  g_assert_null (good->refresh_token);
  g_assert_cmpint (good->expires_in, ==, 60);

  /* Any JSON number: 3600.5 seconds is 3600 */
  {
    const char *fraction = "{\"access_token\":\"Atza|x\",\"expires_in\":3600.5}";
    g_autoptr(AdoTokenResponse) parsed = ado_token_response_parse (fraction, strlen (fraction),
                                                                   &error);

    g_assert_no_error (error);
    g_assert_cmpint (parsed->expires_in, ==, 3600);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) parse_error = NULL;
      AdoTokenResponse *none;

      g_test_message ("body %s", bad[i]);
      none = ado_token_response_parse (bad[i], strlen (bad[i]), &parse_error);
      g_assert_null (none);
      g_assert_error (parse_error, ADO_ERROR, ADO_ERROR_BAD_RESPONSE);
    }
}

/* The whole attempt: prepare, answer pasted, exchange */
typedef struct
{
  AdoTokenResponse *tokens;
  GError           *error;
  gboolean          done;
} SessionRun;

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SessionRun *r = user_data;

  r->tokens = ado_auth_session_run_finish (ADO_AUTH_SESSION (object), result, &r->error);
  r->done = TRUE;
}

static void
test_session_pasted (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *auth_url = ado_demo_server_dup_auth_url (f->server);
  g_autofree char *token_url = ado_demo_server_dup_token_url (f->server);
  g_autoptr(AdoAuthSession) session = ado_auth_session_new (ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                                            REDIRECT_URI,
                                                            "advertising::campaign_management",
                                                            auth_url, token_url);
  g_autoptr(SoupSession) http = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SessionRun r = { NULL, NULL, FALSE };

  g_assert_true (ado_auth_session_prepare (session, &error));
  /* https return URL: nobody listens, the address bar is the way back */
  g_assert_false (ado_auth_session_get_listening (session));
  g_assert_cmpint (ado_auth_session_get_state (session), ==, ADO_AUTH_STATE_IDLE);

  g_assert_false (ado_auth_session_submit_pasted (session, "https://amazon.com/?code=x&state=y", &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_FAILED);
  g_clear_error (&error);

  ado_auth_session_run_async (session, 30, NULL, session_cb, &r);
  g_assert_cmpint (ado_auth_session_get_state (session), ==, ADO_AUTH_STATE_WAITING);
  g_assert_cmpint (ado_auth_session_get_deadline (session), >, g_get_monotonic_time ());

  msg = soup_message_new ("GET", ado_auth_session_get_authorization_url (session));
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (http, msg, NULL, NULL);

  /* Another attempt's answer is refused, and the wait goes on */
  g_assert_false (ado_auth_session_submit_pasted (session, "https://amazon.com/?code=x&state=old", &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_STATE_MISMATCH);
  g_assert_cmpint (ado_auth_session_get_state (session), ==, ADO_AUTH_STATE_WAITING);

  g_assert_true (ado_auth_session_submit_pasted (session,
                                                 soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                               "Location"),
                                                 NULL));
  ado_test_wait_for_flag (&r.done, "the sign-in");

  g_assert_no_error (r.error);
  g_assert_true (g_str_has_prefix (r.tokens->refresh_token, "Atzr|"));
  g_assert_cmpstr (r.tokens->scope, ==, "advertising::campaign_management");
  g_assert_cmpint (ado_auth_session_get_state (session), ==, ADO_AUTH_STATE_DONE);
  /* The same return URL went into both requests */
  {
    g_autofree char *last = ado_demo_server_dup_last_redirect_uri (f->server);
    g_assert_cmpstr (last, ==, REDIRECT_URI);
  }
  ado_token_response_free (r.tokens);
}

static void
test_session_timeout_and_cancel (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *auth_url = ado_demo_server_dup_auth_url (f->server);
  g_autofree char *token_url = ado_demo_server_dup_token_url (f->server);
  g_autoptr(AdoAuthSession) timed = ado_auth_session_new (ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                                          REDIRECT_URI, "advertising::campaign_management",
                                                          auth_url, token_url);
  g_autoptr(AdoAuthSession) cancelled = ado_auth_session_new (ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                                              REDIRECT_URI, "advertising::campaign_management",
                                                              auth_url, token_url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SessionRun r1 = { NULL, NULL, FALSE };
  SessionRun r2 = { NULL, NULL, FALSE };

  g_assert_true (ado_auth_session_prepare (timed, NULL));
  g_assert_true (ado_auth_session_prepare (cancelled, NULL));
  ado_auth_session_run_async (timed, 1, NULL, session_cb, &r1);
  ado_auth_session_run_async (cancelled, 60, cancellable, session_cb, &r2);
  g_cancellable_cancel (cancellable);

  ado_test_wait_for_flag (&r1.done, "the sign-in that times out");
  ado_test_wait_for_flag (&r2.done, "the sign-in that is cancelled");

  g_assert_error (r1.error, ADO_ERROR, ADO_ERROR_TIMED_OUT);
  /* Nothing was pasted: no claim that a code expired */
  g_assert_nonnull (strstr (r1.error->message, "No address was pasted"));
  g_assert_null (strstr (r1.error->message, "expired"));
  g_assert_cmpint (ado_auth_session_get_state (timed), ==, ADO_AUTH_STATE_FAILED);
  g_assert_error (r2.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r1.error);
  g_clear_error (&r2.error);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
spin_ms (Fixture *f,
         guint    ms)
{
  g_timeout_add (ms, quit_cb, f->loop);
  g_main_loop_run (f->loop);
}

/* Amazon's consent page answered: the address the browser would show */
static char *
dup_answer (AdoAuthSession *session)
{
  g_autoptr(SoupSession) http = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", ado_auth_session_get_authorization_url (session));
  g_autoptr(GBytes) body = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  body = soup_session_send_and_read (http, msg, NULL, NULL);
  return g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Location"));
}

static void
run_session (SessionRun *r)
{
  ado_test_wait_for_flag (&r->done, "the sign-in");
}

/*
 * A code lives five minutes from the moment Amazon issues it, not from the
 * start of the sign-in: a slow login (two-step verification) must still
 * work, and the default wait is long enough for one. Here a code lives one
 * second and the person takes longer than that before choosing Allow.
 */
static void
test_session_slow_login (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *auth_url = ado_demo_server_dup_auth_url (f->server);
  g_autofree char *token_url = ado_demo_server_dup_token_url (f->server);
  g_autoptr(AdoAuthSession) slow = ado_auth_session_new (ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                                         REDIRECT_URI,
                                                         "advertising::campaign_management",
                                                         auth_url, token_url);
  g_autoptr(AdoAuthSession) late = ado_auth_session_new (ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                                                         REDIRECT_URI,
                                                         "advertising::campaign_management",
                                                         auth_url, token_url);
  g_autofree char *answer = NULL;
  g_autofree char *late_answer = NULL;
  SessionRun r1 = { NULL, NULL, FALSE };
  SessionRun r2 = { NULL, NULL, FALSE };
  gint64 wait;

  g_assert_cmpint (ADO_DEFAULT_TIMEOUT_SECONDS, >=, 600);
  ado_demo_server_set_code_lifetime (f->server, 1);

  /* The default wait: at least ten minutes */
  g_assert_true (ado_auth_session_prepare (slow, NULL));
  ado_auth_session_run_async (slow, 0, NULL, session_cb, &r1);
  wait = ado_auth_session_get_deadline (slow) - g_get_monotonic_time ();
  g_assert_cmpint (wait, >, 600 * G_USEC_PER_SEC);
  g_assert_cmpint (wait, <=, (gint64)ADO_DEFAULT_TIMEOUT_SECONDS * G_USEC_PER_SEC);

  /* Longer than a code lives before Allow; the code is issued, then pasted at once */
  spin_ms (f, 1500);
  g_assert_cmpint (ado_auth_session_get_state (slow), ==, ADO_AUTH_STATE_WAITING);
  answer = dup_answer (slow);
  g_assert_nonnull (answer);
  g_assert_true (ado_auth_session_submit_pasted (slow, answer, NULL));
  run_session (&r1);
  g_assert_no_error (r1.error);
  g_assert_nonnull (r1.tokens);
  ado_token_response_free (r1.tokens);

  /* A code pasted after it expired: Amazon's invalid_grant, said as it is */
  g_assert_true (ado_auth_session_prepare (late, NULL));
  ado_auth_session_run_async (late, 0, NULL, session_cb, &r2);
  late_answer = dup_answer (late);
  spin_ms (f, 1500);
  g_assert_true (ado_auth_session_submit_pasted (late, late_answer, NULL));
  run_session (&r2);
  g_assert_error (r2.error, ADO_ERROR, ADO_ERROR_INVALID_GRANT);
  g_assert_nonnull (strstr (r2.error->message, "expired or was already used"));
  g_clear_error (&r2.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/token-client/exchange-and-refresh", test_exchange_and_refresh);
  ADD ("/ado/token-client/code-used-twice", test_code_used_twice);
  ADD ("/ado/token-client/wrong-secret", test_wrong_secret);
  ADD ("/ado/token-client/retries-then-succeeds", test_retries_then_succeeds);
  ADD ("/ado/token-client/retries-are-bounded", test_retries_are_bounded);
  ADD ("/ado/token-client/bad-answers", test_bad_answers);
  ADD ("/ado/token-client/slow-and-silent", test_slow_and_silent);
  ADD ("/ado/token-client/dribbling-answer", test_dribbling_answer);
  ADD ("/ado/token-client/nobody-listens", test_nobody_listens);
  ADD ("/ado/token-client/cancel", test_cancel);
  g_test_add_func ("/ado/token-client/response-parse", test_response_parse);
  ADD ("/ado/token-client/session-pasted", test_session_pasted);
  ADD ("/ado/token-client/session-timeout-and-cancel", test_session_timeout_and_cancel);
  ADD ("/ado/token-client/session-slow-login", test_session_slow_login);

  return g_test_run ();
}
