/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/stat.h>
#include <glib/gstdio.h>

#include "ado-error.h"
#include "ads/ado-account.h"
#include "store/ado-account-registry.h"

#include "ado-test-core.h"

#define CLIENT_ID "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"

typedef struct
{
  char  *dir;     /* a temporary folder, removed afterwards */
  char  *path;    /* <dir>/ads-onboarding/accounts.ini */
  GFile *file;
} Fixture;

static gboolean
load (AdoAccountRegistry  *registry,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_account_registry_load_async (registry, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_account_registry_load_finish (registry, result, error);
}

static gboolean
save (AdoAccountRegistry  *registry,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ado_account_registry_save_async (registry, NULL, ado_test_result_cb, &result);
  ado_test_wait_for (&result);

  return ado_account_registry_save_finish (registry, result, error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ado-registry-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "ads-onboarding", "accounts.ini", NULL);
  fixture->file = g_file_new_for_path (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ado_test_remove_dir (fixture->dir);
  g_clear_object (&fixture->file);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
write_file (const char *path,
            const char *contents,
            int         mode)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE, mode, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* The names in a folder, sorted, joined with spaces */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **)names->pdata);
}

static AdoAccount *
make_account (const char *id,
              const char *name,
              const char *region)
{
  AdoAccount *account = ado_account_new (id);

  ado_account_set_name (account, name);
  ado_account_set_client_id (account, CLIENT_ID);
  ado_account_set_region (account, region);
  ado_account_set_redirect_uri (account, "http://127.0.0.1:31416/callback");
  ado_account_set_scope (account, "advertising::campaign_management");

  return account;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_account_create_destroy (void)
{
  AdoAccount *account = ado_account_new ("a1b2c3d4");

  g_assert_cmpstr (ado_account_get_id (account), ==, "a1b2c3d4");
  g_assert_cmpstr (ado_account_get_region (account), ==, "na");
  g_assert_cmpint (ado_account_get_state (account), ==, ADO_ACCOUNT_STATE_OK);
  g_assert_null (ado_account_get_default_profile_id (account));
  g_assert_cmpint (ado_account_get_obtained_at (account), ==, 0);
  g_assert_null (ado_account_dup_obtained_at_iso8601 (account));
  g_assert_finalize_object (account);
}

static void
test_account_notify (void)
{
  g_autoptr(AdoAccount) account = ado_account_new (NULL);
  g_autofree char *iso = NULL;
  guint count = 0;

  g_signal_connect (account, "notify", G_CALLBACK (count_notify_cb), &count);

  ado_account_set_name (account, "Shop");
  ado_account_set_name (account, "Shop");
  g_assert_cmpuint (count, ==, 1);
  ado_account_set_region (account, "eu");
  ado_account_set_region (account, "eu");
  g_assert_cmpuint (count, ==, 2);
  ado_account_set_obtained_at (account, 1714555800);
  ado_account_set_obtained_at (account, 1714555800);
  g_assert_cmpuint (count, ==, 3);
  ado_account_set_state (account, ADO_ACCOUNT_STATE_RECONNECT_NEEDED);
  ado_account_set_state (account, ADO_ACCOUNT_STATE_RECONNECT_NEEDED);
  g_assert_cmpuint (count, ==, 4);
  ado_account_set_default_profile_id (account, "12345678901234567890");
  ado_account_set_default_profile_id (account, "12345678901234567890");
  g_assert_cmpuint (count, ==, 5);
  ado_account_set_default_profile_id (account, "");
  g_assert_null (ado_account_get_default_profile_id (account));
  g_assert_cmpuint (count, ==, 6);
  ado_account_set_id (account, "0badcafe");
  ado_account_set_id (account, "0badcafe");
  g_assert_cmpuint (count, ==, 7);

  g_object_set (account, "scope", "advertising::audiences", NULL);
  g_object_set (account, "scope", "advertising::audiences", NULL);
  g_assert_cmpuint (count, ==, 8);

  iso = ado_account_dup_obtained_at_iso8601 (account);
  g_assert_cmpstr (iso, ==, "2024-05-01T09:30:00Z");
}

static void
test_account_state_nicks (void)
{
  AdoAccountState state = ADO_ACCOUNT_STATE_OK;

  g_assert_cmpstr (ado_account_state_to_string (ADO_ACCOUNT_STATE_OK), ==, "ok");
  g_assert_cmpstr (ado_account_state_to_string (ADO_ACCOUNT_STATE_RECONNECT_NEEDED), ==,
                   "reconnect-needed");
  g_assert_true (ado_account_state_from_string ("reconnect-needed", &state));
  g_assert_cmpint (state, ==, ADO_ACCOUNT_STATE_RECONNECT_NEEDED);
  g_assert_false (ado_account_state_from_string ("broken", &state));
  g_assert_false (ado_account_state_from_string (NULL, &state));
}

static void
test_times (void)
{
  g_autofree char *text = ado_format_time_iso8601 (0);
  gint64 when = -1;

  g_assert_cmpstr (text, ==, "1970-01-01T00:00:00Z");
  g_assert_true (ado_parse_time ("2024-05-01T09:30:00Z", &when));
  g_assert_cmpint (when, ==, 1714555800);
  g_assert_true (ado_parse_time ("2024-05-01T11:30:00+02:00", &when));
  g_assert_cmpint (when, ==, 1714555800);
  g_assert_true (ado_parse_time ("1714555800", &when));
  g_assert_cmpint (when, ==, 1714555800);
  g_assert_false (ado_parse_time ("2024-05-01T09:30:00", &when));
  g_assert_false (ado_parse_time ("yesterday", &when));
  g_assert_false (ado_parse_time ("", &when));
  g_assert_false (ado_parse_time (NULL, &when));
}

static void
test_ids (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *id = ado_account_generate_id ();

      g_assert_cmpuint (strlen (id), ==, 8);
      g_assert_true (ado_account_id_is_valid (id));
      for (const char *c = id; *c != '\0'; c++)
        g_assert_true (g_ascii_isxdigit (*c) && !g_ascii_isupper (*c));
      g_assert_true (g_hash_table_add (seen, id));
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);

  g_assert_false (ado_account_id_is_valid ("A1B2C3D4"));
  g_assert_false (ado_account_id_is_valid ("a1b2c3d"));
  g_assert_false (ado_account_id_is_valid ("a1b2c3d4e"));
  g_assert_false (ado_account_id_is_valid ("a1b2c3g4"));
  g_assert_false (ado_account_id_is_valid (NULL));
}

