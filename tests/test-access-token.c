/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ado-error.h"
#include "cli/ado-cli-remedy.h"
#include "ads/ado-endpoints.h"
#include "demo/ado-demo-server.h"
#include "service/ado-access-token.h"
#include "store/ado-account-registry.h"
#include "store/ado-credential-store.h"
#include "service/ado-export-collect.h"
#include "service/ado-forget.h"

#include "ado-test-core.h"

/*
 * Access tokens from the cache or a refresh, and forgetting accounts,
 * against the imitation of Login with Amazon (on its own thread) and the
 * real keyring of the test harness (build-aux/test.sh). Accounts are made
 * by real sign-ins (the address pasted, as from a browser). Every test
 * uses client IDs of its own, so tests running at the same time do not
 * meet, and removes its items.
 *
 * Two processes refreshing at once: access-token-helper.
 */

#define TIMEOUT_SECONDS 30
#define REDIRECT_URI    ADO_TEST_REDIRECT_URI
#define SCOPE           ADO_TEST_SCOPE
#define SECRET          ADO_DEMO_CLIENT_SECRET

/* One imitation for the whole program: ADS_ONBOARDING_TOKEN_URL points to it */
static AdoDemoServer *server;

typedef struct
{
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  char               *dir;
  char               *registry_path;
  char               *client_id;
  char               *other_client_id;
} Fixture;

/* A client ID that no other test uses, known to the imitation */
static char *
new_client_id (void)
{
  char *client_id = ado_test_new_client_id ();

  ado_demo_server_add_client (server, client_id, SECRET,
                              (const char * const[]) { REDIRECT_URI, NULL });
  return client_id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  f->dir = g_dir_make_tmp ("ado-access-token-XXXXXX", &error);
  g_assert_no_error (error);
  f->registry_path = g_build_filename (f->dir, "accounts.ini", NULL);
  file = g_file_new_for_path (f->registry_path);
  f->registry = ado_account_registry_new_for_file (file);
  f->store = ado_credential_store_new (FALSE);
  f->client_id = new_client_id ();
  f->other_client_id = new_client_id ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ado_test_keyring_clear_client (f->client_id);
  ado_test_keyring_clear_client (f->other_client_id);
  ado_demo_server_set_access_token_lifetime (server, 3600);
  ado_demo_server_set_omit_refresh_token_on_refresh (server, FALSE);

  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->registry);
  g_unlink (f->registry_path);
  g_rmdir (f->dir);
  g_free (f->registry_path);
  g_free (f->dir);
  g_free (f->client_id);
  g_free (f->other_client_id);
}

/* A sign-in as a person makes it. Returns the new account (a reference). */
static AdoAccount *
sign_in (Fixture    *f,
         const char *client_id,
         const char *name)
{
  return ado_test_sign_in (server, f->store, f->registry, client_id, name);
}

static char *
get_token (Fixture     *f,
           AdoAccount  *account,
           gboolean     force,
           gint64      *expires_at,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_access_token_get_async (f->store, f->registry, account, force, NULL, ado_test_result_cb,
                              &result);
  ado_test_wait_for (&result);

  return ado_access_token_get_finish (result, expires_at, error);
}

static char *
lookup (Fixture       *f,
        AdoSecretKind  kind,
        const char    *client_id,
        const char    *account_id,
        gint64        *expires_at)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  ado_credential_store_lookup_async (f->store, kind, client_id, account_id, NULL,
                                     ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  secret = ado_credential_store_lookup_finish (f->store, result, expires_at, &error);
  g_assert_no_error (error);

  return secret;
}

