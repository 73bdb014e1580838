/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsecret/secret.h>

#include "ado-error.h"
#include "ads/ado-account.h"
#include "store/ado-credential-store.h"

#include "ado-test-core.h"

/*
 * These tests talk to the real gnome-keyring-daemon of the test harness
 * (build-aux/test.sh): a private session bus, an unlocked throw-away
 * keyring, no display. Every test uses a client ID and account ids of its
 * own, so that tests running at the same time do not meet, and removes what
 * it stored. The keyring locked, missing or without a Secret Service is
 * test-keyring-failures.sh.
 */

#define CLIENT_PREFIX "amzn1.application-oa2-client."

static gboolean
store_secret (AdoCredentialStore  *store,
              AdoSecretKind        kind,
              const char          *client_id,
              const char          *account_id,
              const char          *region,
              gint64               expires_at,
              const char          *secret,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_credential_store_store_async (store, kind, client_id, account_id, region, expires_at,
                                    secret, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_credential_store_store_finish (store, result, error);
}

static char *
lookup_secret (AdoCredentialStore  *store,
               AdoSecretKind        kind,
               const char          *client_id,
               const char          *account_id,
               gint64              *expires_at,
               GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_credential_store_lookup_async (store, kind, client_id, account_id, NULL,
                                     ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_credential_store_lookup_finish (store, result, expires_at, error);
}

static gboolean
clear_secret (AdoCredentialStore  *store,
              AdoSecretKind        kind,
              const char          *client_id,
              const char          *account_id,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_credential_store_clear_async (store, kind, client_id, account_id, NULL,
                                    ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_credential_store_clear_finish (store, result, error);
}

static gboolean
clear_account (AdoCredentialStore  *store,
               const char          *client_id,
               const char          *account_id,
               GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_credential_store_clear_account_async (store, client_id, account_id, NULL,
                                            ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_credential_store_clear_account_finish (store, result, error);
}

static AdoAccountCredentials *
lookup_account (AdoCredentialStore  *store,
                const char          *client_id,
                const char          *account_id,
                AdoCredentialKinds   kinds,
                GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_credential_store_lookup_account_async (store, client_id, account_id, kinds, NULL,
                                             ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_credential_store_lookup_account_finish (store, result, error);
}

static gboolean
remove_account (AdoCredentialStore  *store,
                const char          *client_id,
                const char          *account_id,
                AdoCredentialKinds   kinds,
                GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_credential_store_remove_account_async (store, client_id, account_id, kinds, NULL,
                                             ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_credential_store_remove_account_finish (store, result, error);
}

static char *
run_command (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  int status;

  g_assert_nonnull (program);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&out);
}

static void
test_create_destroy (void)
{
  AdoCredentialStore *store = ado_credential_store_new (FALSE);
  AdoCredentialStore *demo = ado_credential_store_new (TRUE);

  g_assert_false (ado_credential_store_get_demo (store));
  g_assert_true (ado_credential_store_get_demo (demo));
  g_assert_finalize_object (store);
  g_assert_finalize_object (demo);
}

static void
test_kind_ids (void)
{
  g_assert_cmpstr (ado_secret_kind_get_id (ADO_SECRET_KIND_CLIENT_SECRET), ==, "client-secret");
  g_assert_cmpstr (ado_secret_kind_get_id (ADO_SECRET_KIND_REFRESH_TOKEN), ==, "refresh-token");
  g_assert_cmpstr (ado_secret_kind_get_id (ADO_SECRET_KIND_ACCESS_TOKEN), ==, "access-token");
}

static void
test_client_secret (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autoptr(GError) error = NULL;
  char *secret;
  gint64 expires_at = -1;

  /* Nothing yet: NULL without an error */
  secret = lookup_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL,
                          &expires_at, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_assert_cmpint (expires_at, ==, 0);

  g_assert_true (store_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, 0,
                               "amzn1.oa2-cs.v1.first", &error));
  g_assert_no_error (error);
  secret = lookup_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL,
                          &expires_at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "amzn1.oa2-cs.v1.first");
  g_assert_cmpint (expires_at, ==, 0);
  ado_secret_free (secret);

  /* A rotated secret replaces the old one */
  g_assert_true (store_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, 0,
                               "amzn1.oa2-cs.v1.second", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("client-secret", client_id, NULL), ==, 1);
  secret = lookup_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "amzn1.oa2-cs.v1.second");
  ado_secret_free (secret);

  g_assert_true (clear_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("client-secret", client_id, NULL), ==, 0);
  secret = lookup_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  /* Clearing what is not there is no error */
  g_assert_true (clear_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, &error));
  g_assert_no_error (error);
}

static void
test_refresh_token (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *account_id = ado_account_generate_id ();
  g_autofree char *other_account = ado_account_generate_id ();
  g_autofree char *printed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) secret = NULL;
  g_autoptr(AdoSecret) other = NULL;
  const char *lookup_argv[] = {
    "secret-tool", "lookup", "kind", "refresh-token", "account_id", account_id, NULL
  };

  g_assert_true (store_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "na",
                               0, "Atzr|first-refresh-token", &error));
  g_assert_no_error (error);
  g_assert_true (store_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, other_account,
                               "fe", 0, "Atzr|other-refresh-token", &error));
  g_assert_no_error (error);

  /* A reconnect replaces the token, even from another region */
  g_assert_true (store_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "eu",
                               0, "Atzr|second-refresh-token", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("refresh-token", client_id, account_id), ==, 1);

  secret = lookup_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, NULL,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "Atzr|second-refresh-token");
  other = lookup_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, other_account, NULL,
                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other, ==, "Atzr|other-refresh-token");

  /* What other tools do: the bare token, nothing around it */
  printed = run_command (lookup_argv);
  g_assert_cmpstr (g_strchomp (printed), ==, "Atzr|second-refresh-token");

  g_assert_true (clear_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id,
                               &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("refresh-token", client_id, account_id), ==, 0);
  g_assert_cmpuint (ado_test_keyring_count ("refresh-token", client_id, other_account), ==, 1);

  g_assert_true (clear_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, other_account,
                               &error));
  g_assert_no_error (error);
}

