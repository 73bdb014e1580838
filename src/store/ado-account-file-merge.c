/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-account-registry"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ado-account-file-private.h"
#include "ado-error.h"

/*
 * How changes reach the registry's file (reading and writing it is
 * ado-account-file.c): ado_account_file_snapshot() and
 * ado_account_file_diff() say what this process changed since it read the
 * file, and ado_account_file_apply() makes those changes to the file as it
 * is now, under an exclusive lock across processes.
 */

#define LOCK_WAIT_USEC  (5 * G_USEC_PER_SEC)
#define LOCK_RETRY_USEC (10 * 1000)

/* One change to the file: a key of an account's group set (value) or
 * removed (value %NULL), or the whole group removed (key %NULL). */
typedef struct
{
  char     *group;
  char     *key;
  char     *value;
  gboolean  added;   /* the account is new here: its group may be missing */
} Change;

typedef struct
{
  GPtrArray  *changes;   /* Change */
  const char *comment;
  GHashTable *renamed;   /* account id → the name it was saved under */
} ApplyData;

typedef void (*ChangeFunc) (GKeyFile *key_file,
                            gpointer  data);

static void
change_free (Change *change)
{
  g_free (change->group);
  g_free (change->key);
  g_free (change->value);
  g_free (change);
}

/**
 * ado_account_file_snapshot:
 * @base: the file as last read or written
 * @accounts: (element-type AdoAccount): the accounts as they are now
 *
 * Returns: (transfer full): a copy of @base with @accounts written into it
 */
GKeyFile *
ado_account_file_snapshot (GKeyFile  *base,
                           GPtrArray *accounts)
{
  GKeyFile *key_file = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length = 0;

  data = g_key_file_to_data (base, &length, NULL);
  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_KEEP_COMMENTS, NULL))
    g_assert_not_reached ();
  ado_account_file_update (key_file, accounts);

  return key_file;
}

static void
add_change (GPtrArray  *changes,
            const char *group,
            const char *key,
            const char *value,
            gboolean    added)
{
  Change *change = g_new0 (Change, 1);

  change->group = g_strdup (group);
  change->key = g_strdup (key);
  change->value = g_strdup (value);
  change->added = added;
  g_ptr_array_add (changes, change);
}

static void
diff_group (GPtrArray  *changes,
            GKeyFile   *base,
            GKeyFile   *current,
            const char *group)
{
  gboolean added = !g_key_file_has_group (base, group);
  g_auto(GStrv) old_keys = added ? NULL : g_key_file_get_keys (base, group, NULL, NULL);
  g_auto(GStrv) new_keys = g_key_file_get_keys (current, group, NULL, NULL);

  for (guint i = 0; new_keys != NULL && new_keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (current, group, new_keys[i], NULL);
      g_autofree char *old = added ? NULL : g_key_file_get_value (base, group, new_keys[i], NULL);

      if (g_strcmp0 (value, old) != 0)
        add_change (changes, group, new_keys[i], value, added);
    }

  for (guint i = 0; old_keys != NULL && old_keys[i] != NULL; i++)
    {
      if (!g_key_file_has_key (current, group, old_keys[i], NULL))
        add_change (changes, group, old_keys[i], NULL, added);
    }
}

/**
 * ado_account_file_diff:
 * @base: the file as last read or written
 * @current: the same with the accounts' changes, from ado_account_file_snapshot()
 *
 * Returns: (transfer full): what changed, for ado_account_file_apply()
 */
GPtrArray *
ado_account_file_diff (GKeyFile *base,
                       GKeyFile *current)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify)change_free);
  g_auto(GStrv) old_groups = g_key_file_get_groups (base, NULL);
  g_auto(GStrv) new_groups = g_key_file_get_groups (current, NULL);

  for (guint i = 0; old_groups[i] != NULL; i++)
    {
      if (!g_key_file_has_group (current, old_groups[i]))
        add_change (changes, old_groups[i], NULL, NULL, FALSE);
    }

  for (guint i = 0; new_groups[i] != NULL; i++)
    diff_group (changes, base, current, new_groups[i]);

  return changes;
}