static void
store_secret (Fixture       *f,
              AdoSecretKind  kind,
              AdoAccount    *account,
              gint64         expires_at,
              const char    *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ado_credential_store_store_async (f->store, kind, ado_account_get_client_id (account),
                                    ado_account_get_id (account), ado_account_get_region (account),
                                    expires_at, secret, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  g_assert_true (ado_credential_store_store_finish (f->store, result, &error));
  g_assert_no_error (error);
}

static gint64
peek (Fixture    *f,
      AdoAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 expires_at = -1;

  ado_access_token_peek_async (f->store, account, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  g_assert_true (ado_access_token_peek_finish (result, &expires_at, &error));
  g_assert_no_error (error);

  return expires_at;
}

static gboolean
forget (Fixture     *f,
        AdoAccount  *account,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_account_forget_async (f->store, f->registry, account, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_account_forget_finish (result, error);
}

/* The registry as another process would read it from the file */
static AdoAccountRegistry *
read_registry (Fixture *f)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->registry_path);
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (file);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ado_account_registry_load_async (registry, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  g_assert_true (ado_account_registry_load_finish (registry, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&registry);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Tests */

static void
test_is_fresh (void)
{
  g_assert_true (ado_access_token_is_fresh (1000 + 3600, 1000));
  g_assert_true (ado_access_token_is_fresh (1000 + 301, 1000));
  g_assert_false (ado_access_token_is_fresh (1000 + 300, 1000));
  g_assert_false (ado_access_token_is_fresh (1000 + 200, 1000));
  g_assert_false (ado_access_token_is_fresh (900, 1000));
  g_assert_false (ado_access_token_is_fresh (0, 1000));
}

static void
test_cached (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AdoAccount) account = sign_in (f, f->client_id, NULL);
  const char *id = ado_account_get_id (account);
  g_autoptr(AdoSecret) stored = NULL;
  g_autoptr(AdoSecret) token = NULL;
  g_autoptr(AdoSecret) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 stored_expires_at = 0;
  gint64 expires_at = 0;
  guint requests;

  stored = lookup (f, ADO_SECRET_KIND_ACCESS_TOKEN, f->client_id, id, &stored_expires_at);
  g_assert_nonnull (stored);
  g_assert_cmpint (stored_expires_at, >, now () + 3500);

  requests = ado_demo_server_get_token_request_count (server);
  token = get_token (f, account, FALSE, &expires_at, &error);
  g_assert_no_error (error);
  again = get_token (f, account, FALSE, NULL, &error);
  g_assert_no_error (error);

  /* The sign-in's token, twice, and not a single request */
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests);
  g_assert_cmpstr (token, ==, stored);
  g_assert_cmpstr (again, ==, stored);
  g_assert_cmpint (expires_at, ==, stored_expires_at);
  g_assert_true (ado_demo_server_check_access_token (server, token));

  /* The expiry without the token, for the window */
  g_assert_cmpint (peek (f, account), ==, stored_expires_at);
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests);
}

static void
test_refresh_when_expiring (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AdoAccount) account = NULL;
  g_autoptr(AdoSecret) old_token = NULL;
  g_autoptr(AdoSecret) refresh_token = NULL;
  g_autoptr(AdoSecret) token = NULL;
  g_autoptr(AdoSecret) stored = NULL;
  g_autoptr(AdoSecret) refresh_after = NULL;
  g_autoptr(AdoSecret) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 old_expires_at = 0;
  gint64 expires_at = 0;
  gint64 stored_expires_at = 0;
  gint64 before;
  guint requests;
  const char *id;

  /* A sign-in whose access token has less than five minutes left */
  ado_demo_server_set_access_token_lifetime (server, 200);
  account = sign_in (f, f->client_id, NULL);
  id = ado_account_get_id (account);
  ado_demo_server_set_access_token_lifetime (server, 3600);
  old_token = lookup (f, ADO_SECRET_KIND_ACCESS_TOKEN, f->client_id, id, &old_expires_at);
  refresh_token = lookup (f, ADO_SECRET_KIND_REFRESH_TOKEN, f->client_id, id, NULL);
  g_assert_cmpint (old_expires_at, <=, now () + 200);

  requests = ado_demo_server_get_token_request_count (server);
  before = now ();
  token = get_token (f, account, FALSE, &expires_at, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  /* One request; a new token, valid at Amazon, kept with its expiry */
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests + 1);
  g_assert_cmpstr (token, !=, old_token);
  g_assert_true (ado_demo_server_check_access_token (server, token));
  g_assert_cmpint (expires_at, >=, before + 3600);
  g_assert_cmpint (expires_at, <=, now () + 3600);
  stored = lookup (f, ADO_SECRET_KIND_ACCESS_TOKEN, f->client_id, id, &stored_expires_at);
  g_assert_cmpstr (stored, ==, token);
  g_assert_cmpint (stored_expires_at, ==, expires_at);
  g_assert_cmpuint (ado_test_keyring_count ("access-token", f->client_id, id), ==, 1);
  refresh_after = lookup (f, ADO_SECRET_KIND_REFRESH_TOKEN, f->client_id, id, NULL);
  g_assert_cmpstr (refresh_after, ==, refresh_token);
  g_assert_cmpuint (ado_test_keyring_count ("refresh-token", f->client_id, id), ==, 1);
  g_assert_cmpint (ado_account_get_state (account), ==, ADO_ACCOUNT_STATE_OK);

  /* Now it is fresh: from the cache */
  again = get_token (f, account, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, token);
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests + 1);
  g_clear_pointer (&again, ado_secret_free);
  g_clear_pointer (&token, ado_secret_free);

  /* An access token that expired an hour ago: refreshed as well */
  store_secret (f, ADO_SECRET_KIND_ACCESS_TOKEN, account, now () - 3600, "Atza|expired");
  g_assert_cmpint (peek (f, account), <, now ());
  token = get_token (f, account, FALSE, &expires_at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, !=, "Atza|expired");
  g_assert_true (ado_demo_server_check_access_token (server, token));
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests + 2);
  g_assert_cmpuint (ado_test_keyring_count ("access-token", f->client_id, id), ==, 1);
  g_assert_cmpint (peek (f, account), ==, expires_at);
}