static void
test_create_destroy (Fixture       *fixture,
                     gconstpointer  data)
{
  AdoAccountRegistry *registry = ado_account_registry_new_for_file (fixture->file);

  g_assert_true (ado_account_registry_get_file (registry) == fixture->file);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (registry), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (registry)) == ADO_TYPE_ACCOUNT);
  g_assert_finalize_object (registry);
}

static void
test_default_files (void)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new (FALSE);
  g_autoptr(AdoAccountRegistry) demo = ado_account_registry_new (TRUE);
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (),
                                                "ads-onboarding", "accounts.ini", NULL);
  g_autofree char *expected_demo = g_build_filename (g_get_user_config_dir (),
                                                     "ads-onboarding", "accounts-demo.ini",
                                                     NULL);

  /* main() pointed XDG_CONFIG_HOME at a temporary folder */
  g_assert_true (g_str_has_prefix (g_get_user_config_dir (), g_get_tmp_dir ()));
  g_assert_cmpstr (g_file_peek_path (ado_account_registry_get_file (registry)), ==, expected);
  g_assert_cmpstr (g_file_peek_path (ado_account_registry_get_file (demo)), ==, expected_demo);
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(GError) error = NULL;

  g_assert_true (load (registry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (registry), ==, 0);

  /* Reading makes nothing */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccountRegistry) again = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) first = make_account ("a1b2c3d4", "Shop = \"Europe\" ; #1", "eu");
  g_autoptr(AdoAccount) second = make_account (NULL, NULL, "fe");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  AdoAccount *loaded;
  GStatBuf st;

  ado_account_set_obtained_at (first, 1714555800);
  ado_account_set_default_profile_id (first, "3141592653589793238");
  ado_account_set_state (first, ADO_ACCOUNT_STATE_RECONNECT_NEEDED);
  ado_account_set_scope (second, "advertising::campaign_management advertising::audiences");

  ado_account_registry_add (registry, first);
  ado_account_registry_add (registry, second);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (registry), ==, 2);
  g_assert_true (ado_account_id_is_valid (ado_account_get_id (second)));
  g_assert_cmpstr (ado_account_get_name (second), ==, "Far East account 1");

  g_assert_true (save (registry, &error));
  g_assert_no_error (error);

  /* The folder is private, the file too */
  dir = g_path_get_dirname (fixture->path);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  contents = read_file (fixture->path);
  g_assert_nonnull (strstr (contents, "[account a1b2c3d4]\n"));
  g_assert_nonnull (strstr (contents, "obtained_at=2024-05-01T09:30:00Z\n"));
  g_assert_nonnull (strstr (contents, "state=reconnect-needed\n"));
  g_assert_nonnull (strstr (contents, "default_profile_id=3141592653589793238\n"));

  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);

  loaded = ado_account_registry_get_account (again, "a1b2c3d4");
  g_assert_nonnull (loaded);
  g_assert_cmpstr (ado_account_get_name (loaded), ==, "Shop = \"Europe\" ; #1");
  g_assert_cmpstr (ado_account_get_client_id (loaded), ==, CLIENT_ID);
  g_assert_cmpstr (ado_account_get_region (loaded), ==, "eu");
  g_assert_cmpstr (ado_account_get_redirect_uri (loaded), ==, "http://127.0.0.1:31416/callback");
  g_assert_cmpstr (ado_account_get_scope (loaded), ==, "advertising::campaign_management");
  g_assert_cmpint (ado_account_get_obtained_at (loaded), ==, 1714555800);
  g_assert_cmpstr (ado_account_get_default_profile_id (loaded), ==, "3141592653589793238");
  g_assert_cmpint (ado_account_get_state (loaded), ==, ADO_ACCOUNT_STATE_RECONNECT_NEEDED);

  loaded = ado_account_registry_get_account (again, ado_account_get_id (second));
  g_assert_nonnull (loaded);
  g_assert_cmpstr (ado_account_get_name (loaded), ==, "Far East account 1");
  g_assert_cmpstr (ado_account_get_region (loaded), ==, "fe");
  g_assert_cmpstr (ado_account_get_scope (loaded), ==,
                   "advertising::campaign_management advertising::audiences");
  g_assert_cmpint (ado_account_get_obtained_at (loaded), ==, 0);
  g_assert_null (ado_account_get_default_profile_id (loaded));
  g_assert_cmpint (ado_account_get_state (loaded), ==, ADO_ACCOUNT_STATE_OK);

  /* In file order */
  {
    g_autoptr(AdoAccount) item = g_list_model_get_item (G_LIST_MODEL (again), 0);

    g_assert_cmpstr (ado_account_get_id (item), ==, "a1b2c3d4");
    g_assert_null (g_list_model_get_item (G_LIST_MODEL (again), 2));
  }

  /* Removing, saving and reading again */
  g_assert_true (ado_account_registry_remove (again, ado_account_registry_get_account (again,
                                                                                   "a1b2c3d4")));
  g_assert_false (ado_account_registry_remove (again, first));
  g_assert_true (save (again, &error));
  g_assert_no_error (error);
  g_assert_true (load (registry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (registry), ==, 1);
  g_assert_null (ado_account_registry_get_account (registry, "a1b2c3d4"));
}

