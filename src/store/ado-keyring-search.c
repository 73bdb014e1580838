/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-keyring"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-keyring-search.h"
#include "ado-error.h"
#include "ado-keyring.h"

/*
 * Searching the keyring for every item of a schema that has some
 * attributes, locked or not, without reading their secrets.
 *
 * libsecret's own search (secret_password_searchv, libsecret 0.20) makes a
 * proxy for each item it finds; when another process removes one of them
 * meanwhile (parallel sign-ins all replace the one client secret), the
 * search fails, and when more were still loading it completes a second
 * time (a critical warning, and a crash under G_DEBUG=fatal-criticals). So
 * on a Secret Service the paths are found first and the items made here,
 * one by one: an item that went meanwhile is simply not found. libsecret's
 * file store (in a sandbox without a Secret Service) is searched as before.
 */

/* Every item found went before it could be made: searched again, after a
 * pause that doubles each time (20 ms … 1.3 s), so that the processes that
 * replace the items can finish */
#define MAX_SEARCHES      8
#define FIRST_PAUSE_MSEC 20

typedef struct
{
  const SecretSchema *schema;
  GHashTable         *attributes;
  SecretService      *service;
  GList              *items;      /* SecretRetrievable */
  GError             *error;      /* the first failure other than a vanished item */
  guint               loading;
  guint               vanished;   /* items found that went meanwhile */
  guint               searches;
} Search;

static void
search_free (Search *search)
{
  g_hash_table_unref (search->attributes);
  g_clear_object (&search->service);
  g_list_free_full (search->items, g_object_unref);
  g_clear_error (&search->error);
  g_free (search);
}

static void
free_items (gpointer items)
{
  g_list_free_full (items, g_object_unref);
}

/**
 * ado_keyring_item_vanished:
 * @error: what reading, unlocking or deleting an item reported
 *
 * Whether the item was gone (another process replaced or removed it):
 * libsecret says so in one of three ways.
 */
gboolean
ado_keyring_item_vanished (const GError *error)
{
  return g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD);
}

static void search_paths (GTask *task);

static gboolean
search_again_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    search_paths (task);

  return G_SOURCE_REMOVE;
}

/* Takes @task */
static void
complete (GTask *task)
{
  Search *search = g_task_get_task_data (task);

  /* Each item found was replaced meanwhile: the newer ones are there */
  if (search->error == NULL && search->items == NULL && search->vanished > 0 &&
      search->searches < MAX_SEARCHES)
    {
      g_autoptr(GSource) pause = g_timeout_source_new (FIRST_PAUSE_MSEC << (search->searches - 1));

      search->vanished = 0;
      g_source_set_callback (pause, search_again_cb, task, NULL);
      g_source_attach (pause, g_main_context_get_thread_default ());
      return;
    }

  if (search->error == NULL && search->items == NULL && search->vanished > 0)
    g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_KEYRING_UNAVAILABLE,
                             _("The keyring’s items changed again and again while they were "
                               "read: another program is changing them. Try again."));
  else if (search->error != NULL)
    g_task_return_error (task, g_steal_pointer (&search->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&search->items), free_items);

  g_object_unref (task);
}

static void
item_made_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Search *search = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SecretItem *item;

  item = secret_item_new_for_dbus_path_finish (result, &error);
  if (item != NULL)
    {
      /* An item knows its service by a weak pointer only, and the service
       * libsecret gives to calls made while the first is still being set
       * up is not the shared one: the item keeps it alive for reading */
      g_object_set_data_full (G_OBJECT (item), "ado-keyring-service",
                              g_object_ref (search->service), g_object_unref);
      search->items = g_list_prepend (search->items, item);
    }
  else if (ado_keyring_item_vanished (error))
    {
      g_debug ("An item went while it was found: %s", error->message);
      search->vanished++;
    }
  else if (search->error == NULL)
    search->error = g_steal_pointer (&error);

  if (--search->loading == 0)
    complete (task);
  else
    g_object_unref (task);
}

static void
make_items (GTask *task,
            char  **paths)
{
  Search *search = g_task_get_task_data (task);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      search->loading++;
      secret_item_new_for_dbus_path (search->service, paths[i], SECRET_ITEM_NONE,
                                     g_task_get_cancellable (task),
                                     item_made_cb, g_object_ref (task));
    }
}

static void
paths_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Search *search = g_task_get_task_data (task);
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;

  if (!secret_service_search_for_dbus_paths_finish (search->service, result,
                                                     &unlocked, &locked, &search->error))
    {
      complete (task);
      return;
    }

  /* One reference for the loop: nothing completes before it is dropped */
  search->loading = 1;
  make_items (task, unlocked);
  make_items (task, locked);
  if (--search->loading == 0)
    complete (task);
  else
    g_object_unref (task);
}

static void
service_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Search *search = g_task_get_task_data (task);

  search->service = secret_service_get_finish (result, &search->error);
  if (search->service == NULL)
    {
      complete (task);
      return;
    }

  search_paths (task);
}

/* Takes @task */
static void
search_paths (GTask *task)
{
  Search *search = g_task_get_task_data (task);

  search->searches++;
  secret_service_search_for_dbus_paths (search->service, search->schema, search->attributes,
                                        g_task_get_cancellable (task), paths_found_cb, task);
}

static void
file_searched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Search *search = g_task_get_task_data (task);

  search->items = secret_password_search_finish (result, &search->error);
  complete (task);
}

/**
 * ado_keyring_search_async:
 * @schema: the items' schema
 * @attributes: the attributes they all have
 *
 * Finds every item of @schema with @attributes, locked or not, without
 * their secrets and without prompting. An item that another process
 * removes meanwhile is not found.
 */
void
ado_keyring_search_async (const SecretSchema  *schema,
                          GHashTable          *attributes,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Search *search;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_keyring_search_async);

  search = g_new0 (Search, 1);
  search->schema = schema;
  search->attributes = g_hash_table_ref (attributes);
  g_task_set_task_data (task, search, (GDestroyNotify)search_free);

  if (!ado_keyring_uses_secret_service ())
    {
      secret_password_searchv (schema, attributes, SECRET_SEARCH_ALL, cancellable,
                               file_searched_cb, task);
      return;
    }

  secret_service_get (SECRET_SERVICE_NONE, cancellable, service_cb, task);
}

/**
 * ado_keyring_search_finish:
 *
 * Returns: (transfer full) (element-type SecretRetrievable): the items, or
 *   %NULL: none, or an error
 */
GList *
ado_keyring_search_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ado_keyring_search_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