static void
test_keeps_refresh_token (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(AdoAccount) account = sign_in (f, f->client_id, NULL);
  const char *id = ado_account_get_id (account);
  g_autoptr(AdoSecret) refresh_token = NULL;
  g_autoptr(AdoSecret) refresh_after = NULL;
  g_autoptr(AdoSecret) cached = NULL;
  g_autoptr(AdoSecret) token = NULL;
  g_autoptr(AdoSecret) next = NULL;
  g_autoptr(GError) error = NULL;
  guint requests = ado_demo_server_get_token_request_count (server);

  refresh_token = lookup (f, ADO_SECRET_KIND_REFRESH_TOKEN, f->client_id, id, NULL);
  cached = lookup (f, ADO_SECRET_KIND_ACCESS_TOKEN, f->client_id, id, NULL);

  /* Amazon answers a refresh without a refresh token: the old one stays */
  ado_demo_server_set_omit_refresh_token_on_refresh (server, TRUE);
  token = get_token (f, account, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests + 1);
  g_assert_cmpstr (token, !=, cached);
  refresh_after = lookup (f, ADO_SECRET_KIND_REFRESH_TOKEN, f->client_id, id, NULL);
  g_assert_cmpstr (refresh_after, ==, refresh_token);
  g_assert_cmpuint (ado_test_keyring_count ("refresh-token", f->client_id, id), ==, 1);

  /* … and still works */
  ado_demo_server_set_omit_refresh_token_on_refresh (server, FALSE);
  next = get_token (f, account, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next, !=, token);
  g_assert_true (ado_demo_server_check_access_token (server, next));
  g_assert_cmpuint (ado_test_keyring_count ("access-token", f->client_id, id), ==, 1);
}

static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AdoAccount) account = sign_in (f, f->client_id, "Revoked");
  g_autoptr(AdoAccount) other = sign_in (f, f->client_id, "Still fine");
  const char *id = ado_account_get_id (account);
  const char *other_id = ado_account_get_id (other);
  g_autoptr(AdoSecret) refresh_token = NULL;
  g_autoptr(AdoSecret) token = NULL;
  g_autoptr(AdoAccountRegistry) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("ads-onboarding --authorize --account %s", id);
  g_autofree char *cli_text = NULL;
  g_autofree char *expected = NULL;

  refresh_token = lookup (f, ADO_SECRET_KIND_REFRESH_TOKEN, f->client_id, id, NULL);

  /* The Amazon user removed the app's access */
  ado_demo_server_revoke (server, refresh_token);
  token = get_token (f, account, TRUE, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_GRANT);
  g_assert_nonnull (strstr (error->message, "revoked or expired"));
  g_assert_null (strstr (error->message, "Atz"));
  /* The core says what happened; the command line adds its command */
  g_assert_null (strstr (error->message, "ads-onboarding"));
  g_assert_null (strstr (error->message, "Reconnect"));
  g_assert_cmpint (ado_error_get_action (error), ==, ADO_ERROR_ACTION_RECONNECT);
  g_assert_cmpstr (ado_error_get_account_id (error), ==, id);
  cli_text = ado_cli_error_message (error);
  expected = g_strdup_printf ("Amazon no longer accepts the sign-in of account %s: access was "
                              "revoked or expired; reconnect with “%s” or the Reconnect button.",
                              id, command);
  g_assert_cmpstr (cli_text, ==, expected);

  /* Recorded in the registry, for this account only */
  g_assert_cmpint (ado_account_get_state (account), ==, ADO_ACCOUNT_STATE_RECONNECT_NEEDED);
  reread = read_registry (f);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (reread), ==, 2);
  g_assert_cmpint (ado_account_get_state (ado_account_registry_get_account (reread, id)), ==,
                   ADO_ACCOUNT_STATE_RECONNECT_NEEDED);
  g_assert_cmpint (ado_account_get_state (ado_account_registry_get_account (reread, other_id)),
                   ==, ADO_ACCOUNT_STATE_OK);

  /* Nothing was deleted: a reconnect replaces it */
  g_assert_cmpuint (ado_test_keyring_count ("refresh-token", f->client_id, id), ==, 1);
}

