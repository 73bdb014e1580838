/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-credential-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ado-credential-operation.h"
#include "ado-credential-items.h"
#include "ado-error.h"
#include "ado-keyring.h"
#include "ado-keyring-search.h"

/*
 * The credential store's conversations with the keyring: storing, looking
 * up, removing. Each is a chain of libsecret calls on one GTask, whose data
 * is the AdoCredentialOperation.
 *
 * A locked keyring shows no error to a search: its items come back locked,
 * or, when the collection itself is locked, nothing at all may come back.
 * So locked items are unlocked before they are read or deleted, and an
 * empty search is only "nothing stored" once the default collection is
 * known to be unlocked. Unlocking asks the person through the keyring's own
 * prompt, which ado-keyring.c shows, never libsecret (see there why); a
 * dismissed prompt is ADO_ERROR_KEYRING_LOCKED.
 */

void
ado_credential_operation_free (AdoCredentialOperation *op)
{
  if (op->deadline != NULL)
    g_source_destroy (op->deadline);
  g_clear_pointer (&op->deadline, g_source_unref);
  if (op->caller_cancelled_id != 0)
    g_cancellable_disconnect (op->caller_cancellable, op->caller_cancelled_id);
  g_clear_object (&op->caller_cancellable);
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->search, g_hash_table_unref);
  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_clear_pointer (&op->label, g_free);
  g_clear_pointer (&op->value, secret_value_unref);
  g_list_free_full (g_steal_pointer (&op->found), g_object_unref);
  g_list_free_full (g_steal_pointer (&op->doomed), g_object_unref);
  g_free (op);
}

void
ado_credential_found_free (AdoCredentialFound *found)
{
  g_clear_pointer (&found->secret, ado_secret_free);
  g_free (found);
}

static void
return_keyring_error (GTask  *task,
                      GError *error)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);

  if (op->timed_out)
    {
      g_debug ("Ended by the deadline: %s", error->message);
      g_error_free (error);
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_KEYRING_UNAVAILABLE,
                               _("The desktop keyring did not answer. Check that GNOME "
                                 "Keyring (or another Secret Service) runs and is not stuck, "
                                 "then try again."));
      return;
    }

  g_task_return_error (task, ado_keyring_error (error, op->caller_cancellable));
}

/* --- The deadline ------------------------------------------------------------------- */

/*
 * A keyring that is stopped or hung never answers, and libsecret waits for
 * each of its calls as long as D-Bus lets it (25 s). The keyring answers
 * in milliseconds, except while it asks the person for a password. So when
 * an operation has heard nothing for a few seconds (and no prompt of the
 * keyring's is showing), the keyring is pinged: an answer means only this
 * machine is slow, and the operation waits on; none within a second and a
 * half, and the operation ends.
 */
#define KEYRING_DEADLINE_MSEC 3000
#define KEYRING_PING_MSEC     1500

static void
arm_deadline (AdoCredentialOperation *op)
{
  op->last_progress = g_get_monotonic_time ();
  g_source_set_ready_time (op->deadline,
                           op->last_progress + KEYRING_DEADLINE_MSEC * G_TIME_SPAN_MILLISECOND);
}

static void
end_by_deadline (AdoCredentialOperation *op)
{
  g_debug ("The keyring did not answer within %u ms, nor a ping within %u ms",
           KEYRING_DEADLINE_MSEC, KEYRING_PING_MSEC);
  op->timed_out = TRUE;
  g_source_set_ready_time (op->deadline, -1);
  g_cancellable_cancel (op->cancellable);
}

static void
pinged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoCredentialOperation *op = g_task_get_task_data (task);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  op->pinging = FALSE;
  if (g_task_get_completed (task) || op->timed_out)
    return;

  if (reply != NULL || op->last_progress > op->ping_sent)
    {
      g_debug ("The keyring answers, slowly: waiting on");
      arm_deadline (op);
      return;
    }

  g_debug ("No answer to a ping either: %s", error->message);
  end_by_deadline (op);
}

