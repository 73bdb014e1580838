/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-account-registry"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ado-account-file-private.h"
#include "ado-account.h"
#include "ado-error.h"
#include "ads/ado-amazon.h"

/*
 * The file of the account registry, in the user's configuration folder:
 * a GKeyFile with one group per account, never a secret.
 *
 *   [account a1b2c3d4]
 *   id=a1b2c3d4
 *   name=North America account 1
 *   client_id=amzn1.application-oa2-client.…
 *   region=na
 *   redirect_uri=http://127.0.0.1:31416/callback
 *   scope=advertising::campaign_management
 *   obtained_at=2024-05-01T09:30:00Z
 *   default_profile_id=1234567890
 *   default_profile_region=eu
 *   default_profile_country=DE
 *   default_profile_type=vendor
 *   state=ok
 *
 * id, name, client_id and region are required. obtained_at is written in
 * ISO 8601, UTC, whole seconds, with a `Z`; decimal Unix seconds are read
 * too. Groups and keys it does not know are kept as they are, so that a
 * newer version's file survives an older version's save.
 *
 * The file is replaced atomically (a temporary file renamed over it) with
 * mode 0600, in a folder made with mode 0700. A file that cannot be read
 * as a registry is never dropped: it is renamed to
 * accounts.ini.damaged-<YYYYMMDDTHHMMSSZ> and the registry starts empty.
 *
 * Changes are written with ado_account_file_apply(): under an exclusive
 * lock across processes (flock on accounts.ini.lock, mode 0600, beside the
 * file), the file is read again, the changes made since this process read
 * it are applied to it, and it is replaced; then the lock is let go.
 *
 * That merge under the lock is in ado-account-file-merge.c.
 */

char *
_ado_account_file_group_for_id (const char *id)
{
  return g_strconcat (GROUP_PREFIX, id, NULL);
}

static gboolean
damaged (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
damaged (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (ADO_ERROR, ADO_ERROR_REGISTRY_DAMAGED,
                                                format, args));
  va_end (args);

  return FALSE;
}

static char *
get_required (GKeyFile    *key_file,
              const char  *group,
              const char  *key,
              GError     **error)
{
  g_autofree char *value = g_key_file_get_string (key_file, group, key, NULL);

  if (value == NULL || value[0] == '\0')
    {
      /* Translators: the reason why the list of accounts could not be read */
      damaged (error, _("the group “%s” has no “%s”"), group, key);
      return NULL;
    }

  return g_steal_pointer (&value);
}

static AdoAccount *
account_from_group (GKeyFile    *key_file,
                    const char  *group,
                    GError     **error)
{
  g_autoptr(AdoAccount) account = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *region = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *obtained_at = NULL;
  g_autofree char *profile_id = NULL;
  g_autofree char *profile_region = NULL;
  g_autofree char *profile_country = NULL;
  g_autofree char *profile_type = NULL;
  g_autofree char *state_nick = NULL;
  AdoAccountState state = ADO_ACCOUNT_STATE_OK;
  AdoRegion unused;
  gint64 when = 0;

  if (!(id = get_required (key_file, group, "id", error)) ||
      !(name = get_required (key_file, group, "name", error)) ||
      !(client_id = get_required (key_file, group, "client_id", error)) ||
      !(region = get_required (key_file, group, "region", error)))
    return NULL;

  if (!ado_account_id_is_valid (id) || !g_str_equal (group + strlen (GROUP_PREFIX), id))
    {
      /* Translators: the reason why the list of accounts could not be read */
      damaged (error, _("the group “%s” has a wrong id “%s”"), group, id);
      return NULL;
    }

  if (!ado_region_from_id (region, &unused))
    {
      /* Translators: the reason why the list of accounts could not be read */
      damaged (error, _("the group “%s” has an unknown region “%s”"), group, region);
      return NULL;
    }

  redirect_uri = g_key_file_get_string (key_file, group, "redirect_uri", NULL);
  scope = g_key_file_get_string (key_file, group, "scope", NULL);

  obtained_at = g_key_file_get_string (key_file, group, "obtained_at", NULL);
  if (obtained_at != NULL && obtained_at[0] != '\0' && !ado_parse_time (obtained_at, &when))
    {
      /* Translators: the reason why the list of accounts could not be read */
      damaged (error, _("the group “%s” has an invalid time “%s”"), group, obtained_at);
      return NULL;
    }

  profile_id = g_key_file_get_string (key_file, group, "default_profile_id", NULL);
  if (profile_id != NULL && profile_id[0] != '\0' &&
      !ado_account_profile_id_is_valid (profile_id))
    {
      /* Translators: the reason why the list of accounts could not be read */
      damaged (error, _("the group “%s” has an invalid profile ID “%s”"), group, profile_id);
      return NULL;
    }

  /* Optional and only a hint: an unknown value is dropped, not fatal */
  profile_region = g_key_file_get_string (key_file, group, "default_profile_region", NULL);
  if (profile_region != NULL && !ado_region_from_id (profile_region, &unused))
    g_clear_pointer (&profile_region, g_free);
  profile_country = g_key_file_get_string (key_file, group, "default_profile_country", NULL);
  profile_type = g_key_file_get_string (key_file, group, "default_profile_type", NULL);

  state_nick = g_key_file_get_string (key_file, group, "state", NULL);
  if (state_nick != NULL && state_nick[0] != '\0' &&
      !ado_account_state_from_string (state_nick, &state))
    {
      /* Translators: the reason why the list of accounts could not be read */
      damaged (error, _("the group “%s” has an unknown state “%s”"), group, state_nick);
      return NULL;
    }

  account = ado_account_new (id);
  ado_account_set_name (account, name);
  ado_account_set_client_id (account, client_id);
  ado_account_set_region (account, region);
  ado_account_set_redirect_uri (account, redirect_uri);
  ado_account_set_scope (account, scope);
  ado_account_set_obtained_at (account, MAX (when, 0));
  ado_account_set_default_profile (account, profile_id, profile_region);
  ado_account_set_default_profile_details (account, profile_country, profile_type);
  ado_account_set_state (account, state);

  return g_steal_pointer (&account);
}