static void
test_invalid_client (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AdoAccount) account = sign_in (f, f->client_id, NULL);
  g_autoptr(AdoSecret) token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cli_text = NULL;

  ado_demo_server_fail_next (server, ADO_DEMO_FAILURE_TOKEN_INVALID_CLIENT, 1);
  token = get_token (f, account, TRUE, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT);
  cli_text = ado_cli_error_message (error);
  g_assert_nonnull (strstr (cli_text, "--set-client-secret"));
  g_assert_nonnull (strstr (cli_text, f->client_id));
  g_assert_null (strstr (cli_text, SECRET));
  g_assert_cmpint (ado_account_get_state (account), ==, ADO_ACCOUNT_STATE_OK);
}

static void
test_missing_client_secret (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AdoAccount) account = sign_in (f, f->client_id, NULL);
  g_autoptr(AdoSecret) token = NULL;
  g_autoptr(AdoSecret) cached = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cli_text = NULL;
  guint requests = ado_demo_server_get_token_request_count (server);

  ado_credential_store_clear_async (f->store, ADO_SECRET_KIND_CLIENT_SECRET, f->client_id, NULL,
                                    NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  g_assert_true (ado_credential_store_clear_finish (f->store, result, &error));
  g_assert_no_error (error);

  /* The cached token needs no secret */
  cached = get_token (f, account, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cached);

  token = get_token (f, account, TRUE, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_MISSING_CLIENT_SECRET);
  cli_text = ado_cli_error_message (error);
  g_assert_nonnull (strstr (cli_text, "ads-onboarding --set-client-secret"));
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AdoAccount) account = sign_in (f, f->client_id, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) token = NULL;

  g_cancellable_cancel (cancellable);
  ado_access_token_get_async (f->store, f->registry, account, TRUE, cancellable,
                              ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  token = ado_access_token_get_finish (result, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_forget (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AdoAccount) first = sign_in (f, f->client_id, "First");
  g_autoptr(AdoAccount) second = sign_in (f, f->client_id, "Second");
  g_autoptr(AdoAccount) other = sign_in (f, f->other_client_id, "Other client");
  g_autofree char *first_id = g_strdup (ado_account_get_id (first));
  g_autofree char *second_id = g_strdup (ado_account_get_id (second));
  g_autofree char *other_id = g_strdup (ado_account_get_id (other));
  g_autoptr(AdoAccountRegistry) reread = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (ado_test_keyring_count (NULL, f->client_id, first_id), ==, 2);
  g_assert_cmpuint (ado_test_keyring_count (NULL, f->client_id, second_id), ==, 2);
  g_assert_cmpuint (ado_test_keyring_count ("client-secret", f->client_id, NULL), ==, 1);

  /* The first account: its tokens go, the shared client secret stays */
  g_assert_true (forget (f, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count (NULL, NULL, first_id), ==, 0);
  g_assert_cmpuint (ado_test_keyring_count (NULL, f->client_id, second_id), ==, 2);
  g_assert_cmpuint (ado_test_keyring_count ("client-secret", f->client_id, NULL), ==, 1);
  g_assert_cmpuint (ado_test_keyring_count (NULL, f->other_client_id, other_id), ==, 2);
  reread = read_registry (f);
  g_assert_null (ado_account_registry_get_account (reread, first_id));
  g_assert_nonnull (ado_account_registry_get_account (reread, second_id));
  g_assert_nonnull (ado_account_registry_get_account (reread, other_id));
  g_clear_object (&reread);

  /* The last account of the client: the secret goes too */
  g_assert_true (forget (f, second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count (NULL, f->client_id, NULL), ==, 0);
  g_assert_cmpuint (ado_test_keyring_count (NULL, f->other_client_id, other_id), ==, 2);
  g_assert_cmpuint (ado_test_keyring_count ("client-secret", f->other_client_id, NULL), ==, 1);
  reread = read_registry (f);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (reread), ==, 1);
  g_assert_nonnull (ado_account_registry_get_account (reread, other_id));
  g_clear_object (&reread);

  /* The other client's account still gives tokens */
  {
    g_autoptr(AdoSecret) token = get_token (f, other, TRUE, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (ado_demo_server_check_access_token (server, token));
  }
}

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
} Helper;

static void
helper_start (Helper     *helper,
              Fixture    *f,
              const char *account_id,
              gboolean    force)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "access-token-helper", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE;

  if (force)
    helper->process = g_subprocess_new (flags, &error, program, "--force", f->registry_path,
                                        account_id, NULL);
  else
    helper->process = g_subprocess_new (flags, &error, program, f->registry_path, account_id,
                                        NULL);
  g_assert_no_error (error);
  helper->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper->process));

  line = g_data_input_stream_read_line_utf8 (helper->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
}