static guint
count_search_output (const char *account_id)
{
  const char *argv[] = {
    "secret-tool", "search", "--all", "kind", "access-token", "account_id", account_id, NULL
  };
  g_autofree char *out = run_command (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "["))
        n++;
    }

  return n;
}

static void
test_access_token (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *account_id = ado_account_generate_id ();
  g_autoptr(GError) error = NULL;
  GList *items;
  char *secret;
  gint64 expires_at = 0;

  g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id, "na",
                               1700000000, "Atza|first-access-token", &error));
  g_assert_no_error (error);
  secret = lookup_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id,
                          &expires_at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "Atza|first-access-token");
  g_assert_cmpint (expires_at, ==, 1700000000);
  ado_secret_free (secret);

  /* A refresh: a new expiry, still exactly one item */
  g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id, "na",
                               1700003600, "Atza|second-access-token", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("access-token", client_id, account_id), ==, 1);
  g_assert_cmpuint (count_search_output (account_id), ==, 1);

  items = ado_test_keyring_find ("access-token", client_id, account_id);
  {
    g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (items->data);

    g_assert_cmpstr (g_hash_table_lookup (attributes, "expires_at"), ==, "1700003600");
  }
  g_list_free_full (items, g_object_unref);

  secret = lookup_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id,
                          &expires_at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "Atza|second-access-token");
  g_assert_cmpint (expires_at, ==, 1700003600);
  ado_secret_free (secret);

  /* The token stored last wins, even with an earlier expiry (a new sign-in) */
  g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id, "na",
                               1600000000, "Atza|third-access-token", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("access-token", client_id, account_id), ==, 1);
  secret = lookup_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id,
                          &expires_at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "Atza|third-access-token");
  g_assert_cmpint (expires_at, ==, 1600000000);
  ado_secret_free (secret);

  g_assert_true (clear_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id,
                               &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("access-token", client_id, account_id), ==, 0);
  secret = lookup_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id,
                          &expires_at, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_assert_cmpint (expires_at, ==, 0);
}