static void
test_unix_seconds_and_unknown_groups (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  AdoAccount *account;

  write_file (fixture->path,
              "# kept\n"
              "[future]\n"
              "setting=kept too\n"
              "\n"
              "[account 0badcafe]\n"
              "id=0badcafe\n"
              "name=Minimal\n"
              "client_id=" CLIENT_ID "\n"
              "region=na\n"
              "obtained_at=1714555800\n"
              "future_key=also kept\n",
              0600);

  g_assert_true (load (registry, &error));
  g_assert_no_error (error);
  account = ado_account_registry_get_account (registry, "0badcafe");
  g_assert_nonnull (account);
  g_assert_cmpint (ado_account_get_obtained_at (account), ==, 1714555800);
  g_assert_null (ado_account_get_redirect_uri (account));
  g_assert_cmpint (ado_account_get_state (account), ==, ADO_ACCOUNT_STATE_OK);

  ado_account_set_name (account, "Renamed");
  g_assert_true (save (registry, &error));
  g_assert_no_error (error);

  contents = read_file (fixture->path);
  g_assert_nonnull (strstr (contents, "# kept\n"));
  g_assert_nonnull (strstr (contents, "[future]\nsetting=kept too\n"));
  g_assert_nonnull (strstr (contents, "future_key=also kept\n"));
  g_assert_nonnull (strstr (contents, "name=Renamed\n"));
  g_assert_nonnull (strstr (contents, "obtained_at=2024-05-01T09:30:00Z\n"));
}

static void
test_atomic_write (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) account = make_account ("a1b2c3d4", "Shop", "na");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *names = NULL;
  g_autofree char *contents = NULL;
  GStatBuf before, after;

  /* An older file, readable by others, in a folder others can list */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  write_file (fixture->path, "# the old list\n", 0644);
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  g_assert_cmpint (g_stat (fixture->path, &before), ==, 0);
  g_assert_cmpint (before.st_mode & 0777, ==, 0644);

  g_assert_true (load (registry, &error));
  g_assert_no_error (error);
  ado_account_registry_add (registry, account);
  g_assert_true (save (registry, &error));
  g_assert_no_error (error);

  /* Replaced by a rename (a new inode, never the old file written over),
   * private, and no temporary file left: only the lock file beside it */
  g_assert_cmpint (g_stat (fixture->path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);
  g_assert_cmpint (after.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &after), ==, 0);
  g_assert_cmpint (after.st_mode & 0777, ==, 0700);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "accounts.ini accounts.ini.lock");

  contents = read_file (fixture->path);
  g_assert_nonnull (strstr (contents, "# the old list"));
  g_assert_nonnull (strstr (contents, "[account a1b2c3d4]"));
}