static void
helper_go (Helper *helper)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *in = g_subprocess_get_stdin_pipe (helper->process);

  g_assert_true (g_output_stream_write_all (in, "go\n", 3, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (in, NULL, &error));
  g_assert_no_error (error);
}

/* Returns what the helper printed after "token " */
static char *
helper_finish (Helper *helper)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_utf8 (helper->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  if (!g_str_has_prefix (line, "token "))
    g_error ("The helper said: %s", line);
  g_assert_true (g_subprocess_wait_check (helper->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&helper->out);
  g_clear_object (&helper->process);

  return g_strdup (line + strlen ("token "));
}

static void
check_two_processes (Fixture  *f,
                     gboolean  force)
{
  g_autoptr(AdoAccount) account = sign_in (f, f->client_id, NULL);
  g_autofree char *id = g_strdup (ado_account_get_id (account));
  g_autoptr(AdoSecret) stored = NULL;
  g_autoptr(AdoSecret) next = NULL;
  g_autofree char *token1 = NULL;
  g_autofree char *token2 = NULL;
  g_autoptr(GError) error = NULL;
  Helper helper1 = { NULL, NULL };
  Helper helper2 = { NULL, NULL };
  g_autofree char *lock_dir = g_build_filename (g_get_user_runtime_dir (), "ads-onboarding",
                                                NULL);
  GStatBuf info;
  guint requests;

  if (!force)
    store_secret (f, ADO_SECRET_KIND_ACCESS_TOKEN, account, now () - 10, "Atza|expired");

  /* The locks' folder as an older version may have left it: open to all */
  g_assert_cmpint (g_mkdir_with_parents (lock_dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (lock_dir, 0755), ==, 0);

  helper_start (&helper1, f, id, force);
  helper_start (&helper2, f, id, force);

  /* The first refresh is answered late: the other process comes while it runs */
  ado_demo_server_set_slow_delay (server, 1000);
  ado_demo_server_fail_next (server, ADO_DEMO_FAILURE_TOKEN_SLOW, 1);
  requests = ado_demo_server_get_token_request_count (server);

  helper_go (&helper1);
  helper_go (&helper2);
  token1 = helper_finish (&helper1);
  token2 = helper_finish (&helper2);
  ado_demo_server_fail_next (server, ADO_DEMO_FAILURE_NONE, 0);

  /* Taking the refresh lock made the folder private */
  g_assert_cmpint (g_stat (lock_dir, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);

  /* One access token in the keyring, one that the two printed, valid at Amazon */
  g_assert_cmpuint (ado_test_keyring_count ("access-token", f->client_id, id), ==, 1);
  stored = lookup (f, ADO_SECRET_KIND_ACCESS_TOKEN, f->client_id, id, NULL);
  g_assert_true (g_strcmp0 (stored, token1) == 0 || g_strcmp0 (stored, token2) == 0);
  g_assert_true (ado_demo_server_check_access_token (server, stored));
  g_assert_cmpuint (ado_test_keyring_count ("refresh-token", f->client_id, id), ==, 1);

  if (!force)
    {
      /* The second found the first one's token under the lock: one request */
      g_assert_cmpstr (token1, ==, token2);
      g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests + 1);
    }
  else
    {
      g_assert_cmpuint (ado_demo_server_get_token_request_count (server), >=, requests + 1);
      g_assert_cmpuint (ado_demo_server_get_token_request_count (server), <=, requests + 2);
    }

  /* The refresh token still works */
  next = get_token (f, account, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ado_demo_server_check_access_token (server, next));
  g_assert_cmpuint (ado_test_keyring_count ("access-token", f->client_id, id), ==, 1);
}

static void
test_two_processes_expired (Fixture       *f,
                            gconstpointer  data)
{
  check_two_processes (f, FALSE);
}

static void
test_two_processes_forced (Fixture       *f,
                           gconstpointer  data)
{
  check_two_processes (f, TRUE);
}

static AdoExportCredentials *
collect_format (Fixture          *f,
                AdoAccount       *account,
                AdoExportFormat   format,
                const char       *profile_id,
                gboolean          all_profiles,
                GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_export_collect_async (f->store, f->registry, account, format, profile_id, all_profiles,
                            NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_export_collect_finish (result, error);
}

static AdoExportCredentials *
collect (Fixture     *f,
         AdoAccount  *account,
         const char  *profile_id,
         GError     **error)
{
  return collect_format (f, account, ADO_EXPORT_JSON, profile_id, FALSE, error);
}

static void
test_export_collect (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AdoAccount) account = sign_in (f, f->client_id, "Exported");
  const char *id = ado_account_get_id (account);
  g_autoptr(AdoExportCredentials) credentials = NULL;
  g_autoptr(AdoSecret) refresh_token = NULL;
  g_autoptr(AdoSecret) access_token = NULL;
  g_autofree char *token_url = ado_demo_server_dup_token_url (server);
  g_autofree char *api_url = ado_demo_server_dup_api_url (server);
  g_autoptr(GError) error = NULL;
  guint requests = ado_demo_server_get_token_request_count (server);
  guint requests_eu;
  g_autofree char *na_url = NULL;
  g_autofree char *eu_url = NULL;
  g_autofree char *fe_url = NULL;

  na_url = g_strconcat (ado_demo_server_get_base_url (server), "/na", NULL);
  eu_url = g_strconcat (ado_demo_server_get_base_url (server), "/eu", NULL);
  fe_url = g_strconcat (ado_demo_server_get_base_url (server), "/fe", NULL);
  g_assert_nonnull (strstr (api_url, "{region}"));

  refresh_token = lookup (f, ADO_SECRET_KIND_REFRESH_TOKEN, f->client_id, id, NULL);
  access_token = lookup (f, ADO_SECRET_KIND_ACCESS_TOKEN, f->client_id, id, NULL);

  credentials = collect (f, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->client_id, ==, f->client_id);
  g_assert_cmpstr (credentials->client_secret, ==, SECRET);
  g_assert_cmpstr (credentials->refresh_token, ==, refresh_token);
  g_assert_cmpstr (credentials->access_token, ==, access_token);
  g_assert_cmpint (credentials->access_token_expires_at, >, now () + 3000);
  g_assert_cmpstr (credentials->region, ==, "na");
  g_assert_null (credentials->profile_id);
  /* The overrides of the test, the region's own URL otherwise */
  g_assert_cmpstr (credentials->token_url, ==, token_url);
  g_assert_cmpstr (credentials->auth_url, ==, "https://www.amazon.com/ap/oa");
  g_assert_cmpstr (credentials->api_url, ==, na_url);
  g_assert_cmpstr (credentials->redirect_uri, ==, REDIRECT_URI);
  g_assert_cmpstr (credentials->scope, ==, SCOPE);
  g_assert_cmpstr (credentials->name, ==, "Exported");
  g_clear_pointer (&credentials, ado_export_credentials_free);
  g_assert_cmpuint (ado_demo_server_get_profiles_request_count (server, "na"), ==, 0);

  /* Another profile: looked up in every region, and its region decides */
  credentials = collect (f, account, "1234567890123456789012", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->profile_id, ==, "1234567890123456789012");
  g_assert_cmpstr (credentials->region, ==, "eu");
  g_assert_cmpstr (credentials->api_url, ==, eu_url);
  g_assert_cmpstr (credentials->country_code, ==, "DE");
  g_assert_cmpstr (credentials->account_type, ==, "vendor");
  /* Tokens work in every region: the sign-in's own endpoints */
  g_assert_cmpstr (credentials->token_url, ==, token_url);
  g_assert_cmpuint (ado_demo_server_get_profiles_request_count (server, "eu"), ==, 1);
  g_clear_pointer (&credentials, ado_export_credentials_free);

  /* A profile that no region has */
  credentials = collect (f, account, "123", &error);
  g_assert_null (credentials);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_UNKNOWN_PROFILE);
  g_assert_nonnull (strstr (error->message, "123"));
  g_clear_error (&error);

  /* The default profile: from the registry, without asking Amazon */
  requests_eu = ado_demo_server_get_profiles_request_count (server, "eu");
  ado_account_set_default_profile (account, "98765432109876543210", "fe");
  ado_account_set_default_profile_details (account, "JP", "seller");
  credentials = collect (f, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->profile_id, ==, "98765432109876543210");
  g_assert_cmpstr (credentials->region, ==, "fe");
  g_assert_cmpstr (credentials->api_url, ==, fe_url);
  g_assert_cmpstr (credentials->country_code, ==, "JP");
  g_assert_cmpuint (ado_demo_server_get_profiles_request_count (server, "eu"), ==, requests_eu);
  g_clear_pointer (&credentials, ado_export_credentials_free);
  credentials = collect (f, account, "12a", &error);
  g_assert_null (credentials);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* python-ad-api refuses credentials without a profile */
  ado_account_set_default_profile (account, NULL, NULL);
  credentials = collect_format (f, account, ADO_EXPORT_PYTHON_AD_API, NULL, FALSE, &error);
  g_assert_null (credentials);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_PROFILE_REQUIRED);
  g_clear_error (&error);

  /* Every profile of the region, with exact digits */
  credentials = collect_format (f, account, ADO_EXPORT_AIRBYTE, "9007199254740993", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->region, ==, "na");
  g_assert_nonnull (credentials->profile_ids);
  g_assert_cmpuint (g_strv_length (credentials->profile_ids), ==, 2);
  g_assert_cmpstr (credentials->profile_ids[0], ==, "9007199254740993");
  g_assert_cmpstr (credentials->profile_ids[1], ==, "3141592653589793");
  g_clear_pointer (&credentials, ado_export_credentials_free);

  /* An expired access token is left out; nothing is refreshed */
  store_secret (f, ADO_SECRET_KIND_ACCESS_TOKEN, account, now () - 10, "Atza|expired");
  credentials = collect (f, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (credentials->access_token);
  g_clear_pointer (&credentials, ado_export_credentials_free);
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, requests);

  /* Without a client secret: said so */
  ado_test_keyring_clear_client (f->client_id);
  credentials = collect (f, account, NULL, &error);
  g_assert_null (credentials);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_MISSING_CLIENT_SECRET);
}

