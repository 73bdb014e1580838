/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include <libsoup/soup.h>

#include "ado-test-core.h"

#include "auth/ado-auth-session.h"
#include "service/ado-connection.h"

/* What every test shares, without GTK (see the header) */

#define DEFAULT_GUARD_SECONDS 20
#define POLL_TIMEOUT_SECONDS  60

static guint guard_seconds = DEFAULT_GUARD_SECONDS;
static guint watchdog_seconds;
static const char *watchdog_program;
static GString *captured_logs;

/* --- waiting on the main loop ---------------------------------------------------------- */

static gboolean
guard_cb (gpointer data)
{
  g_error ("Timed out after %u s waiting for %s", guard_seconds, (const char *)data);
  return G_SOURCE_REMOVE;
}

void
ado_test_set_guard_seconds (guint seconds)
{
  guard_seconds = seconds;
}

void
ado_test_run_until (AdoTestCondition  condition,
                    gpointer          data,
                    const char       *what)
{
  guint guard = 0;

  if (guard_seconds > 0)
    guard = g_timeout_add_seconds (guard_seconds, guard_cb, (gpointer)what);
  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);
  if (guard != 0)
    g_source_remove (guard);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(const gboolean *)data;
}

void
ado_test_wait_for_flag (const gboolean *done,
                        const char     *what)
{
  ado_test_run_until (flag_is_set, (gpointer)done, what);
}

void
ado_test_result_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static gboolean
result_is_set (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

void
ado_test_wait_for (GAsyncResult **result)
{
  ado_test_run_until (result_is_set, result, "an asynchronous call to finish");
}

static gboolean
watchdog_cb (gpointer data)
{
  g_printerr ("%s: no answer within %u s\n", watchdog_program, watchdog_seconds);
  exit (124);
}

void
ado_test_exit_after (guint       seconds,
                     const char *program)
{
  watchdog_seconds = seconds;
  watchdog_program = program;
  guard_seconds = 0;
  g_timeout_add_seconds (seconds, watchdog_cb, NULL);
}

/* --- waiting for what happens outside the main loop ------------------------------------ */

static gboolean
timeout_cb (gpointer data)
{
  gboolean *flag = data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

void
ado_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
ado_test_wait_until (AdoTestCondition  condition,
                     gpointer          data,
                     const char       *what)
{
  gint64 deadline = g_get_monotonic_time () + POLL_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

gboolean
ado_test_file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* --- the log ---------------------------------------------------------------------------- */

static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if (captured_logs != NULL)
    {
      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_str_equal (fields[i].key, "MESSAGE"))
            {
              g_string_append_len (captured_logs, fields[i].value, fields[i].length);
              g_string_append_c (captured_logs, '\n');
            }
        }
    }

  /* Debug messages are only collected: stdout carries TAP */
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
ado_test_log_capture_init (void)
{
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_log_set_debug_enabled (TRUE);
}

void
ado_test_log_capture_start (void)
{
  g_assert_null (captured_logs);
  captured_logs = g_string_new (NULL);
}

char *
ado_test_log_capture_stop (void)
{
  g_assert_nonnull (captured_logs);
  return g_string_free (g_steal_pointer (&captured_logs), FALSE);
}

/* --- ports, folders ---------------------------------------------------------------------- */

static gboolean
port_is_free (int port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return g_socket_bind (socket, address, TRUE, NULL);
}

/**
 * ado_test_free_port:
 *
 * Returns: a TCP port on 127.0.0.1 that nothing listens on right now, nor
 *   on the next one (the spare return URL's). Below the ports the system
 *   gives outgoing connections: no client of a test running beside (some
 *   open a thousand) takes it meanwhile.
 */
int
ado_test_free_port (void)
{
  g_autofree char *range = NULL;
  int lowest_ephemeral = 32768;

  if (g_file_get_contents ("/proc/sys/net/ipv4/ip_local_port_range", &range, NULL, NULL))
    lowest_ephemeral = MAX (atoi (range), 12000);

  for (guint i = 0; i < 1000; i++)
    {
      int port = g_random_int_range (10000, lowest_ephemeral - 1);

      if (port_is_free (port) && port_is_free (port + 1))
        return port;
    }

  g_error ("No two free ports in a row below %d", lowest_ephemeral);
}

void
ado_test_remove_dir (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* --- the browser, HTTP, the keyring ------------------------------------------------------ */

void
ado_test_use_capturing_browser (const char *out_path)
{
  g_autofree char *quoted = g_shell_quote (out_path);
  g_autofree char *command = g_strdup_printf ("sh -c 'printf %%s \"$1\" > %s' sh", quoted);

  g_setenv ("ADS_ONBOARDING_BROWSER", command, TRUE);
}

static gboolean
browser_wrote (gpointer data)
{
  const char *out_path = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (out_path, &contents, NULL, NULL) && contents[0] != '\0';
}

char *
ado_test_wait_for_browser (const char *out_path)
{
  char *contents = NULL;

  ado_test_wait_until (browser_wrote, (gpointer)out_path, "the browser command");
  g_assert_true (g_file_get_contents (out_path, &contents, NULL, NULL));
  return contents;
}

typedef struct
{
  AdoTestFetch *result;
  gboolean      done;
} FetchState;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  FetchState *state = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  state->result->status = soup_message_get_status (msg);
  state->result->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  if (body != NULL)
    state->result->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  state->done = TRUE;
}

static gboolean
fetch_done (gpointer data)
{
  return ((FetchState *)data)->done;
}

AdoTestFetch
ado_test_fetch (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  AdoTestFetch result = { 0, NULL, NULL };
  FetchState state = { &result, FALSE };

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, fetch_cb, &state);
  ado_test_wait_until (fetch_done, &state, "the HTTP request");
  return result;
}

