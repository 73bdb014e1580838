/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-orphans"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "ado-orphans.h"
#include "ado-account-file.h"
#include "ado-error.h"

/*
 * A new sign-in stores its tokens in the keyring, then lists the account
 * in the registry. A process killed in between would leave tokens under an
 * account ID that nothing lists: --forget could not reach them. So a new
 * sign-in first leaves a note beside the registry, pending-<id>.ini (the
 * account ID, its client ID, whether it is the demo's), locked with flock
 * for as long as the process runs, and removes it once the account is
 * listed. A note whose lock can be taken belongs to a sign-in that ended
 * without listing its account (killed, or failed): its tokens are removed
 * and the note with them. That sweep runs before every new sign-in is kept
 * and before --forget.
 */

#define PENDING_PREFIX "pending-"
#define PENDING_SUFFIX ".ini"
#define PENDING_GROUP  "pending"

static char *
folder_of (AdoAccountRegistry *registry)
{
  return g_path_get_dirname (g_file_peek_path (ado_account_registry_get_file (registry)));
}

static char *
pending_path (AdoAccountRegistry *registry,
              const char         *account_id)
{
  g_autofree char *dir = folder_of (registry);
  g_autofree char *name = g_strconcat (PENDING_PREFIX, account_id, PENDING_SUFFIX, NULL);

  return g_build_filename (dir, name, NULL);
}

/**
 * ado_pending_sign_in_begin:
 * @account_id: the new account's ID
 *
 * Leaves the note of a sign-in whose account is not listed yet, locked
 * until ado_pending_sign_in_end().
 *
 * Returns: the locked note's descriptor, or -1 with @error
 */
int
ado_pending_sign_in_begin (AdoAccountRegistry  *registry,
                           const char          *account_id,
                           const char          *client_id,
                           gboolean             demo,
                           GError             **error)
{
  g_autoptr(GKeyFile) note = g_key_file_new ();
  g_autofree char *dir = folder_of (registry);
  g_autofree char *path = pending_path (registry, account_id);
  g_autofree char *tmp_path = g_build_filename (dir, PENDING_PREFIX "XXXXXX.tmp", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  int fd;

  g_return_val_if_fail (ado_account_id_is_valid (account_id), -1);

  if (!ado_account_file_make_folder (dir, error))
    return -1;

  g_key_file_set_string (note, PENDING_GROUP, "client_id", client_id);
  g_key_file_set_boolean (note, PENDING_GROUP, "demo", demo);
  contents = g_key_file_to_data (note, &length, NULL);

  /* Locked before it has its name: a sweep never sees an unlocked or
   * half-written note of a running sign-in */
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 ||
      flock (fd, LOCK_EX) != 0 ||
      write (fd, contents, length) != (gssize)length ||
      g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        {
          g_unlink (tmp_path);
          close (fd);
        }
      g_set_error (error, ADO_ERROR, ADO_ERROR_FAILED,
                   _("The sign-in could not be noted in “%s” (%s)."),
                   dir, g_strerror (saved_errno));
      return -1;
    }

  g_debug ("Sign-in of account %s pending", account_id);
  return fd;
}

/**
 * ado_pending_sign_in_end:
 * @fd: from ado_pending_sign_in_begin(), or -1
 * @listed: whether the account is in the registry now; if not, the note
 *   stays for the next sweep to remove the tokens
 */
void
ado_pending_sign_in_end (AdoAccountRegistry *registry,
                         const char         *account_id,
                         int                 fd,
                         gboolean            listed)
{
  if (fd < 0)
    return;

  if (listed)
    {
      g_autofree char *path = pending_path (registry, account_id);

      g_unlink (path);
    }

  /* Closing lets go of the lock */
  close (fd);
}

/* --- The sweep ---------------------------------------------------------------------- */

typedef struct
{
  char *path;
  char *account_id;
  char *client_id;
  int   fd;          /* locked: its sign-in is over */
} Orphan;

static void
orphan_free (Orphan *orphan)
{
  g_free (orphan->path);
  g_free (orphan->account_id);
  g_free (orphan->client_id);
  if (orphan->fd >= 0)
    close (orphan->fd);
  g_free (orphan);
}

typedef struct
{
  AdoCredentialStore *store;
  GPtrArray          *orphans;   /* Orphan */
  guint               next;
} Sweep;

static void
sweep_free (Sweep *sweep)
{
  g_clear_object (&sweep->store);
  g_ptr_array_unref (sweep->orphans);
  g_free (sweep);
}