/* Saves started one after the other end with the last state on disk */
static void
test_save_order (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccountRegistry) again = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) account = make_account ("a1b2c3d4", "Name 0", "na");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  GAsyncResult *finished[10] = { NULL };

  ado_account_registry_add (registry, account);
  for (guint i = 0; i < G_N_ELEMENTS (finished); i++)
    {
      g_autofree char *name = g_strdup_printf ("Name %u", i);

      ado_account_set_name (account, name);
      ado_account_registry_save_async (registry, NULL, ado_test_result_cb, &finished[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (finished); i++)
    {
      GAsyncResult *result;

      ado_test_wait_for (&finished[i]);
      result = finished[i];
      g_assert_true (ado_account_registry_save_finish (registry, result, &error));
      g_assert_no_error (error);
      g_ptr_array_add (results, result);
    }

  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ado_account_get_name (ado_account_registry_get_account (again, "a1b2c3d4")),
                   ==, "Name 9");
}

static const struct {
  const char *name;
  const char *contents;
} damaged_files[] = {
  { "not-a-key-file", "this is not a key file\n\x01\x02" },
  { "not-utf8", "[account a1b2c3d4]\nid=a1b2c3d4\nname=\xff\xfe\n" },
  { "missing-client-id", "[account a1b2c3d4]\nid=a1b2c3d4\nname=Shop\nregion=na\n" },
  { "missing-id", "[account a1b2c3d4]\nname=Shop\nclient_id=" CLIENT_ID "\nregion=na\n" },
  { "wrong-id", "[account a1b2c3d4]\nid=ffffffff\nname=Shop\nclient_id=" CLIENT_ID
    "\nregion=na\n" },
  { "bad-id", "[account A1B2C3D4]\nid=A1B2C3D4\nname=Shop\nclient_id=" CLIENT_ID
    "\nregion=na\n" },
  { "bad-region", "[account a1b2c3d4]\nid=a1b2c3d4\nname=Shop\nclient_id=" CLIENT_ID
    "\nregion=us\n" },
  { "bad-time", "[account a1b2c3d4]\nid=a1b2c3d4\nname=Shop\nclient_id=" CLIENT_ID
    "\nregion=na\nobtained_at=last tuesday\n" },
  { "bad-state", "[account a1b2c3d4]\nid=a1b2c3d4\nname=Shop\nclient_id=" CLIENT_ID
    "\nregion=na\nstate=fine\n" },
  { "bad-profile", "[account a1b2c3d4]\nid=a1b2c3d4\nname=Shop\nclient_id=" CLIENT_ID
    "\nregion=na\ndefault_profile_id=12ab\n" },
};

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);

  for (guint i = 0; i < G_N_ELEMENTS (damaged_files); i++)
    {
      g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
      g_autoptr(AdoAccount) account = make_account (NULL, "New", "na");
      g_autoptr(GError) error = NULL;
      g_autoptr(GRegex) pattern = NULL;
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *names = NULL;
      g_autofree char *aside_name = NULL;
      g_autofree char *aside = NULL;
      g_autofree char *kept = NULL;

      g_test_message ("%s", damaged_files[i].name);
      ado_test_remove_dir (dir);
      write_file (fixture->path, damaged_files[i].contents, 0600);

      g_assert_false (load (registry, &error));
      g_assert_error (error, ADO_ERROR, ADO_ERROR_REGISTRY_DAMAGED);
      g_assert_cmpuint (ado_account_registry_get_n_accounts (registry), ==, 0);

      /* Kept aside as accounts.ini.damaged-<time>, byte for byte, and named */
      names = list_dir (dir);
      pattern = g_regex_new ("^accounts\\.ini\\.damaged-[0-9]{8}T[0-9]{6}Z$", 0, 0, NULL);
      g_assert_true (g_regex_match (pattern, names, 0, &match));
      aside_name = g_match_info_fetch (match, 0);
      aside = g_build_filename (dir, aside_name, NULL);
      kept = read_file (aside);
      g_assert_cmpstr (kept, ==, damaged_files[i].contents);
      g_assert_nonnull (strstr (error->message, aside));
      g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
      g_clear_error (&error);

      /* The registry can be used, and the damaged file stays */
      ado_account_registry_add (registry, account);
      g_assert_true (save (registry, &error));
      g_assert_no_error (error);
      g_clear_pointer (&names, g_free);
      names = list_dir (dir);
      g_clear_pointer (&kept, g_free);
      kept = g_strconcat ("accounts.ini ", aside_name, " accounts.ini.lock", NULL);
      g_assert_cmpstr (names, ==, kept);
    }
}

