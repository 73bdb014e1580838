/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-account-registry"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-account-registry-private.h"
#include "ado-account-file.h"
#include "ado-error.h"

/*
 * AdoAccountRegistry is the list of connected accounts, kept in
 * $XDG_CONFIG_HOME/ads-onboarding/accounts.ini (accounts-demo.ini for the
 * demo); ado-account-file.c describes the file. Reading and writing run in
 * worker threads; the accounts are only ever touched in the thread that
 * made the registry.
 *
 * Several processes change the file (the window, each command, parallel
 * sign-ins). A save therefore never writes the whole list from memory: it
 * writes what changed here since the list was read or last written (added,
 * removed and changed accounts, key by key), applied to the file as it is
 * now. ado_account_file_apply() does that under an exclusive lock across
 * processes (flock on accounts.ini.lock beside the file): lock, read,
 * apply, write atomically, unlock, in milliseconds. Loading takes no lock.
 *
 * The accounts in memory are looked up and changed in
 * ado-account-registry-list.c.
 */

typedef struct
{
  char      *path;
  GPtrArray *changes;     /* from ado_account_file_diff() */
  GKeyFile  *snapshot;    /* the accounts as this save leaves them */
  char      *comment;
  guint64    generation;
  GHashTable *renamed;    /* account id → the name saved, when another took it */
} SaveData;

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AdoAccountRegistry, ado_account_registry, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties [N_PROPS];

static void
save_data_free (SaveData *save)
{
  g_free (save->path);
  g_clear_pointer (&save->changes, g_ptr_array_unref);
  g_clear_pointer (&save->snapshot, g_key_file_unref);
  g_free (save->comment);
  g_clear_pointer (&save->renamed, g_hash_table_unref);
  g_free (save);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  AdoAccountFile *loaded;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (g_file_peek_path (file) == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_FAILED,
                               _("The list of accounts “%s” is not a local file."), uri);
      return;
    }

  loaded = ado_account_file_read (g_file_peek_path (file), &error);
  if (loaded == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, loaded, (GDestroyNotify)ado_account_file_free);
}