/* The note at @path, if its sign-in is over and it is the store's kind */
static Orphan *
take_orphan (const char *path,
             const char *account_id,
             gboolean    demo)
{
  g_autoptr(GKeyFile) note = g_key_file_new ();
  g_autofree char *client_id = NULL;
  g_autofree char *contents = NULL;
  Orphan *orphan;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    return NULL;

  if (flock (fd, LOCK_EX | LOCK_NB) != 0 ||
      !g_file_get_contents (path, &contents, NULL, NULL) ||
      !g_key_file_load_from_data (note, contents, -1, G_KEY_FILE_NONE, NULL) ||
      g_key_file_get_boolean (note, PENDING_GROUP, "demo", NULL) != demo ||
      (client_id = g_key_file_get_string (note, PENDING_GROUP, "client_id", NULL)) == NULL)
    {
      /* Still running, unreadable, or the other store's */
      close (fd);
      return NULL;
    }

  orphan = g_new0 (Orphan, 1);
  orphan->path = g_strdup (path);
  orphan->account_id = g_strdup (account_id);
  orphan->client_id = g_steal_pointer (&client_id);
  orphan->fd = fd;

  return orphan;
}

static GPtrArray *
find_orphans (AdoAccountRegistry *registry,
              gboolean            demo)
{
  GPtrArray *orphans = g_ptr_array_new_with_free_func ((GDestroyNotify)orphan_free);
  g_autofree char *dir_path = folder_of (registry);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *account_id = NULL;
      g_autofree char *path = NULL;
      Orphan *orphan;

      if (!g_str_has_prefix (name, PENDING_PREFIX) || !g_str_has_suffix (name, PENDING_SUFFIX))
        continue;

      account_id = g_strndup (name + strlen (PENDING_PREFIX),
                              strlen (name) - strlen (PENDING_PREFIX) - strlen (PENDING_SUFFIX));
      if (!ado_account_id_is_valid (account_id))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      orphan = take_orphan (path, account_id, demo);
      if (orphan == NULL)
        continue;

      /* Killed after listing its account, before removing the note */
      if (ado_account_registry_get_account (registry, account_id) != NULL)
        {
          g_unlink (path);
          orphan_free (orphan);
          continue;
        }

      g_ptr_array_add (orphans, orphan);
    }

  return orphans;
}

static void sweep_next (GTask *task);

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Sweep *sweep = g_task_get_task_data (task);
  Orphan *orphan = g_ptr_array_index (sweep->orphans, sweep->next);
  GError *error = NULL;

  if (!ado_credential_store_clear_account_finish (ADO_CREDENTIAL_STORE (object), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_debug ("Removed the tokens of account %s, whose sign-in did not finish",
           orphan->account_id);
  g_unlink (orphan->path);
  sweep->next++;
  sweep_next (task);
}

/* Takes @task */
static void
sweep_next (GTask *task)
{
  Sweep *sweep = g_task_get_task_data (task);
  Orphan *orphan;

  if (sweep->next >= sweep->orphans->len)
    {
      g_task_return_int (task, sweep->orphans->len);
      g_object_unref (task);
      return;
    }

  orphan = g_ptr_array_index (sweep->orphans, sweep->next);
  ado_credential_store_clear_account_async (sweep->store, orphan->client_id, orphan->account_id,
                                            g_task_get_cancellable (task), cleared_cb, task);
}

/**
 * ado_orphans_sweep_async:
 * @store: the keyring
 * @registry: the registry, loaded
 *
 * Removes the tokens of every sign-in that ended without listing its
 * account (see above), and their notes.
 */
void
ado_orphans_sweep_async (AdoCredentialStore  *store,
                         AdoAccountRegistry  *registry,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Sweep *sweep;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (store));
  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (registry));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_orphans_sweep_async);

  sweep = g_new0 (Sweep, 1);
  sweep->store = g_object_ref (store);
  sweep->orphans = find_orphans (registry, ado_credential_store_get_demo (store));
  g_task_set_task_data (task, sweep, (GDestroyNotify)sweep_free);

  sweep_next (task);
}

/**
 * ado_orphans_sweep_finish:
 * @n_swept: (out) (optional): how many sign-ins' tokens were removed
 */
gboolean
ado_orphans_sweep_finish (GAsyncResult  *result,
                          guint         *n_swept,
                          GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ado_orphans_sweep_async,
                        FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  if (n_swept != NULL)
    *n_swept = n;
  return TRUE;
}
