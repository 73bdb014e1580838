/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-keyring"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "ado-keyring-private.h"
#include "ado-error.h"

/*
 * The parts of the Secret Service that libsecret does not get right for us.
 *
 * A locked keyring has to be unlocked through a prompt of the keyring's
 * own (it asks for the password). libsecret 0.20 can do that itself, but
 * when the person dismisses the prompt it loses the operation: its
 * callback is never called, and whoever waits for it waits forever. So
 * the credential store never lets libsecret prompt: it unlocks (or creates
 * the default keyring) here, speaking the Secret Service's D-Bus API on
 * libsecret's own connection, and only then reads or writes through
 * libsecret.
 *
 * ado-keyring-prompt.c shows that prompt.
 */

#define COLLECTION_LABEL_PROPERTY "org.freedesktop.Secret.Collection.Label"

typedef struct
{
  SecretService *service;
  char         **paths;
  gboolean       create;
  gboolean       creating;
} Request;

GError *
_ado_keyring_unavailable_error (void)
{
  return g_error_new_literal (ADO_ERROR, ADO_ERROR_KEYRING_UNAVAILABLE,
                              _("The desktop keyring is not available. Log in to a desktop "
                                "session that runs GNOME Keyring (or another Secret Service), "
                                "then try again."));
}

GError *
ado_keyring_locked_error (void)
{
  return g_error_new_literal (ADO_ERROR, ADO_ERROR_KEYRING_LOCKED,
                              _("The keyring is locked. Unlock it (for example in Passwords "
                                "and Keys) and try again."));
}

GError *
ado_keyring_no_default_error (void)
{
  return g_error_new_literal (ADO_ERROR, ADO_ERROR_KEYRING_LOCKED,
                              _("The desktop keyring has no default keyring to keep the "
                                "credentials in. Create one (for example in Passwords and "
                                "Keys) and try again."));
}

/**
 * ado_keyring_error:
 * @error: (transfer full): what libsecret or D-Bus reported
 * @cancellable: (nullable): the operation's cancellable
 *
 * Turns what the keyring reported into what a person can act on. A
 * cancellation that was asked for passes unchanged, and so do errors made
 * here already.
 *
 * Returns: (transfer full): an error
 */
GError *
ado_keyring_error (GError       *error,
                   GCancellable *cancellable)
{
  g_autoptr(GError) owned = error;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == ADO_ERROR)
    return g_steal_pointer (&owned);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
        return g_steal_pointer (&owned);

      /* Nobody here cancelled: a prompt was dismissed */
      return ado_keyring_locked_error ();
    }

  g_debug ("Keyring error: %s (%s %d)",
           error->message, g_quark_to_string (error->domain), error->code);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    return ado_keyring_locked_error ();

  /* No session bus (autolaunch refused or impossible), no Secret Service
   * on the bus, or the bus went away */
  if (error->domain == G_IO_ERROR ||
      error->domain == G_SPAWN_ERROR ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_SERVER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_INVALID))
    return _ado_keyring_unavailable_error ();

  if (g_dbus_error_is_remote_error (error))
    g_dbus_error_strip_remote_error (error);

  return g_error_new (ADO_ERROR, ADO_ERROR_KEYRING_UNAVAILABLE,
                      _("The desktop keyring refused the request (%s). Check that GNOME "
                        "Keyring or another Secret Service runs in your session, then try "
                        "again."),
                      error->message);
}

static void
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, ado_keyring_error (error, g_task_get_cancellable (task)));
}

/**
 * ado_keyring_uses_secret_service:
 *
 * Inside Flatpak or Snap, libsecret keeps the items in a file of its own
 * behind the Secret portal, which is never locked; SECRET_BACKEND=file
 * does the same anywhere. Otherwise it talks to the Secret Service.
 */
gboolean
ado_keyring_uses_secret_service (void)
{
  const char *backend = g_getenv ("SECRET_BACKEND");

  if (backend != NULL && backend[0] != '\0' && !g_str_equal (backend, "service"))
    return FALSE;

  return !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) && g_getenv ("SNAP_NAME") == NULL;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->service);
  g_clear_pointer (&request->paths, g_strfreev);
  g_free (request);
}

/* --- Unlocking --------------------------------------------------------------------- */

static void
unlock_prompted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_ado_keyring_prompt_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
unlock_called_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *prompt = NULL;
  GError *error = NULL;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (object), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }

  g_variant_get (reply, "(@ao&o)", NULL, &prompt);
  if (g_str_equal (prompt, "/"))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  _ado_keyring_prompt_async (SECRET_SERVICE (object), prompt, cancellable,
                             unlock_prompted_cb, g_steal_pointer (&task));
}

static void
unlock_service_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      return_error (task, error);
      return;
    }

  g_debug ("Unlocking %u keyring objects", g_strv_length (request->paths));
  g_dbus_proxy_call (G_DBUS_PROXY (service), "Unlock",
                     g_variant_new ("(^ao)", request->paths),
                     G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                     unlock_called_cb, g_steal_pointer (&task));
}

/**
 * ado_keyring_unlock_async:
 * @paths: the D-Bus object paths of the items or collections to unlock
 * @cancellable: (nullable): a #GCancellable; cancelling takes the prompt away
 * @callback: called when unlocked, or not
 * @user_data: data for @callback
 *
 * Unlocks, showing the keyring's own prompt when it needs a password.
 */