/* A second damaged file does not replace the first one kept aside */
static void
test_damaged_twice (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autofree char *names = NULL;
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
      g_autoptr(GError) error = NULL;

      write_file (fixture->path, i == 0 ? "first damage\n" : "second damage\n", 0600);
      g_assert_false (load (registry, &error));
      g_assert_error (error, ADO_ERROR, ADO_ERROR_REGISTRY_DAMAGED);
    }

  names = list_dir (dir);
  parts = g_strsplit (names, " ", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (g_str_has_prefix (parts[i], "accounts.ini.damaged-"));
}

static void
test_find (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) shop = make_account ("a1b2c3d4", "Shop", "na");
  g_autoptr(AdoAccount) twin_a = make_account ("0000000a", "Twin", "eu");
  g_autoptr(AdoAccount) twin_b = make_account ("0000000b", "Twin", "fe");
  g_autoptr(AdoAccount) tricky = make_account ("0000000c", "0000000a", "fe");
  g_autoptr(GError) error = NULL;
  AdoAccount *found;

  /* None */
  found = ado_account_registry_find (registry, NULL, &error);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT);
  g_assert_null (found);
  g_clear_error (&error);
  found = ado_account_registry_find (registry, "Shop", &error);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT);
  g_assert_null (found);
  g_clear_error (&error);

  /* Exactly one: it is the default */
  ado_account_registry_add (registry, shop);
  found = ado_account_registry_find (registry, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (found == shop);
  found = ado_account_registry_find (registry, "", &error);
  g_assert_no_error (error);
  g_assert_true (found == shop);

  ado_account_registry_add (registry, twin_a);
  ado_account_registry_add (registry, twin_b);
  ado_account_registry_add (registry, tricky);

  /* By id, by name */
  found = ado_account_registry_find (registry, "a1b2c3d4", &error);
  g_assert_no_error (error);
  g_assert_true (found == shop);
  found = ado_account_registry_find (registry, "Shop", &error);
  g_assert_no_error (error);
  g_assert_true (found == shop);
  found = ado_account_registry_find (registry, "0000000b", &error);
  g_assert_no_error (error);
  g_assert_true (found == twin_b);

  /* An id wins over a name */
  found = ado_account_registry_find (registry, "0000000a", &error);
  g_assert_no_error (error);
  g_assert_true (found == twin_a);

  /* Several with the name: ambiguous, with their ids */
  found = ado_account_registry_find (registry, "Twin", &error);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_AMBIGUOUS_ACCOUNT);
  g_assert_null (found);
  g_assert_nonnull (strstr (error->message, "0000000a"));
  g_assert_nonnull (strstr (error->message, "0000000b"));
  g_clear_error (&error);

  /* Several and none named: ambiguous, with all the ids */
  found = ado_account_registry_find (registry, NULL, &error);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_AMBIGUOUS_ACCOUNT);
  g_assert_null (found);
  g_assert_nonnull (strstr (error->message, "a1b2c3d4"));
  g_assert_nonnull (strstr (error->message, "0000000c"));
  g_clear_error (&error);

  /* Unknown: the faces say how to list them */
  found = ado_account_registry_find (registry, "Nobody", &error);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT);
  g_assert_null (found);
  g_assert_nonnull (strstr (error->message, "Nobody"));
  g_assert_null (strstr (error->message, "ads-onboarding"));
  g_assert_cmpint (ado_error_get_action (error), ==, ADO_ERROR_ACTION_CHOOSE_ACCOUNT);
  g_clear_error (&error);

  found = ado_account_registry_find (registry, "shop", &error);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT);
  g_assert_null (found);
}