static GPtrArray *
accounts_from_key_file (GKeyFile  *key_file,
                        GError   **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      AdoAccount *account;

      /* Other groups are kept, not read: a newer version may have added them */
      if (!g_str_has_prefix (groups[i], GROUP_PREFIX))
        continue;

      account = account_from_group (key_file, groups[i], error);
      if (account == NULL)
        return NULL;

      g_ptr_array_add (accounts, account);
    }

  return g_steal_pointer (&accounts);
}

/* Renames a damaged registry to <path>.damaged-<time>, never over another file. */
static char *
set_aside (const char  *path,
           GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *aside = NULL;

      if (i == 0)
        aside = g_strdup_printf ("%s.damaged-%s", path, stamp);
      else
        aside = g_strdup_printf ("%s.damaged-%s-%u", path, stamp, i);

      if (g_file_test (aside, G_FILE_TEST_EXISTS))
        continue;

      if (g_rename (path, aside) != 0)
        {
          int saved_errno = errno;

          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }

      return g_steal_pointer (&aside);
    }

  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, g_strerror (EEXIST));
  return NULL;
}

static AdoAccountFile *
new_empty (void)
{
  AdoAccountFile *file = g_new0 (AdoAccountFile, 1);

  file->key_file = g_key_file_new ();
  file->accounts = g_ptr_array_new_with_free_func (g_object_unref);

  return file;
}

void
ado_account_file_free (AdoAccountFile *file)
{
  if (file == NULL)
    return;

  g_clear_pointer (&file->key_file, g_key_file_unref);
  g_clear_pointer (&file->accounts, g_ptr_array_unref);
  g_clear_error (&file->damaged);
  g_free (file);
}

/**
 * ado_account_file_read:
 * @path: the registry's file
 * @error: the place for an error
 *
 * Reads the registry. A missing file is an empty registry. A damaged one
 * is renamed to <path>.damaged-<time> and read as an empty registry with
 * AdoAccountFile.damaged set.
 *
 * Returns: (transfer full): what the file holds, or %NULL with @error set
 *   when it could not be read at all
 */
AdoAccountFile *
ado_account_file_read (const char  *path,
                       GError     **error)
{
  g_autoptr(AdoAccountFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) move_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *aside = NULL;
  GPtrArray *accounts = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  file = new_empty ();

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, ADO_ERROR, ADO_ERROR_FAILED,
                       _("The list of accounts “%s” could not be read (%s). "
                         "Check that it is a readable file, then try again."),
                       path, local_error->message);
          return NULL;
        }

      g_debug ("No list of accounts at %s yet", path);
      return g_steal_pointer (&file);
    }

  if (g_key_file_load_from_data (file->key_file, contents, length,
                                 G_KEY_FILE_KEEP_COMMENTS, &local_error))
    accounts = accounts_from_key_file (file->key_file, &local_error);

  if (accounts != NULL)
    {
      g_debug ("Read %u accounts from %s", accounts->len, path);
      g_ptr_array_unref (file->accounts);
      file->accounts = accounts;
      return g_steal_pointer (&file);
    }

  /* Damaged: keep it aside and start empty */
  g_clear_pointer (&file->key_file, g_key_file_unref);
  file->key_file = g_key_file_new ();

  aside = set_aside (path, &move_error);
  if (aside != NULL)
    {
      g_debug ("The list of accounts %s is damaged; kept aside as %s", path, aside);
      file->damaged = g_error_new (ADO_ERROR, ADO_ERROR_REGISTRY_DAMAGED,
                                   _("The list of accounts could not be read (%s) and was "
                                     "kept aside as “%s”. Connect the accounts again, or "
                                     "repair that file and move it back."),
                                   local_error->message, aside);
    }
  else
    {
      file->blocked = TRUE;
      file->damaged = g_error_new (ADO_ERROR, ADO_ERROR_REGISTRY_DAMAGED,
                                   _("The list of accounts “%s” could not be read (%s) "
                                     "nor kept aside (%s). Repair or remove it, then try "
                                     "again."),
                                   path, local_error->message, move_error->message);
    }

  return g_steal_pointer (&file);
}