/* With every debug message on, no secret reaches the log */
static void
test_no_secret_in_logs (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AdoAccount) account = NULL;
  g_autoptr(AdoSecret) token = NULL;
  g_autoptr(AdoSecret) refresh_token = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *logs = NULL;

  ado_test_log_capture_start ();

  account = sign_in (f, f->client_id, NULL);
  refresh_token = lookup (f, ADO_SECRET_KIND_REFRESH_TOKEN, f->client_id,
                          ado_account_get_id (account), NULL);
  token = get_token (f, account, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&token, ado_secret_free);
  token = get_token (f, account, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (forget (f, account, &error));
  g_assert_no_error (error);

  logs = ado_test_log_capture_stop ();

  /* The debug messages were there to be checked */
  g_assert_nonnull (strstr (logs, "Refreshing the access token of account"));
  g_assert_nonnull (strstr (logs, "Using the cached access token"));
  g_assert_nonnull (strstr (logs, "Forgot account"));
  g_assert_null (strstr (logs, token));
  g_assert_null (strstr (logs, refresh_token));
  g_assert_null (strstr (logs, SECRET));
}

static GError *
with_action (GError         *error,
             AdoErrorAction  action)
{
  ado_error_set_action (error, action);
  return error;
}

/* The command line's texts, word for word as before the core's messages
 * lost their remedies */