/* An account's items in one look-up (locked: test-keyring-failures.sh) */
static void
test_lookup_account (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *account_id = ado_account_generate_id ();
  g_autofree char *other_id = ado_account_generate_id ();
  g_autoptr(AdoAccountCredentials) found = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing stored: no error, nothing found */
  found = lookup_account (store, client_id, account_id, ADO_CREDENTIAL_ALL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_null (found->client_secret);
  g_assert_null (found->refresh_token);
  g_assert_null (found->access_token);
  g_assert_cmpint (found->access_token_expires_at, ==, 0);
  g_clear_pointer (&found, ado_account_credentials_free);

  g_assert_true (store_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, 0,
                               "amzn1.oa2-cs.v1.lookup-account", &error));
  g_assert_no_error (error);
  g_assert_true (store_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id,
                               "na", 0, "Atzr|lookup-account", &error));
  g_assert_no_error (error);
  g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id,
                               "na", 1700000000, "Atza|lookup-account", &error));
  g_assert_no_error (error);

  /* All three */
  found = lookup_account (store, client_id, account_id, ADO_CREDENTIAL_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->client_secret, ==, "amzn1.oa2-cs.v1.lookup-account");
  g_assert_cmpstr (found->refresh_token, ==, "Atzr|lookup-account");
  g_assert_cmpstr (found->access_token, ==, "Atza|lookup-account");
  g_assert_cmpint (found->access_token_expires_at, ==, 1700000000);
  g_clear_pointer (&found, ado_account_credentials_free);

  /* Only the kinds asked for */
  found = lookup_account (store, client_id, account_id, ADO_CREDENTIAL_ACCESS_TOKEN, &error);
  g_assert_no_error (error);
  g_assert_null (found->client_secret);
  g_assert_null (found->refresh_token);
  g_assert_cmpstr (found->access_token, ==, "Atza|lookup-account");
  g_clear_pointer (&found, ado_account_credentials_free);

  /* Another account of the client: the shared secret, no tokens */
  found = lookup_account (store, client_id, other_id, ADO_CREDENTIAL_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->client_secret, ==, "amzn1.oa2-cs.v1.lookup-account");
  g_assert_null (found->refresh_token);
  g_assert_null (found->access_token);
  g_assert_cmpint (found->access_token_expires_at, ==, 0);
  g_clear_pointer (&found, ado_account_credentials_free);

  /* Removing the tokens keeps the client secret */
  g_assert_true (remove_account (store, client_id, account_id, ADO_CREDENTIAL_TOKENS, &error));
  g_assert_no_error (error);
  found = lookup_account (store, client_id, account_id, ADO_CREDENTIAL_ALL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found->client_secret);
  g_assert_null (found->refresh_token);
  g_assert_null (found->access_token);
  g_clear_pointer (&found, ado_account_credentials_free);

  g_assert_true (remove_account (store, client_id, account_id, ADO_CREDENTIAL_ALL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count (NULL, client_id, NULL), ==, 0);
}