static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoCredentialOperation *op = g_task_get_task_data (task);
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_bus_get_finish (result, &error);
  if (connection == NULL)
    {
      op->pinging = FALSE;
      if (!g_task_get_completed (task) && !op->timed_out)
        end_by_deadline (op);
      return;
    }

  g_dbus_connection_call (connection, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                          "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, KEYRING_PING_MSEC, NULL,
                          pinged_cb, g_steal_pointer (&task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  AdoCredentialOperation *op = user_data;

  /* Nothing more until the ping answers, or the operation makes progress */
  g_source_set_ready_time (op->deadline, -1);
  if (g_task_get_completed (op->task))
    return G_SOURCE_CONTINUE;

  /* A prompt showing, or ended less than a deadline ago: wait on */
  if (g_get_monotonic_time () - ado_keyring_last_prompt_time () <
      KEYRING_DEADLINE_MSEC * G_TIME_SPAN_MILLISECOND)
    {
      arm_deadline (op);
      return G_SOURCE_CONTINUE;
    }

  if (!op->pinging)
    {
      op->pinging = TRUE;
      op->ping_sent = g_get_monotonic_time ();
      g_bus_get (G_BUS_TYPE_SESSION, NULL, bus_cb, g_object_ref (op->task));
    }

  return G_SOURCE_CONTINUE;
}

/* The keyring answered: the deadline counts from now. A slow machine
 * makes an operation long, not the keyring silent. */
static void
progress (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);

  if (op->deadline != NULL && !op->timed_out)
    arm_deadline (op);
}

static gboolean
deadline_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs deadline_funcs = { NULL, NULL, deadline_dispatch, NULL, NULL, NULL };

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/**
 * ado_credential_operation_task:
 * @op: (transfer full): the operation
 * @cancellable: (nullable): the caller's
 *
 * Returns: (transfer full): a task for ado_credential_operation_run(),
 *   whose data is @op, with a cancellable of its own that the caller's
 *   cancels, and so does a keyring that does not answer in time
 */
GTask *
ado_credential_operation_task (AdoCredentialOperation *op,
                               gpointer                source_object,
                               gpointer                source_tag,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  GTask *task;

  op->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->caller_cancellable = g_object_ref (cancellable);
      op->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (caller_cancelled_cb),
                                                       g_object_ref (op->cancellable),
                                                       g_object_unref);
    }

  task = g_task_new (source_object, op->cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* What the operation returns stands: a deadline's end is an error of its own */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, op, (GDestroyNotify)ado_credential_operation_free);

  /* Only the task holds the operation: the deadline and the task go together */
  op->task = task;
  op->deadline = g_source_new (&deadline_funcs, sizeof (GSource));
  g_source_set_callback (op->deadline, deadline_cb, op, NULL);
  arm_deadline (op);
  g_source_attach (op->deadline, g_main_context_get_thread_default ());

  return task;
}

/*
 * Another process may replace or remove an item between this one finding it
 * and reading, unlocking or deleting it (parallel sign-ins all store the one
 * client secret). libsecret then reports the item missing, in one of three
 * ways. A search that met a vanished item is made again, a few times.
 */
#define MAX_SEARCHES 10

static gboolean
search_again (AdoCredentialOperation  *op,
              GError                 **error)
{
  if (!ado_keyring_item_vanished (*error) || ++op->searches >= MAX_SEARCHES)
    return FALSE;

  g_debug ("An item went while it was read (%s): searching again", (*error)->message);
  g_clear_error (error);
  return TRUE;
}

/* --- Deleting the items of an operation --------------------------------------------- */