static void
load_thread_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AdoAccountRegistry *self = ADO_ACCOUNT_REGISTRY (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  AdoAccountFile *loaded;
  guint removed;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  removed = self->accounts->len;
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  self->accounts = g_steal_pointer (&loaded->accounts);
  self->blocked = loaded->blocked;

  g_mutex_lock (&self->base_mutex);
  g_clear_pointer (&self->base, g_key_file_unref);
  self->base = g_steal_pointer (&loaded->key_file);
  self->base_generation = self->save_generation;
  g_mutex_unlock (&self->base_mutex);

  error = g_steal_pointer (&loaded->damaged);
  ado_account_file_free (loaded);

  if (removed > 0 || self->accounts->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->accounts->len);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  AdoAccountRegistry *self = source_object;
  SaveData *save = task_data;
  g_autoptr(GMutexLocker) locker = NULL;
  GError *error = NULL;

  /* Not cancelled once queued: the change was made in memory already, and
   * the next save only writes what changed after this one. */
  locker = g_mutex_locker_new (&self->save_mutex);

  if (save->generation < self->saved_generation)
    {
      g_debug ("A newer list of accounts was saved already");
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!ado_account_file_apply (save->path, save->changes, save->comment, &save->renamed, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The list as written: the next save does not rename the account back */
  ado_account_file_rename (save->snapshot, save->renamed);

  self->saved_generation = save->generation;

  g_mutex_lock (&self->base_mutex);
  if (save->generation > self->base_generation)
    {
      g_clear_pointer (&self->base, g_key_file_unref);
      self->base = g_key_file_ref (save->snapshot);
    }
  g_mutex_unlock (&self->base_mutex);
  g_task_return_boolean (task, TRUE);
}

static GType
list_model_get_item_type (GListModel *model)
{
  return ADO_TYPE_ACCOUNT;
}

static guint
list_model_get_n_items (GListModel *model)
{
  AdoAccountRegistry *self = ADO_ACCOUNT_REGISTRY (model);

  return self->accounts->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  AdoAccountRegistry *self = ADO_ACCOUNT_REGISTRY (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
ado_account_registry_constructed (GObject *object)
{
  AdoAccountRegistry *self = (AdoAccountRegistry *)object;

  G_OBJECT_CLASS (ado_account_registry_parent_class)->constructed (object);

  g_assert (self->file != NULL);
}

static void
ado_account_registry_dispose (GObject *object)
{
  AdoAccountRegistry *self = (AdoAccountRegistry *)object;

  if (self->accounts != NULL)
    g_ptr_array_set_size (self->accounts, 0);

  G_OBJECT_CLASS (ado_account_registry_parent_class)->dispose (object);
}

static void
ado_account_registry_finalize (GObject *object)
{
  AdoAccountRegistry *self = (AdoAccountRegistry *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->base, g_key_file_unref);
  g_mutex_clear (&self->save_mutex);
  g_mutex_clear (&self->base_mutex);

  G_OBJECT_CLASS (ado_account_registry_parent_class)->finalize (object);
}

static void
ado_account_registry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AdoAccountRegistry *self = ADO_ACCOUNT_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_account_registry_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AdoAccountRegistry *self = ADO_ACCOUNT_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_account_registry_class_init (AdoAccountRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ado_account_registry_constructed;
  object_class->dispose = ado_account_registry_dispose;
  object_class->finalize = ado_account_registry_finalize;
  object_class->get_property = ado_account_registry_get_property;
  object_class->set_property = ado_account_registry_set_property;

  /**
   * AdoAccountRegistry:file:
   *
   * Where the list of accounts is kept: a local file.
   */
  properties [PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ado_account_registry_init (AdoAccountRegistry *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->base = g_key_file_new ();
  g_mutex_init (&self->save_mutex);
  g_mutex_init (&self->base_mutex);
}

/**
 * ado_account_registry_new:
 * @demo: whether this is the demo's registry
 *
 * The registry in the user's configuration folder:
 * `$XDG_CONFIG_HOME/ads-onboarding/accounts.ini`, or `accounts-demo.ini`
 * for the demo. It is empty until loaded.
 */
AdoAccountRegistry *
ado_account_registry_new (gboolean demo)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  path = g_build_filename (g_get_user_config_dir (),
                           "ads-onboarding",
                           demo ? "accounts-demo.ini" : "accounts.ini",
                           NULL);
  /* The local file system directly: g_file_new_for_path() would load GIO's
   * modules (GVfs and its session-bus daemon), which no command needs */
  file = g_vfs_get_file_for_path (g_vfs_get_local (), path);

  return ado_account_registry_new_for_file (file);
}

/**
 * ado_account_registry_new_for_file:
 * @file: a local file
 */
AdoAccountRegistry *
ado_account_registry_new_for_file (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (ADO_TYPE_ACCOUNT_REGISTRY,
                       "file", file,
                       NULL);
}

GFile *
ado_account_registry_get_file (AdoAccountRegistry *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), NULL);

  return self->file;
}

/**
 * ado_account_registry_load_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the registry was read
 * @user_data: data for @callback
 *
 * Reads the file, replacing the accounts in memory. A missing file is an
 * empty registry. A damaged one is kept aside (see
 * ado_account_registry_load_finish()).
 */
void
ado_account_registry_load_async (AdoAccountRegistry  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;

  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_account_registry_load_async);
  /* Once a damaged file was moved aside, that must be reported, cancelled or not */
  g_task_set_check_cancellable (task, FALSE);

  thread_task = g_task_new (self, cancellable, load_thread_cb, g_steal_pointer (&task));
  g_task_set_source_tag (thread_task, load_thread);
  g_task_set_check_cancellable (thread_task, FALSE);
  g_task_set_task_data (thread_task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (thread_task, load_thread);
}

/**
 * ado_account_registry_load_finish:
 *
 * Returns: %TRUE when the registry was read (or there was none yet).
 *   %FALSE with %ADO_ERROR_REGISTRY_DAMAGED when the file was damaged: it
 *   was renamed to `accounts.ini.damaged-<time>` (the message names it) and
 *   the registry is empty and can be used. %FALSE with another error when
 *   the file could not be read; the accounts in memory are then unchanged.
 */
gboolean
ado_account_registry_load_finish (AdoAccountRegistry  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ado_account_registry_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Back in the caller's thread: an account added here whose default name
 * another process took meanwhile is called as it was saved */
static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AdoAccountRegistry *self = ADO_ACCOUNT_REGISTRY (object);
  g_autoptr(GTask) task = user_data;
  SaveData *save = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  GHashTableIter iter;
  gpointer id, name;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (save->renamed != NULL)
    {
      g_hash_table_iter_init (&iter, save->renamed);
      while (g_hash_table_iter_next (&iter, &id, &name))
        {
          AdoAccount *account = ado_account_registry_get_account (self, id);

          if (account != NULL)
            ado_account_set_name (account, name);
        }
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * ado_account_registry_save_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the registry was written
 * @user_data: data for @callback
 *
 * Writes what changed in memory since the registry was loaded or last
 * saved (accounts added, removed, renamed, …) into the file as it is now,
 * under a lock across processes: what other processes saved meanwhile is
 * kept. The file is replaced atomically: a reader sees the old list or the
 * new one, never a part. Fails with a "busy" error when another process
 * held the lock for more than 5 s.
 */
void
ado_account_registry_save_async (AdoAccountRegistry  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) saving = NULL;
  SaveData *save;
  const char *path;

  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_account_registry_save_async);

  path = g_file_peek_path (self->file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (self->file);

      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_FAILED,
                               _("The list of accounts “%s” is not a local file."), uri);
      return;
    }

  if (self->blocked)
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_REGISTRY_DAMAGED,
                               _("The list of accounts “%s” is damaged and was not replaced. "
                                 "Repair or remove it, then try again."),
                               path);
      return;
    }

  save = g_new0 (SaveData, 1);
  save->path = g_strdup (path);
  g_mutex_lock (&self->base_mutex);
  save->snapshot = ado_account_file_snapshot (self->base, self->accounts);
  save->comment = g_key_file_get_comment (save->snapshot, NULL, NULL, NULL);
  /* Against what was last written: a newer save includes an older one's
   * changes, so skipping the older one when it comes late loses nothing */
  save->changes = ado_account_file_diff (self->base, save->snapshot);
  g_mutex_unlock (&self->base_mutex);
  save->generation = ++self->save_generation;

  saving = g_task_new (self, cancellable, saved_cb, g_steal_pointer (&task));
  g_task_set_task_data (saving, save, (GDestroyNotify)save_data_free);
  g_task_run_in_thread (saving, save_thread);
}

gboolean
ado_account_registry_save_finish (AdoAccountRegistry  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ado_account_registry_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