/* Stores an item as another tool would */
static void
store_other (GHashTable *attributes,
             const char *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  secret_password_storev (ado_test_keyring_schema (), attributes, NULL, "test", secret, NULL,
                          ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  g_assert_true (secret_password_store_finish (result, &error));
  g_assert_no_error (error);
}

/* Two access tokens for one account, as two processes refreshing at once
 * could leave: the lookup takes the one that expires last. */
static void
test_access_token_duplicates (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *account_id = ado_account_generate_id ();
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) secret = NULL;
  gint64 expires_at = 0;

  g_hash_table_insert (attributes, (gpointer)"kind", (gpointer)"access-token");
  g_hash_table_insert (attributes, (gpointer)"client_id", client_id);
  g_hash_table_insert (attributes, (gpointer)"account_id", account_id);
  g_hash_table_insert (attributes, (gpointer)"region", (gpointer)"na");
  g_hash_table_insert (attributes, (gpointer)"expires_at", (gpointer)"1700009999");
  store_other (attributes, "Atza|later");
  g_hash_table_insert (attributes, (gpointer)"expires_at", (gpointer)"1700000001");
  store_other (attributes, "Atza|earlier");
  g_assert_cmpuint (ado_test_keyring_count ("access-token", client_id, account_id), ==, 2);

  secret = lookup_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id,
                          &expires_at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "Atza|later");
  g_assert_cmpint (expires_at, ==, 1700009999);

  /* The next store leaves one */
  g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id, "na",
                               1700012345, "Atza|fresh", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("access-token", client_id, account_id), ==, 1);

  g_assert_true (clear_account (store, client_id, account_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("access-token", client_id, account_id), ==, 0);
}

static void
test_clear_account (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *account_a = ado_account_generate_id ();
  g_autofree char *account_b = ado_account_generate_id ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) secret = NULL;

  g_assert_true (store_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, 0,
                               "client-secret", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      const char *account = i == 0 ? account_a : account_b;

      g_assert_true (store_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account,
                                   "na", 0, "Atzr|refresh", &error));
      g_assert_no_error (error);
      g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account,
                                   "na", 1700000000, "Atza|access", &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (ado_test_keyring_count (NULL, client_id, account_a), ==, 2);

  g_assert_true (clear_account (store, client_id, account_a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count (NULL, client_id, account_a), ==, 0);
  g_assert_cmpuint (ado_test_keyring_count (NULL, client_id, account_b), ==, 2);
  secret = lookup_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "client-secret");

  /* Nothing left to clear is no error */
  g_assert_true (clear_account (store, client_id, account_a, &error));
  g_assert_no_error (error);

  g_assert_true (clear_account (store, client_id, account_b, &error));
  g_assert_no_error (error);
  g_assert_true (clear_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count (NULL, client_id, NULL), ==, 0);
}

static void
assert_lookup (AdoCredentialStore *store,
               AdoSecretKind       kind,
               const char         *client_id,
               const char         *account_id,
               const char         *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) secret = NULL;

  secret = lookup_secret (store, kind, client_id, account_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, expected);
}