void
ado_keyring_unlock_async (const char * const  *paths,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (paths != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_keyring_unlock_async);

  request = g_new0 (Request, 1);
  request->paths = g_strdupv ((char **)paths);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  if (paths[0] == NULL || !ado_keyring_uses_secret_service ())
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_service_get (SECRET_SERVICE_NONE, cancellable,
                      unlock_service_cb, g_steal_pointer (&task));
}

/**
 * ado_keyring_unlock_finish:
 *
 * Returns: %TRUE when unlocked; %FALSE with %ADO_ERROR_KEYRING_LOCKED when
 *   the person dismissed the prompt, another keyring error, or
 *   %G_IO_ERROR_CANCELLED
 */
gboolean
ado_keyring_unlock_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ado_keyring_unlock_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- The default collection -------------------------------------------------------- */

static void
prepare_prompted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_ado_keyring_prompt_finish (result, &error))
    {
      if (request->creating && g_error_matches (error, ADO_ERROR, ADO_ERROR_KEYRING_LOCKED))
        {
          g_clear_error (&error);
          error = ado_keyring_no_default_error ();
        }

      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, TRUE);
}

static void
prepare_called_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  const char *prompt = NULL;
  GError *error = NULL;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (object), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }

  /* Unlock answers (ao, o); CreateCollection (o, o) */
  if (request->creating)
    g_variant_get (reply, "(&o&o)", NULL, &prompt);
  else
    g_variant_get (reply, "(@ao&o)", NULL, &prompt);

  if (g_str_equal (prompt, "/"))
    {
      g_task_return_int (task, TRUE);
      return;
    }

  _ado_keyring_prompt_async (SECRET_SERVICE (object), prompt, cancellable,
                             prepare_prompted_cb, g_steal_pointer (&task));
}

static void
prepare_collection_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretCollection) collection = NULL;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GVariantBuilder properties;
  const char *paths[2] = { NULL, NULL };
  GError *error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }

  if (collection != NULL && !secret_collection_get_locked (collection))
    {
      g_task_return_int (task, FALSE);
      return;
    }

  if (collection != NULL)
    {
      g_debug ("The default collection is locked");
      paths[0] = g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection));
      g_dbus_proxy_call (G_DBUS_PROXY (request->service), "Unlock",
                         g_variant_new ("(^ao)", paths),
                         G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                         prepare_called_cb, g_steal_pointer (&task));
      return;
    }

  /* No default collection: nothing in it can be locked. Storing needs one,
   * and the keyring asks for the new one's password. */
  g_debug ("The keyring has no default collection");
  if (!request->create)
    {
      g_task_return_int (task, FALSE);
      return;
    }

  request->creating = TRUE;
  g_variant_builder_init (&properties, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&properties, "{sv}", COLLECTION_LABEL_PROPERTY,
                         g_variant_new_string (_("Default keyring")));
  g_dbus_proxy_call (G_DBUS_PROXY (request->service), "CreateCollection",
                     g_variant_new ("(a{sv}s)", &properties, SECRET_COLLECTION_DEFAULT),
                     G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                     prepare_called_cb, g_steal_pointer (&task));
}

static void
prepare_service_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  request->service = secret_service_get_finish (result, &error);
  if (request->service == NULL)
    {
      return_error (task, error);
      return;
    }

  secret_collection_for_alias (request->service,
                               SECRET_COLLECTION_DEFAULT,
                               SECRET_COLLECTION_NONE,
                               cancellable,
                               prepare_collection_cb,
                               g_steal_pointer (&task));
}

/**
 * ado_keyring_prepare_default_async:
 * @create: whether to have the keyring create a default collection when
 *   there is none (it asks for the new keyring's password)
 * @cancellable: (nullable): a #GCancellable; cancelling takes a prompt away
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Makes sure that the default collection, where new items go, is
 * unlocked, showing the keyring's own prompt when it needs a password.
 */
void
ado_keyring_prepare_default_async (gboolean             create,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_keyring_prepare_default_async);

  request = g_new0 (Request, 1);
  request->create = create;
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  if (!ado_keyring_uses_secret_service ())
    {
      g_task_return_int (task, FALSE);
      return;
    }

  secret_service_get (SECRET_SERVICE_NONE, cancellable,
                      prepare_service_cb, g_steal_pointer (&task));
}

/**
 * ado_keyring_prepare_default_finish:
 * @unlocked_now: (out) (optional): whether the collection was locked (or
 *   missing) and has just been unlocked (or made)
 *
 * Returns: %TRUE when the default collection is unlocked, or missing and
 *   not to be made; %FALSE with %ADO_ERROR_KEYRING_LOCKED when the person
 *   dismissed the prompt, another keyring error, or %G_IO_ERROR_CANCELLED
 */
gboolean
ado_keyring_prepare_default_finish (GAsyncResult  *result,
                                    gboolean      *unlocked_now,
                                    GError       **error)
{
  GError *local_error = NULL;
  gssize changed;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ado_keyring_prepare_default_async, FALSE);

  changed = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (unlocked_now != NULL)
    *unlocked_now = changed != 0;

  return TRUE;
}