static gboolean
name_taken (GKeyFile   *key_file,
            const char *own_group,
            const char *name)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *other = NULL;

      if (!g_str_has_prefix (groups[i], GROUP_PREFIX) || g_strcmp0 (groups[i], own_group) == 0)
        continue;

      other = g_key_file_get_string (key_file, groups[i], "name", NULL);
      if (g_strcmp0 (other, name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Two sign-ins that ran at once may have picked the same default name
 * ("North America account 2"): the later one takes the next free number. */
static void
make_name_unique (GKeyFile   *key_file,
                  const char *group,
                  GHashTable *renamed)
{
  g_autofree char *name = g_key_file_get_string (key_file, group, "name", NULL);
  const char *digits;
  g_autofree char *stem = NULL;
  guint64 n = 1;

  if (name == NULL || !name_taken (key_file, group, name))
    return;

  for (digits = name + strlen (name); digits > name && g_ascii_isdigit (digits[-1]); digits--)
    ;
  if (digits > name && digits[-1] == ' ' && digits[0] != '\0' &&
      g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT32, &n, NULL))
    stem = g_strndup (name, digits - name - 1);
  else
    stem = g_strdup (name);

  for (n++; n < G_MAXUINT32; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s %" G_GUINT64_FORMAT, stem, n);

      if (!name_taken (key_file, group, candidate))
        {
          g_debug ("Name taken meanwhile; saving the new account as “%s”", candidate);
          g_key_file_set_string (key_file, group, "name", candidate);
          g_hash_table_replace (renamed, g_strdup (group + strlen (GROUP_PREFIX)),
                                g_steal_pointer (&candidate));
          return;
        }
    }
}

static void
apply_changes (GKeyFile *key_file,
               gpointer  data)
{
  ApplyData *save = data;
  g_autofree char *comment = g_key_file_get_comment (key_file, NULL, NULL, NULL);

  if ((comment == NULL || comment[0] == '\0') && save->comment != NULL)
    g_key_file_set_comment (key_file, NULL, NULL, save->comment, NULL);

  for (guint i = 0; i < save->changes->len; i++)
    {
      Change *change = g_ptr_array_index (save->changes, i);

      if (change->key == NULL)
        g_key_file_remove_group (key_file, change->group, NULL);
      else if (!change->added && !g_key_file_has_group (key_file, change->group))
        continue;  /* removed by another process meanwhile: that wins */
      else if (change->value == NULL)
        g_key_file_remove_key (key_file, change->group, change->key, NULL);
      else
        g_key_file_set_value (key_file, change->group, change->key, change->value);
    }

  for (guint i = 0; i < save->changes->len; i++)
    {
      Change *change = g_ptr_array_index (save->changes, i);

      if (change->added && g_strcmp0 (change->key, "name") == 0)
        make_name_unique (key_file, change->group, save->renamed);
    }
}

/* Takes the lock beside @path; returns its descriptor, or -1 with @error. */
static int
lock_registry (const char  *path,
               GError     **error)
{
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  gint64 deadline = g_get_monotonic_time () + LOCK_WAIT_USEC;
  int fd;

  if (!ado_account_file_make_folder (dir, error))
    return -1;

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, ADO_ERROR, ADO_ERROR_FAILED,
                   _("The list of accounts could not be locked (“%s”: %s)."),
                   lock_path, g_strerror (saved_errno));
      return -1;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;

      if (saved_errno != EWOULDBLOCK || g_get_monotonic_time () >= deadline)
        {
          if (saved_errno == EWOULDBLOCK)
            g_set_error_literal (error, ADO_ERROR, ADO_ERROR_FAILED,
                                 _("The list of accounts is busy: another Ads Onboarding "
                                   "is changing it. Try again in a moment."));
          else
            g_set_error (error, ADO_ERROR, ADO_ERROR_FAILED,
                         _("The list of accounts could not be locked (“%s”: %s)."),
                         lock_path, g_strerror (saved_errno));
          close (fd);
          return -1;
        }

      g_usleep (LOCK_RETRY_USEC);
    }

  return fd;
}

static gboolean
read_apply_write (const char  *path,
                  ChangeFunc   change_func,
                  gpointer     data,
                  GError     **error)
{
  g_autoptr(AdoAccountFile) read = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  read = ado_account_file_read (path, error);
  if (read == NULL)
    return FALSE;

  if (read->blocked)
    {
      g_propagate_error (error, g_steal_pointer (&read->damaged));
      return FALSE;
    }

  change_func (read->key_file, data);
  contents = g_key_file_to_data (read->key_file, &length, NULL);

  return ado_account_file_write (path, contents, length, error);
}

/* Under the lock: reads the file as it is now, lets @change_func change it,
 * writes it atomically. Blocking: for worker threads. */
static gboolean
modify (const char  *path,
        ChangeFunc   change_func,
        gpointer     data,
        GError     **error)
{
  gboolean ret;
  int fd;

  fd = lock_registry (path, error);
  if (fd < 0)
    return FALSE;

  ret = read_apply_write (path, change_func, data, error);

  flock (fd, LOCK_UN);
  close (fd);

  return ret;
}

/**
 * ado_account_file_rename:
 * @key_file: a registry's contents
 * @renamed: account id → name, from ado_account_file_apply()
 *
 * Gives the accounts of @key_file the names they were saved under.
 */
void
ado_account_file_rename (GKeyFile   *key_file,
                         GHashTable *renamed)
{
  GHashTableIter iter;
  gpointer id, name;

  g_hash_table_iter_init (&iter, renamed);
  while (g_hash_table_iter_next (&iter, &id, &name))
    {
      g_autofree char *group = _ado_account_file_group_for_id (id);

      if (g_key_file_has_group (key_file, group))
        g_key_file_set_string (key_file, group, "name", name);
    }
}

/**
 * ado_account_file_apply:
 * @path: the registry's file
 * @changes: from ado_account_file_diff()
 * @comment: (nullable): the file's comment, when it has none yet
 * @renamed: (out) (transfer full) (optional): the accounts added here whose
 *   name another process took meanwhile: account id → the name saved
 * @error: the place for an error
 *
 * Under an exclusive lock across processes (flock on <path>.lock, made
 * with mode 0600): reads the file as it is now, applies @changes to it and
 * replaces it atomically. Waits up to 5 s for the lock. Blocking.
 */
gboolean
ado_account_file_apply (const char   *path,
                        GPtrArray    *changes,
                        const char   *comment,
                        GHashTable  **renamed,
                        GError      **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ApplyData data = { changes, comment, names };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!modify (path, apply_changes, &data, error))
    return FALSE;

  if (renamed != NULL)
    *renamed = g_steal_pointer (&names);

  return TRUE;
}