static void
test_demo_isolation (void)
{
  g_autoptr(AdoCredentialStore) real = ado_credential_store_new (FALSE);
  g_autoptr(AdoCredentialStore) demo = ado_credential_store_new (TRUE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *account_id = ado_account_generate_id ();
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n_demo = 0;

  /* Real only: the demo sees nothing */
  g_assert_true (store_secret (real, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "na",
                               0, "Atzr|real", &error));
  g_assert_no_error (error);
  assert_lookup (demo, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, NULL);

  /* Both: each sees its own, and storing one replaces neither */
  g_assert_true (store_secret (demo, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "na",
                               0, "Atzr|demo", &error));
  g_assert_no_error (error);
  g_assert_true (store_secret (real, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "na",
                               0, "Atzr|real-again", &error));
  g_assert_no_error (error);
  assert_lookup (real, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "Atzr|real-again");
  assert_lookup (demo, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "Atzr|demo");

  items = ado_test_keyring_find ("refresh-token", client_id, account_id);
  g_assert_cmpuint (g_list_length (items), ==, 2);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);

      if (g_hash_table_contains (attributes, "demo"))
        {
          g_assert_cmpstr (g_hash_table_lookup (attributes, "demo"), ==, "true");
          n_demo++;
        }
    }
  g_list_free_full (items, g_object_unref);
  g_assert_cmpuint (n_demo, ==, 1);

  /* Clearing the real token leaves the demo's, and the other way round */
  g_assert_true (clear_account (real, client_id, account_id, &error));
  g_assert_no_error (error);
  assert_lookup (real, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, NULL);
  assert_lookup (demo, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "Atzr|demo");

  g_assert_true (store_secret (real, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "na",
                               0, "Atzr|real", &error));
  g_assert_no_error (error);
  g_assert_true (clear_secret (demo, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id,
                               &error));
  g_assert_no_error (error);
  assert_lookup (demo, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, NULL);
  assert_lookup (real, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "Atzr|real");

  /* Demo only: the real store sees nothing (client secrets too) */
  g_assert_true (store_secret (demo, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, 0,
                               "demo-client-secret", &error));
  g_assert_no_error (error);
  assert_lookup (real, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL);
  assert_lookup (demo, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, "demo-client-secret");

  g_assert_true (clear_secret (demo, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (clear_account (real, client_id, account_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count (NULL, client_id, NULL), ==, 0);
}

static void
assert_item (const char *kind,
             const char *client_id,
             const char *account_id,
             const char *secret,
             const char *label,
             const char *attribute_list)
{
  GList *items = ado_test_keyring_find (kind, client_id, account_id);
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *item_label = NULL;
  g_auto(GStrv) expected = g_strsplit (attribute_list, " ", -1);

  g_assert_cmpuint (g_list_length (items), ==, 1);

  item_label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (item_label, ==, label);
  g_assert_null (strstr (item_label, secret));

  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                   ADO_CREDENTIAL_SCHEMA_NAME);
  g_assert_cmpuint (g_hash_table_size (attributes), ==, g_strv_length (expected) + 1);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (expected[i], "=", 2);

      g_assert_cmpstr (g_hash_table_lookup (attributes, pair[0]), ==, pair[1]);
    }

  g_list_free_full (items, g_object_unref);
}

/* Many stores and lookups of one item at once, from several processes, as
 * parallel sign-ins make them (each stores the one client secret): each
 * sees items vanish that another replaced between finding and reading
 * them. None of them fails for it. */
#define CONCURRENT_CHILDREN 6
#define CONCURRENT_CALLS    1
#define CONCURRENT_ROUNDS   8

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  GString   *errors;
} Concurrent;

static void
concurrent_done (Concurrent *c,
                 GError     *error)
{
  if (error != NULL)
    {
      g_string_append_printf (c->errors, "%s\n", error->message);
      g_error_free (error);
    }
  if (--c->pending == 0)
    g_main_loop_quit (c->loop);
}

static void
concurrent_stored_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GError *error = NULL;

  ado_credential_store_store_finish (ADO_CREDENTIAL_STORE (object), result, &error);
  concurrent_done (user_data, error);
}

static void
concurrent_found_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GError *error = NULL;
  char *secret;

  secret = ado_credential_store_lookup_finish (ADO_CREDENTIAL_STORE (object), result, NULL,
                                               &error);
  if (secret == NULL && error == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the secret was not found");
  ado_secret_free (secret);
  concurrent_done (user_data, error);
}

/* One process of the test: stores and looks up the client secret of
 * @client_id, several at once, round after round */
static int
run_concurrent_child (const char *client_id,
                      const char *index)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  Concurrent c = { g_main_loop_new (NULL, FALSE), 0, g_string_new (NULL) };
  int status;

  for (guint round = 0; round < CONCURRENT_ROUNDS; round++)
    {
      for (guint i = 0; i < CONCURRENT_CALLS; i++)
        {
          g_autofree char *value = g_strdup_printf ("amzn1.oa2-cs.v1.child-%s-%u-%u",
                                                    index, round, i);

          c.pending += 2;
          ado_credential_store_store_async (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id,
                                            NULL, NULL, 0, value, NULL,
                                            concurrent_stored_cb, &c);
          ado_credential_store_lookup_async (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id,
                                             NULL, NULL, concurrent_found_cb, &c);
        }
      g_main_loop_run (c.loop);
    }

  if (c.errors->len > 0)
    g_printerr ("%s", c.errors->str);
  status = c.errors->len > 0 ? 1 : 0;
  g_string_free (c.errors, TRUE);
  g_main_loop_unref (c.loop);

  return status;
}