static void
set_or_remove (GKeyFile   *key_file,
               const char *group,
               const char *key,
               const char *value)
{
  if (value != NULL && value[0] != '\0')
    g_key_file_set_string (key_file, group, key, value);
  else
    g_key_file_remove_key (key_file, group, key, NULL);
}

static gboolean
has_account (GPtrArray  *accounts,
             const char *id)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      if (g_strcmp0 (ado_account_get_id (g_ptr_array_index (accounts, i)), id) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * ado_account_file_update:
 * @key_file: the file as read
 * @accounts: (element-type AdoAccount): the accounts as they are now
 *
 * Writes @accounts into @key_file, keeping what it does not own.
 */
void
ado_account_file_update (GKeyFile  *key_file,
                         GPtrArray *accounts)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);
  g_autofree char *comment = g_key_file_get_comment (key_file, NULL, NULL, NULL);

  if (comment == NULL || comment[0] == '\0')
    g_key_file_set_comment (key_file, NULL, NULL,
                            " Ads Onboarding: the connected Amazon Ads API accounts.\n"
                            " No secrets here: the tokens are in the desktop keyring.",
                            NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_has_prefix (groups[i], GROUP_PREFIX) &&
          !has_account (accounts, groups[i] + strlen (GROUP_PREFIX)))
        g_key_file_remove_group (key_file, groups[i], NULL);
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      AdoAccount *account = g_ptr_array_index (accounts, i);
      const char *id = ado_account_get_id (account);
      const char *name = ado_account_get_name (account);
      g_autofree char *group = _ado_account_file_group_for_id (id);
      g_autofree char *obtained_at = ado_account_dup_obtained_at_iso8601 (account);

      g_key_file_set_string (key_file, group, "id", id);
      g_key_file_set_string (key_file, group, "name",
                             name != NULL && name[0] != '\0' ? name : id);
      set_or_remove (key_file, group, "client_id", ado_account_get_client_id (account));
      g_key_file_set_string (key_file, group, "region", ado_account_get_region (account));
      set_or_remove (key_file, group, "redirect_uri", ado_account_get_redirect_uri (account));
      set_or_remove (key_file, group, "scope", ado_account_get_scope (account));
      set_or_remove (key_file, group, "obtained_at", obtained_at);
      set_or_remove (key_file, group, "default_profile_id",
                     ado_account_get_default_profile_id (account));
      set_or_remove (key_file, group, "default_profile_region",
                     ado_account_get_default_profile_region (account));
      set_or_remove (key_file, group, "default_profile_country",
                     ado_account_get_default_profile_country (account));
      set_or_remove (key_file, group, "default_profile_type",
                     ado_account_get_default_profile_type (account));
      g_key_file_set_string (key_file, group, "state",
                             ado_account_state_to_string (ado_account_get_state (account)));
    }
}

/**
 * ado_account_file_make_folder:
 * @dir: the app's own folder
 *
 * Makes @dir with mode 0700, or makes it so when it exists more open (an
 * older version, a hand-made folder): only its owner lists it.
 */
gboolean
ado_account_file_make_folder (const char  *dir,
                              GError     **error)
{
  GStatBuf info;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      g_stat (dir, &info) != 0 ||
      ((info.st_mode & 0077) != 0 && g_chmod (dir, 0700) != 0))
    {
      int saved_errno = errno;

      g_set_error (error, ADO_ERROR, ADO_ERROR_FAILED,
                   _("The folder “%s” for the list of accounts could not be made private (%s)."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * ado_account_file_write:
 * @path: the registry's file
 * @data: the whole file
 * @length: the length of @data
 * @error: the place for an error
 *
 * Replaces the file atomically: a temporary file in the same folder, with
 * mode 0600, renamed over it. The folder is made (mode 0700) when missing,
 * and made 0700 when it is more open.
 */
gboolean
ado_account_file_write (const char  *path,
                        const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (!ado_account_file_make_folder (dir, error))
    return FALSE;

  if (!g_file_set_contents_full (path, data, (gssize)length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_FAILED,
                   _("The list of accounts could not be saved to “%s” (%s)."),
                   path, local_error->message);
      return FALSE;
    }

  g_debug ("Saved the list of accounts to %s", path);
  return TRUE;
}