static void delete_next (GTask *task);

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoCredentialOperation *op = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  progress (task);

  if (SECRET_IS_ITEM (object))
    ok = secret_item_delete_finish (SECRET_ITEM (object), result, &error);
  else
    ok = secret_password_clear_finish (result, &error) || error == NULL;

  if (!ok && ado_keyring_item_vanished (error))
    {
      g_debug ("Removed meanwhile: %s", error->message);
      g_clear_error (&error);
      ok = TRUE;
    }

  if (!ok)
    {
      if (!op->keep_going ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          return_keyring_error (task, error);
          return;
        }

      g_debug ("An old item stays: %s", error->message);
      g_clear_error (&error);
    }

  delete_next (g_steal_pointer (&task));
}

/* Takes @task */
static void
delete_next (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);
  g_autoptr(SecretRetrievable) item = NULL;
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  if (op->doomed == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  item = op->doomed->data;
  op->doomed = g_list_delete_link (op->doomed, op->doomed);

  if (SECRET_IS_ITEM (item))
    {
      secret_item_delete (SECRET_ITEM (item),
                          g_task_get_cancellable (task),
                          deleted_cb,
                          task);
      return;
    }

  /* libsecret's own file store: its items are deleted by their attributes,
   * those of the schema only. The item just stored replaced one with the
   * same attributes: that one is gone already. */
  found = secret_retrievable_get_attributes (item);
  if (op->attributes != NULL && ado_credential_same_attributes (found, op->attributes))
    {
      delete_next (task);
      return;
    }

  attributes = ado_credential_schema_attributes (found);
  secret_password_clearv (ado_credential_schema (),
                          attributes,
                          g_task_get_cancellable (task),
                          deleted_cb,
                          task);
}

/* --- Store ------------------------------------------------------------------------- */

/*
 * The Secret Service's own "replace" matches any item that has the new
 * item's attributes, and more: storing a real token would overwrite the
 * demo's. So the new item is created beside the old ones, and the old ones,
 * as found just before, are deleted after. Two processes storing at once
 * may leave two items (lookups take the better one, the next store tidies
 * up), never none.
 */

/* The new item is in: the items it replaces go */
static void
delete_older_items (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);

  g_debug ("Stored; %u older items to remove", g_list_length (op->doomed));
  op->keep_going = TRUE;
  delete_next (task);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  progress (task);

  if (!secret_password_store_finish (result, &error))
    {
      return_keyring_error (task, error);
      return;
    }

  delete_older_items (g_steal_pointer (&task));
}

static void
item_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *path = NULL;
  GError *error = NULL;

  progress (task);

  path = secret_service_create_item_dbus_path_finish (SECRET_SERVICE (object), result, &error);
  if (path == NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  delete_older_items (g_steal_pointer (&task));
}

/* The new item's D-Bus properties: its label and attributes, with the
 * schema's name as libsecret gives it */
static GHashTable *
item_properties (AdoCredentialOperation *op)
{
  GHashTable *properties = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                  (GDestroyNotify)g_variant_unref);
  GVariantBuilder attributes;
  GHashTableIter iter;
  gpointer name, value;

  g_variant_builder_init (&attributes, G_VARIANT_TYPE ("a{ss}"));
  g_hash_table_iter_init (&iter, op->attributes);
  while (g_hash_table_iter_next (&iter, &name, &value))
    g_variant_builder_add (&attributes, "{ss}", name, value);
  g_variant_builder_add (&attributes, "{ss}", "xdg:schema", ado_credential_schema ()->name);

  g_hash_table_insert (properties, (gpointer)"org.freedesktop.Secret.Item.Label",
                       g_variant_ref_sink (g_variant_new_string (op->label)));
  g_hash_table_insert (properties, (gpointer)"org.freedesktop.Secret.Item.Attributes",
                       g_variant_ref_sink (g_variant_builder_end (&attributes)));

  return properties;
}