static void
test_concurrent (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *self_exe = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  g_assert_true (store_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, 0,
                               "amzn1.oa2-cs.v1.first", &error));
  g_assert_no_error (error);

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < CONCURRENT_CHILDREN; i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);

      g_ptr_array_add (children,
                       g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                         self_exe, "--store-child", client_id, index, NULL));
      g_assert_no_error (error);
    }

  /* Each child exits 1 on a failed call, and a critical warning kills it */
  for (guint i = 0; i < children->len; i++)
    {
      g_subprocess_wait_check (g_ptr_array_index (children, i), NULL, &error);
      g_assert_no_error (error);
    }

  secret = lookup_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (secret, "amzn1.oa2-cs.v1.child-"));
  ado_secret_free (secret);

  g_assert_true (clear_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count ("client-secret", client_id, NULL), ==, 0);
}

static void
test_labels_and_attributes (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autoptr(AdoCredentialStore) demo = ado_credential_store_new (TRUE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *account_id = ado_account_generate_id ();
  g_autofree char *demo_account = ado_account_generate_id ();
  g_autofree char *short_id = g_strconcat (CLIENT_PREFIX "…",
                                           client_id + strlen (client_id) - 4, NULL);
  g_autofree char *label = NULL;
  g_autofree char *attributes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (store_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, 0,
                               "amzn1.oa2-cs.v1.labelsecret", &error));
  g_assert_no_error (error);
  label = g_strdup_printf ("Amazon Ads API client secret (%s)", short_id);
  attributes = g_strdup_printf ("kind=client-secret client_id=%s", client_id);
  assert_item ("client-secret", client_id, NULL, "amzn1.oa2-cs.v1.labelsecret", label,
               attributes);
  g_clear_pointer (&label, g_free);
  g_clear_pointer (&attributes, g_free);

  g_assert_true (store_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "eu",
                               0, "Atzr|labelrefresh", &error));
  g_assert_no_error (error);
  label = g_strdup_printf ("Amazon Ads API refresh token (account %s)", account_id);
  attributes = g_strdup_printf ("kind=refresh-token client_id=%s account_id=%s region=eu",
                                client_id, account_id);
  assert_item ("refresh-token", client_id, account_id, "Atzr|labelrefresh", label, attributes);
  g_clear_pointer (&label, g_free);
  g_clear_pointer (&attributes, g_free);

  g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id, "eu",
                               1700000000, "Atza|labelaccess", &error));
  g_assert_no_error (error);
  label = g_strdup_printf ("Amazon Ads API access token (account %s)", account_id);
  attributes = g_strdup_printf ("kind=access-token client_id=%s account_id=%s region=eu "
                                "expires_at=1700000000", client_id, account_id);
  assert_item ("access-token", client_id, account_id, "Atza|labelaccess", label, attributes);
  g_clear_pointer (&label, g_free);
  g_clear_pointer (&attributes, g_free);

  g_assert_true (store_secret (demo, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, demo_account,
                               "fe", 0, "Atzr|demorefresh", &error));
  g_assert_no_error (error);
  label = g_strdup_printf ("Amazon Ads API refresh token (account %s, demo)", demo_account);
  attributes = g_strdup_printf ("kind=refresh-token client_id=%s account_id=%s region=fe "
                                "demo=true", client_id, demo_account);
  assert_item ("refresh-token", client_id, demo_account, "Atzr|demorefresh", label, attributes);

  g_assert_true (clear_account (store, client_id, account_id, &error));
  g_assert_no_error (error);
  g_assert_true (clear_account (demo, client_id, demo_account, &error));
  g_assert_no_error (error);
  g_assert_true (clear_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_test_keyring_count (NULL, client_id, NULL), ==, 0);
}