void
ado_test_fetch_clear (AdoTestFetch *fetch)
{
  g_clear_pointer (&fetch->location, g_free);
  g_clear_pointer (&fetch->body, g_free);
}

char *
ado_test_lookup_secret (const char *kind,
                        const char *attribute,
                        const char *value)
{
  const char *argv[] = { "secret-tool", "lookup", "kind", kind, attribute, value, NULL };
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, NULL, &status, NULL));
  return g_strstrip (g_steal_pointer (&out));
}

/* --- the keyring as another tool sees it, a sign-in -------------------------------------- */

/* Written out here, not taken from the store: the tests check the store's
 * items against what they expect */
const SecretSchema *
ado_test_keyring_schema (void)
{
  static const SecretSchema any_schema = {
    ADO_CREDENTIAL_SCHEMA_NAME,
    SECRET_SCHEMA_DONT_MATCH_NAME,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "client_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "region", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "expires_at", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "demo", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &any_schema;
}

GList *
ado_test_keyring_find (const char *kind,
                       const char *client_id,
                       const char *account_id)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;

  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer)"kind", (gpointer)kind);
  if (client_id != NULL)
    g_hash_table_insert (attributes, (gpointer)"client_id", (gpointer)client_id);
  if (account_id != NULL)
    g_hash_table_insert (attributes, (gpointer)"account_id", (gpointer)account_id);

  /* The async call: libsecret's _sync one leaks */
  secret_password_searchv (ado_test_keyring_schema (), attributes, SECRET_SEARCH_ALL, NULL,
                           ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  items = secret_password_search_finish (result, &error);
  g_assert_no_error (error);

  return items;
}

guint
ado_test_keyring_count (const char *kind,
                        const char *client_id,
                        const char *account_id)
{
  GList *items = ado_test_keyring_find (kind, client_id, account_id);
  guint n = g_list_length (items);

  g_list_free_full (items, g_object_unref);
  return n;
}

void
ado_test_keyring_clear_client (const char *client_id)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GAsyncResult) result = NULL;

  g_hash_table_insert (attributes, (gpointer)"client_id", (gpointer)client_id);
  secret_password_clearv (ado_test_keyring_schema (), attributes, NULL,
                          ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  secret_password_clear_finish (result, NULL);
}

char *
ado_test_new_client_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_auto(GStrv) parts = g_strsplit (uuid, "-", -1);
  g_autofree char *hex = g_strjoinv ("", parts);

  return g_strconcat ("amzn1.application-oa2-client.", hex, NULL);
}

AdoAccount *
ado_test_sign_in (AdoDemoServer      *server,
                  AdoCredentialStore *store,
                  AdoAccountRegistry *registry,
                  const char         *client_id,
                  const char         *name)
{
  g_autofree char *auth_url = ado_demo_server_dup_auth_url (server);
  g_autofree char *token_url = ado_demo_server_dup_token_url (server);
  g_autoptr(AdoAuthSession) session = NULL;
  g_autoptr(SoupSession) http = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdoConnectionDetails details = { 0 };
  AdoTokenResponse *tokens;
  AdoAccount *account;
  const char *location;

  session = ado_auth_session_new (client_id, ADO_DEMO_CLIENT_SECRET, ADO_TEST_REDIRECT_URI,
                                  ADO_TEST_SCOPE, auth_url, token_url);
  g_assert_true (ado_auth_session_prepare (session, &error));
  g_assert_no_error (error);
  ado_auth_session_run_async (session, 30, NULL, ado_test_result_cb, &result);

  msg = soup_message_new ("GET", ado_auth_session_get_authorization_url (session));
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  /* The imitation runs on its own thread: a blocking request is fine here */
  body = soup_session_send_and_read (http, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  g_assert_true (ado_auth_session_submit_pasted (session, location, &error));
  g_assert_no_error (error);

  ado_test_wait_for (&result);
  tokens = ado_auth_session_run_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  g_clear_object (&result);

  details.name = name;
  details.client_id = client_id;
  details.client_secret = ADO_DEMO_CLIENT_SECRET;
  details.region = "na";
  details.redirect_uri = ADO_TEST_REDIRECT_URI;
  ado_connection_save_async (store, registry, &details, tokens, NULL, ado_test_result_cb,
                             &result);
  ado_test_wait_for (&result);
  account = ado_connection_save_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);

  return account;
}