static void
test_next_default_name (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) first = make_account (NULL, NULL, "na");
  g_autoptr(AdoAccount) other = make_account (NULL, "North America account 3", "na");
  g_autofree char *name = NULL;

  name = ado_account_registry_next_default_name (registry, "na");
  g_assert_cmpstr (name, ==, "North America account 1");
  g_clear_pointer (&name, g_free);
  name = ado_account_registry_next_default_name (registry, "eu");
  g_assert_cmpstr (name, ==, "Europe account 1");
  g_clear_pointer (&name, g_free);

  ado_account_registry_add (registry, first);
  g_assert_cmpstr (ado_account_get_name (first), ==, "North America account 1");
  name = ado_account_registry_next_default_name (registry, "na");
  g_assert_cmpstr (name, ==, "North America account 2");
  g_clear_pointer (&name, g_free);
  name = ado_account_registry_next_default_name (registry, "fe");
  g_assert_cmpstr (name, ==, "Far East account 1");
  g_clear_pointer (&name, g_free);

  /* A name that is taken is skipped */
  ado_account_registry_add (registry, other);
  name = ado_account_registry_next_default_name (registry, "na");
  g_assert_cmpstr (name, ==, "North America account 4");
  g_clear_pointer (&name, g_free);

  /* After a removal, no name is given twice */
  ado_account_registry_remove (registry, first);
  name = ado_account_registry_next_default_name (registry, "na");
  g_assert_cmpstr (name, ==, "North America account 2");
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