static void
store_service_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) properties = NULL;
  AdoCredentialOperation *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  progress (task);

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  /* By the default collection's path: a collection proxy would follow
   * every other process's items coming and going (libsecret 0.20 crashes
   * on some of those signals) */
  properties = item_properties (op);
  secret_service_create_item_dbus_path (service, "/org/freedesktop/secrets/aliases/default",
                                        properties, op->value, SECRET_ITEM_CREATE_NONE,
                                        cancellable, item_created_cb, g_steal_pointer (&task));
}

static void store_searched_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

/* Takes @task */
static void
store_search (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);

  ado_keyring_search_async (ado_credential_schema (), op->search,
                            g_task_get_cancellable (task), store_searched_cb, task);
}

static void
store_searched_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoCredentialOperation *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  GList *items;

  progress (task);

  items = ado_keyring_search_finish (result, &error);
  if (error != NULL && search_again (op, &error))
    {
      store_search (g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      if (ado_credential_item_is_ours (l->data, op->demo, op->kind, op->all_tokens))
        op->doomed = g_list_prepend (op->doomed, g_object_ref (l->data));
    }
  g_list_free_full (items, g_object_unref);

  if (ado_keyring_uses_secret_service ())
    {
      secret_service_get (SECRET_SERVICE_NONE, cancellable,
                          store_service_cb, g_steal_pointer (&task));
      return;
    }

  /* libsecret's own file store replaces an item with the same attributes */
  secret_password_storev_binary (ado_credential_schema (),
                                 op->attributes,
                                 SECRET_COLLECTION_DEFAULT,
                                 op->label,
                                 op->value,
                                 cancellable,
                                 stored_cb,
                                 g_steal_pointer (&task));
}

static void
store_prepared_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  progress (task);

  if (!ado_keyring_prepare_default_finish (result, NULL, &error))
    {
      return_keyring_error (task, error);
      return;
    }

  store_search (g_steal_pointer (&task));
}

/* --- Finding the items of a lookup or a clear --------------------------------------- */

static void search (GTask *task);
static void lookup_found (GTask *task);
static void clear_found (GTask *task);

/* Takes @task */
static void
search_done (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);

  if (op->is_lookup)
    lookup_found (task);
  else
    clear_found (task);
}

static void
search_unlocked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoCredentialOperation *op = g_task_get_task_data (task);
  GError *error = NULL;

  progress (task);

  if (!ado_keyring_unlock_finish (result, &error) && search_again (op, &error))
    {
      search (g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  search_done (g_steal_pointer (&task));
}

static void
search_prepared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  gboolean unlocked_now = FALSE;
  GError *error = NULL;

  progress (task);

  if (!ado_keyring_prepare_default_finish (result, &unlocked_now, &error))
    {
      return_keyring_error (task, error);
      return;
    }

  /* A keyring may hide what a locked collection holds: look again */
  if (unlocked_now)
    search (g_steal_pointer (&task));
  else
    search_done (g_steal_pointer (&task));
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) locked = NULL;
  AdoCredentialOperation *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  GList *items;

  progress (task);

  items = ado_keyring_search_finish (result, &error);
  if (error != NULL && search_again (op, &error))
    {
      search (g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  locked = g_ptr_array_new ();
  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;

      if (!ado_credential_item_is_ours (item, op->demo, op->kind, op->all_tokens))
        continue;

      op->found = g_list_prepend (op->found, g_object_ref (item));
      if (ado_credential_item_is_locked (item))
        g_ptr_array_add (locked, (gpointer)g_dbus_proxy_get_object_path (G_DBUS_PROXY (item)));
    }
  g_ptr_array_add (locked, NULL);

  /* Nothing found is "nothing stored" only when the default collection is
   * not locked: unlock it (asking the person) and look again */
  if (op->found == NULL && !op->searched_again)
    {
      op->searched_again = TRUE;
      ado_keyring_prepare_default_async (FALSE, cancellable, search_prepared_cb,
                                         g_steal_pointer (&task));
    }
  else if (locked->len > 1)
    {
      g_debug ("%u of the items are locked", locked->len - 1);
      ado_keyring_unlock_async ((const char * const *)locked->pdata, cancellable,
                                search_unlocked_cb, g_steal_pointer (&task));
    }
  else
    {
      search_done (g_steal_pointer (&task));
    }

  /* The paths in locked belong to the items in op->found */
  g_list_free_full (items, g_object_unref);
}