static void
test_cancelled (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);

  ado_credential_store_store_async (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL,
                                    0, "never-stored", cancellable, ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  g_assert_false (ado_credential_store_store_finish (store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  ado_credential_store_lookup_async (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL,
                                     cancellable, ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  g_assert_null (ado_credential_store_lookup_finish (store, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  ado_credential_store_clear_account_async (store, client_id, "a1b2c3d4", cancellable,
                                            ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  g_assert_false (ado_credential_store_clear_account_finish (store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpuint (ado_test_keyring_count (NULL, client_id, NULL), ==, 0);
}

/* With every debug message on, no secret reaches the log */
static void
test_no_secret_in_logs (void)
{
  g_autoptr(AdoCredentialStore) store = ado_credential_store_new (FALSE);
  g_autofree char *client_id = ado_test_new_client_id ();
  g_autofree char *account_id = ado_account_generate_id ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) secret = NULL;
  g_autofree char *logs = NULL;

  ado_test_log_capture_start ();

  g_assert_true (store_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, NULL, 0,
                               "LOGCHECK-client-secret", &error));
  g_assert_no_error (error);
  g_assert_true (store_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, "na",
                               0, "LOGCHECK-refresh", &error));
  g_assert_no_error (error);
  g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id, "na",
                               1700000000, "LOGCHECK-access-1", &error));
  g_assert_no_error (error);
  g_assert_true (store_secret (store, ADO_SECRET_KIND_ACCESS_TOKEN, client_id, account_id, "na",
                               1700000001, "LOGCHECK-access-2", &error));
  g_assert_no_error (error);
  secret = lookup_secret (store, ADO_SECRET_KIND_REFRESH_TOKEN, client_id, account_id, NULL,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "LOGCHECK-refresh");
  g_assert_true (clear_account (store, client_id, account_id, &error));
  g_assert_no_error (error);
  g_assert_true (clear_secret (store, ADO_SECRET_KIND_CLIENT_SECRET, client_id, NULL, &error));
  g_assert_no_error (error);

  logs = ado_test_log_capture_stop ();

  /* The debug messages were there to be checked */
  g_assert_nonnull (strstr (logs, "Storing the refresh-token"));
  g_assert_nonnull (strstr (logs, account_id));
  g_assert_null (strstr (logs, "LOGCHECK"));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_strcmp0 (argv[1], "--store-child") == 0)
    return run_concurrent_child (argv[2], argv[3]);

  g_test_init (&argc, &argv, NULL);
  /* Every debug message reaches the writer, which keeps them off stdout */
  ado_test_log_capture_init ();

  g_test_add_func ("/ado/credential-store/create-destroy", test_create_destroy);
  g_test_add_func ("/ado/credential-store/kind-ids", test_kind_ids);
  g_test_add_func ("/ado/credential-store/client-secret", test_client_secret);
  g_test_add_func ("/ado/credential-store/refresh-token", test_refresh_token);
  g_test_add_func ("/ado/credential-store/access-token", test_access_token);
  g_test_add_func ("/ado/credential-store/access-token-duplicates", test_access_token_duplicates);
  g_test_add_func ("/ado/credential-store/lookup-account", test_lookup_account);
  g_test_add_func ("/ado/credential-store/clear-account", test_clear_account);
  g_test_add_func ("/ado/credential-store/concurrent", test_concurrent);
  g_test_add_func ("/ado/credential-store/demo-isolation", test_demo_isolation);
  g_test_add_func ("/ado/credential-store/labels-and-attributes", test_labels_and_attributes);
  g_test_add_func ("/ado/credential-store/cancelled", test_cancelled);
  g_test_add_func ("/ado/credential-store/no-secret-in-logs", test_no_secret_in_logs);

  return g_test_run ();
}