static void
test_list_model (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccountRegistry) again = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) a = make_account (NULL, "A", "na");
  g_autoptr(AdoAccount) b = make_account (NULL, "B", "eu");
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_signal_connect (registry, "items-changed", G_CALLBACK (items_changed_cb), log);
  ado_account_registry_add (registry, a);
  ado_account_registry_add (registry, b);
  ado_account_registry_add (registry, a);
  ado_account_registry_remove (registry, a);
  g_assert_cmpstr (log->str, ==, "0-0+1 1-0+1 0-1+0 ");

  g_assert_true (save (registry, &error));
  g_assert_no_error (error);
  g_signal_connect (again, "items-changed", G_CALLBACK (items_changed_cb), log);
  g_string_truncate (log, 0);
  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "0-0+1 0-1+1 ");
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccountRegistry) again = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) first = make_account ("0000000a", "North America account 1", "na");
  g_autoptr(AdoAccount) second = make_account ("0000000b", "North America account 2", "na");
  g_autoptr(AdoAccount) stranger = make_account ("0000000c", "Elsewhere", "eu");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) log = g_string_new (NULL);

  ado_account_registry_add (registry, first);
  ado_account_registry_add (registry, second);
  g_signal_connect (registry, "items-changed", G_CALLBACK (items_changed_cb), log);

  /* Two sign-ins of one Amazon user: the second gets a name of its own */
  g_assert_true (ado_account_registry_rename (registry, second, "  Shoes EU team \n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ado_account_get_name (second), ==, "Shoes EU team");
  g_assert_cmpstr (log->str, ==, "1-1+1 ");

  /* Not empty, and not another account's name or id: scripts find
   * accounts by either */
  g_assert_false (ado_account_registry_rename (registry, second, " ", &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (ado_account_registry_rename (registry, second, "North America account 1", &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (ado_account_registry_rename (registry, second, "0000000a", &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpstr (ado_account_get_name (second), ==, "Shoes EU team");
  /* Its own name again is no change */
  g_assert_true (ado_account_registry_rename (registry, second, "Shoes EU team", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "1-1+1 ");

  /* Only accounts of this registry */
  g_assert_false (ado_account_registry_rename (registry, stranger, "Mine", &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT);
  g_clear_error (&error);

  /* Kept once saved, and found by the new name */
  g_assert_true (save (registry, &error));
  g_assert_no_error (error);
  g_assert_true (load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ado_account_get_name (ado_account_registry_get_account (again, "0000000b")), ==,
                   "Shoes EU team");
  g_assert_true (ado_account_registry_find (again, "Shoes EU team", &error) ==
                 ado_account_registry_get_account (again, "0000000b"));
  g_assert_no_error (error);
}

/* Two holders of the list (the window and a command) change it one after
 * the other, each from what it read before the other saved: both changes
 * stay, a removal wins over a change, and two new accounts with the same
 * default name end with two names. */
static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) setup = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccountRegistry) window = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccountRegistry) command = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccountRegistry) after = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) shop = make_account ("a1b2c3d4", "Shop", "na");
  g_autoptr(AdoAccount) old = make_account ("0badcafe", "Old", "na");
  g_autoptr(AdoAccount) new_in_window = make_account ("11111111", NULL, "eu");
  g_autoptr(AdoAccount) new_in_command = make_account ("22222222", NULL, "eu");
  g_autoptr(GError) error = NULL;
  AdoAccount *account;

  ado_account_registry_add (setup, shop);
  ado_account_registry_add (setup, old);
  g_assert_true (save (setup, &error));
  g_assert_no_error (error);

  g_assert_true (load (window, &error));
  g_assert_no_error (error);
  g_assert_true (load (command, &error));
  g_assert_no_error (error);

  /* The window renames Shop, forgets Old and adds an account */
  g_assert_true (ado_account_registry_rename (window,
                                              ado_account_registry_get_account (window,
                                                                                "a1b2c3d4"),
                                              "Main shop", &error));
  g_assert_no_error (error);
  ado_account_registry_remove (window, ado_account_registry_get_account (window, "0badcafe"));
  ado_account_registry_add (window, new_in_window);
  g_assert_cmpstr (ado_account_get_name (new_in_window), ==, "Europe account 1");
  g_assert_true (save (window, &error));
  g_assert_no_error (error);

  /* The command, from its older read, sets Shop's default profile, marks
   * Old for reconnecting and adds an account of the same default name */
  ado_account_set_default_profile (ado_account_registry_get_account (command, "a1b2c3d4"),
                                   "1234567890", "na");
  ado_account_set_state (ado_account_registry_get_account (command, "0badcafe"),
                         ADO_ACCOUNT_STATE_RECONNECT_NEEDED);
  ado_account_registry_add (command, new_in_command);
  g_assert_cmpstr (ado_account_get_name (new_in_command), ==, "Europe account 1");
  g_assert_true (save (command, &error));
  g_assert_no_error (error);

  g_assert_true (load (after, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (after), ==, 3);
  account = ado_account_registry_get_account (after, "a1b2c3d4");
  g_assert_nonnull (account);
  g_assert_cmpstr (ado_account_get_name (account), ==, "Main shop");
  g_assert_cmpstr (ado_account_get_default_profile_id (account), ==, "1234567890");
  g_assert_null (ado_account_registry_get_account (after, "0badcafe"));
  g_assert_cmpstr (ado_account_get_name (ado_account_registry_get_account (after, "11111111")),
                   ==, "Europe account 1");
  g_assert_cmpstr (ado_account_get_name (ado_account_registry_get_account (after, "22222222")),
                   ==, "Europe account 2");
  /* The command knows the name it saved its account under, and keeps it */
  g_assert_cmpstr (ado_account_get_name (new_in_command), ==, "Europe account 2");
  ado_account_set_default_profile (new_in_command, "555", "eu");
  g_assert_true (save (command, &error));
  g_assert_no_error (error);
  g_assert_true (load (after, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ado_account_get_name (ado_account_registry_get_account (after, "22222222")),
                   ==, "Europe account 2");
  g_assert_cmpstr (ado_account_get_name (ado_account_registry_get_account (after, "11111111")),
                   ==, "Europe account 1");
}

/* Parallel changes: this program run again as a child that changes the
 * registry while its siblings do the same. */
#define PARALLEL_CHILDREN 8
#define PARALLEL_ROUNDS   6

static int
run_child (const char *path,
           const char *index_text)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  guint64 index = 0;

  g_assert_true (g_ascii_string_to_unsigned (index_text, 10, 0, 99, &index, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < PARALLEL_ROUNDS; round++)
    {
      g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (file);
      g_autofree char *id = g_strdup_printf ("c%02u%05u", (guint)index, round);
      g_autofree char *name = g_strdup_printf ("Child %u round %u", (guint)index, round);
      g_autoptr(AdoAccount) account = make_account (id, name, "eu");

      g_assert_true (load (registry, &error));
      g_assert_no_error (error);
      ado_account_registry_add (registry, account);
      g_assert_true (save (registry, &error));
      g_assert_no_error (error);
    }

  /* And one rename of its own first account, while the others add and rename */
  {
    g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (file);
    g_autofree char *id = g_strdup_printf ("c%02u%05u", (guint)index, 0u);
    g_autofree char *name = g_strdup_printf ("Renamed %u", (guint)index);
    AdoAccount *account;

    g_assert_true (load (registry, &error));
    g_assert_no_error (error);
    /* Lost already (the parent counts it): nothing to rename */
    account = ado_account_registry_get_account (registry, id);
    if (account == NULL)
      return 0;
    g_assert_true (ado_account_registry_rename (registry, account, name, &error));
    g_assert_no_error (error);
    g_assert_true (save (registry, &error));
    g_assert_no_error (error);
  }

  return 0;
}

static void
test_parallel_processes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(AdoAccountRegistry) registry = ado_account_registry_new_for_file (fixture->file);
  g_autoptr(AdoAccount) first = make_account ("a1b2c3d4", "Shop", "na");
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *lock_path = g_strconcat (fixture->path, ".lock", NULL);
  GStatBuf st;
  guint kept = 0;
  guint renamed = 0;

  /* One account before: the children must keep it too */
  ado_account_registry_add (registry, first);
  g_assert_true (save (registry, &error));
  g_assert_no_error (error);

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < PARALLEL_CHILDREN; i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);
      GSubprocess *child;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                self_exe, "--registry-child", fixture->path, index, NULL);
      g_assert_no_error (error);
      g_ptr_array_add (children, child);
    }

  for (guint i = 0; i < children->len; i++)
    {
      g_subprocess_wait_check (g_ptr_array_index (children, i), NULL, &error);
      g_assert_no_error (error);
    }

  g_clear_object (&registry);
  registry = ado_account_registry_new_for_file (fixture->file);
  g_assert_true (load (registry, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < PARALLEL_CHILDREN; i++)
    {
      for (guint round = 0; round < PARALLEL_ROUNDS; round++)
        {
          g_autofree char *id = g_strdup_printf ("c%02u%05u", i, round);
          AdoAccount *account = ado_account_registry_get_account (registry, id);
          g_autofree char *name = g_strdup_printf ("Renamed %u", i);

          if (account == NULL)
            continue;
          kept++;
          if (round == 0 && g_strcmp0 (ado_account_get_name (account), name) == 0)
            renamed++;
        }
    }

  g_test_message ("%u of %u accounts kept, %u of %u renames kept",
                  kept, PARALLEL_CHILDREN * PARALLEL_ROUNDS, renamed, PARALLEL_CHILDREN);
  g_assert_nonnull (ado_account_registry_get_account (registry, "a1b2c3d4"));
  g_assert_cmpuint (kept, ==, PARALLEL_CHILDREN * PARALLEL_ROUNDS);
  g_assert_cmpuint (renamed, ==, PARALLEL_CHILDREN);
  g_assert_cmpuint (ado_account_registry_get_n_accounts (registry), ==,
                    1 + PARALLEL_CHILDREN * PARALLEL_ROUNDS);

  /* The lock file is private, beside the list */
  g_assert_cmpint (g_stat (lock_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  int status;

  if (argc == 4 && g_strcmp0 (argv[1], "--registry-child") == 0)
    return run_child (argv[2], argv[3]);

  /* Never the real configuration folder */
  config = g_dir_make_tmp ("ado-registry-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ado/account-registry/account/create-destroy", test_account_create_destroy);
  g_test_add_func ("/ado/account-registry/account/notify", test_account_notify);
  g_test_add_func ("/ado/account-registry/account/state-nicks", test_account_state_nicks);
  g_test_add_func ("/ado/account-registry/account/times", test_times);
  g_test_add_func ("/ado/account-registry/account/ids", test_ids);
  g_test_add_func ("/ado/account-registry/default-files", test_default_files);
  g_test_add ("/ado/account-registry/create-destroy", Fixture, NULL,
              fixture_set_up, test_create_destroy, fixture_tear_down);
  g_test_add ("/ado/account-registry/missing-file", Fixture, NULL,
              fixture_set_up, test_missing_file, fixture_tear_down);
  g_test_add ("/ado/account-registry/round-trip", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/ado/account-registry/unix-seconds-and-unknown-groups", Fixture, NULL,
              fixture_set_up, test_unix_seconds_and_unknown_groups, fixture_tear_down);
  g_test_add ("/ado/account-registry/atomic-write", Fixture, NULL,
              fixture_set_up, test_atomic_write, fixture_tear_down);
  g_test_add ("/ado/account-registry/save-order", Fixture, NULL,
              fixture_set_up, test_save_order, fixture_tear_down);
  g_test_add ("/ado/account-registry/damaged", Fixture, NULL,
              fixture_set_up, test_damaged, fixture_tear_down);
  g_test_add ("/ado/account-registry/damaged-twice", Fixture, NULL,
              fixture_set_up, test_damaged_twice, fixture_tear_down);
  g_test_add ("/ado/account-registry/find", Fixture, NULL,
              fixture_set_up, test_find, fixture_tear_down);
  g_test_add ("/ado/account-registry/rename", Fixture, NULL,
              fixture_set_up, test_rename, fixture_tear_down);
  g_test_add ("/ado/account-registry/next-default-name", Fixture, NULL,
              fixture_set_up, test_next_default_name, fixture_tear_down);
  g_test_add ("/ado/account-registry/list-model", Fixture, NULL,
              fixture_set_up, test_list_model, fixture_tear_down);
  g_test_add ("/ado/account-registry/merge", Fixture, NULL,
              fixture_set_up, test_merge, fixture_tear_down);
  g_test_add ("/ado/account-registry/parallel-processes", Fixture, NULL,
              fixture_set_up, test_parallel_processes, fixture_tear_down);

  status = g_test_run ();

  ado_test_remove_dir (config);
  return status;
}