/* Takes @task */
static void
search (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);

  g_list_free_full (g_steal_pointer (&op->found), g_object_unref);

  ado_keyring_search_async (ado_credential_schema (), op->search,
                            g_task_get_cancellable (task), searched_cb, task);
}

/* --- Lookup ------------------------------------------------------------------------ */

static void
lookup_retrieved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoCredentialOperation *op = g_task_get_task_data (task);
  SecretValue *value;
  const char *text;
  GError *error = NULL;
  AdoCredentialFound *found;
  gsize length = 0;

  progress (task);

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (error != NULL && search_again (op, &error))
    {
      g_clear_pointer (&value, secret_value_unref);
      search (g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    {
      g_clear_pointer (&value, secret_value_unref);
      return_keyring_error (task, error);
      return;
    }

  if (value == NULL)
    {
      /* The item was locked again in the meantime */
      g_task_return_error (task, ado_keyring_locked_error ());
      return;
    }

  text = secret_value_get_text (value);
  secret_value_get (value, &length);
  if (text == NULL || strlen (text) != length || length == 0)
    {
      secret_value_unref (value);
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_KEYRING_UNAVAILABLE,
                               _("The keyring holds something for this account that is not "
                                 "text. Remove it (for example in Passwords and Keys) and "
                                 "sign in again."));
      return;
    }

  found = g_new0 (AdoCredentialFound, 1);
  found->secret = secret_value_unref_to_password (value, NULL);
  found->expires_at = op->expires_at;
  g_task_return_pointer (task, found, (GDestroyNotify)ado_credential_found_free);
}

/* Takes @task */
static void
lookup_found (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);
  SecretRetrievable *best = NULL;
  gint64 best_expires_at = 0;
  guint64 best_modified = 0;

  /* Normally one item. After two processes stored at once, the one that
   * expires last, else the one written last. */
  for (GList *l = op->found; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;
      gint64 expires_at = ado_credential_item_expires_at (item);
      guint64 modified = secret_retrievable_get_modified (item);

      if (best == NULL ||
          expires_at > best_expires_at ||
          (expires_at == best_expires_at && modified > best_modified))
        {
          best = item;
          best_expires_at = expires_at;
          best_modified = modified;
        }
    }

  if (best == NULL)
    {
      g_debug ("No %s stored", ado_credential_kind_ids[op->kind]);
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  g_debug ("Found the %s", ado_credential_kind_ids[op->kind]);
  op->expires_at = best_expires_at;
  secret_retrievable_retrieve_secret (best,
                                      g_task_get_cancellable (task),
                                      lookup_retrieved_cb,
                                      task);
}

/* --- Clear ------------------------------------------------------------------------- */

/* Takes @task */
static void
clear_found (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);

  g_debug ("Removing %u items", g_list_length (op->found));
  op->doomed = g_steal_pointer (&op->found);
  delete_next (task);
}

/**
 * ado_credential_operation_run:
 * @task: (transfer full): a task whose data is the operation
 *
 * Runs the operation: a store when it has a value, else a lookup or a
 * clear, and returns its result on @task.
 */
void
ado_credential_operation_run (GTask *task)
{
  AdoCredentialOperation *op = g_task_get_task_data (task);

  g_return_if_fail (op != NULL);

  if (op->value != NULL)
    {
      /* Never let libsecret prompt: see ado-keyring.c */
      ado_keyring_prepare_default_async (TRUE, g_task_get_cancellable (task),
                                         store_prepared_cb, task);
      return;
    }

  search (task);
}