static void
test_cli_remedies (void)
{
  const char *client = "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef";
  struct {
    GError     *error;
    const char *expected;
  } cases[] = {
    { ado_access_token_new_missing_error (ADO_SECRET_KIND_REFRESH_TOKEN, client, "a1b2c3d4"),
      "The keyring holds no refresh token for account a1b2c3d4; reconnect with "
      "“ads-onboarding --authorize --account a1b2c3d4” or the Reconnect button." },
    { ado_access_token_new_missing_error (ADO_SECRET_KIND_CLIENT_SECRET, client, "a1b2c3d4"),
      "No client secret is stored for client ID amzn1.application-oa2-client."
      "0123456789abcdef0123456789abcdef; store it with “ads-onboarding --set-client-secret "
      "--client-id amzn1.application-oa2-client.0123456789abcdef0123456789abcdef”, then try "
      "again." },
    { ado_access_token_new_region_error (client, "a1b2c3d4"),
      "Account a1b2c3d4 has no known region; reconnect it with “ads-onboarding --authorize "
      "--account a1b2c3d4 --region na” (or eu, fe)." },
    { with_action (g_error_new_literal (ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT,
                                        "No account is connected yet."),
                   ADO_ERROR_ACTION_CONNECT_ACCOUNT),
      "No account is connected yet. Run “ads-onboarding --authorize” to connect one." },
    { with_action (g_error_new_literal (ADO_ERROR, ADO_ERROR_AMBIGUOUS_ACCOUNT,
                                        "There are several accounts (a, b): choose one by its "
                                        "id or name."),
                   ADO_ERROR_ACTION_CHOOSE_ACCOUNT),
      "There are several accounts (a, b): choose one by its id or name. Run “ads-onboarding "
      "--list-accounts” to see them." },
    { with_action (g_error_new_literal (ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT,
                                        "No account has the id or name “x”."),
                   ADO_ERROR_ACTION_CHOOSE_ACCOUNT),
      "No account has the id or name “x”. Run “ads-onboarding --list-accounts” to see the "
      "accounts." },
    { g_error_new_literal (ADO_ERROR, ADO_ERROR_NETWORK, "No remedy here."),
      "No remedy here." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = cases[i].error;
      g_autoptr(GError) copy = g_error_copy (error);
      g_autofree char *text = ado_cli_error_message (copy);

      g_assert_null (strstr (error->message, "ads-onboarding"));
      g_assert_null (strstr (error->message, "Reconnect"));
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *api_url = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Every debug message reaches the writer, which keeps them off stdout */
  ado_test_log_capture_init ();
  ado_test_set_guard_seconds (TIMEOUT_SECONDS);

  server = ado_demo_server_new ();
  if (!ado_demo_server_start (server, &error))
    g_error ("The imitation did not start: %s", error->message);
  /* Before any request: nothing else reads the environment yet */
  token_url = ado_demo_server_dup_token_url (server);
  g_setenv (ADO_TOKEN_URL_ENV, token_url, TRUE);
  api_url = ado_demo_server_dup_api_url (server);
  g_setenv (ADO_API_URL_ENV, api_url, TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/ado/access-token/is-fresh", test_is_fresh);
  g_test_add_func ("/ado/access-token/cli-remedies", test_cli_remedies);
  ADD ("/ado/access-token/cached", test_cached);
  ADD ("/ado/access-token/refresh-when-expiring", test_refresh_when_expiring);
  ADD ("/ado/access-token/keeps-refresh-token", test_keeps_refresh_token);
  ADD ("/ado/access-token/revoked", test_revoked);
  ADD ("/ado/access-token/invalid-client", test_invalid_client);
  ADD ("/ado/access-token/missing-client-secret", test_missing_client_secret);
  ADD ("/ado/access-token/cancelled", test_cancelled);
  ADD ("/ado/access-token/forget", test_forget);
  ADD ("/ado/access-token/export-collect", test_export_collect);
  ADD ("/ado/access-token/two-processes-expired", test_two_processes_expired);
  ADD ("/ado/access-token/two-processes-forced", test_two_processes_forced);
  ADD ("/ado/access-token/no-secret-in-logs", test_no_secret_in_logs);

  status = g_test_run ();

  ado_demo_server_stop (server);
  g_assert_finalize_object (server);

  return status;
}
