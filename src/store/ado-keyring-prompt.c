/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-keyring"

#include "config.h"

#include <errno.h>
#include <libsecret/secret.h>

#include "ado-keyring-private.h"
#include "ado-error.h"

/*
 * A prompt of the keyring's own, spoken to over the Secret Service's D-Bus
 * API (ado-keyring.c says why libsecret does not show it): it ends once,
 * with whatever comes first of its answer, the Secret Service leaving and
 * a cancellation, which dismisses it.
 */

#define PROMPT_INTERFACE "org.freedesktop.Secret.Prompt"

typedef struct
{
  GDBusConnection *connection;
  char            *owner;
  char            *path;
  guint            completed_id;
  guint            watch_id;
  GSource         *cancelled_source;
  gboolean         finished;
  gboolean         showing;     /* counted in prompts_showing */
} Prompt;

/* Prompts showing now, and when the last one ended (monotonic) */
static guint prompts_showing;
static gint64 last_prompt_end;

/**
 * ado_keyring_last_prompt_time:
 *
 * Operations that wait for the keyring wait longer while it asks the
 * person something.
 *
 * Returns: when the last of the keyring's prompts ended (monotonic time,
 *   0: never), or %G_MAXINT64 while one is showing
 */
gint64
ado_keyring_last_prompt_time (void)
{
  return prompts_showing > 0 ? G_MAXINT64 : last_prompt_end;
}

static void
prompt_stop (Prompt *prompt)
{
  if (prompt->completed_id != 0)
    g_dbus_connection_signal_unsubscribe (prompt->connection, prompt->completed_id);
  prompt->completed_id = 0;

  if (prompt->watch_id != 0)
    g_bus_unwatch_name (prompt->watch_id);
  prompt->watch_id = 0;

  if (prompt->cancelled_source != NULL)
    g_source_destroy (prompt->cancelled_source);
  g_clear_pointer (&prompt->cancelled_source, g_source_unref);
}

static void
prompt_free (Prompt *prompt)
{
  prompt_stop (prompt);
  g_clear_object (&prompt->connection);
  g_clear_pointer (&prompt->owner, g_free);
  g_clear_pointer (&prompt->path, g_free);
  g_free (prompt);
}

/* Ends the prompt once, whatever comes first; NULL @error: not dismissed */
static void
prompt_end (GTask  *task,
            GError *error)
{
  Prompt *prompt = g_task_get_task_data (task);
  g_autoptr(GTask) hold = NULL;

  if (prompt->finished)
    {
      g_clear_error (&error);
      return;
    }

  /* Stopping drops the references that the callbacks held */
  hold = g_object_ref (task);
  prompt->finished = TRUE;
  prompt_stop (prompt);
  if (prompt->showing)
    {
      prompts_showing--;
      last_prompt_end = g_get_monotonic_time ();
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
prompt_completed_cb (GDBusConnection *connection,
                     const char      *sender_name,
                     const char      *object_path,
                     const char      *interface_name,
                     const char      *signal_name,
                     GVariant        *parameters,
                     gpointer         user_data)
{
  GTask *task = user_data;
  gboolean dismissed = TRUE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(bv)")))
    g_variant_get (parameters, "(bv)", &dismissed, NULL);

  g_debug ("The keyring's prompt %s", dismissed ? "was dismissed" : "completed");
  prompt_end (task, dismissed ? ado_keyring_locked_error () : NULL);
}

static void
prompt_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  GTask *task = user_data;

  g_debug ("The Secret Service left while prompting");
  prompt_end (task, _ado_keyring_unavailable_error ());
}

static gboolean
prompt_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Prompt *prompt = g_task_get_task_data (task);

  /* Take the dialog away; nobody waits for the answer */
  g_dbus_connection_call (prompt->connection, prompt->owner, prompt->path,
                          PROMPT_INTERFACE, "Dismiss", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  prompt_end (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         g_strerror (ECANCELED)));

  return G_SOURCE_REMOVE;
}

static void
prompt_called_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      /* The keyring could not ask: as good as dismissed */
      g_debug ("The keyring could not prompt: %s", error->message);
      prompt_end (task, ado_keyring_locked_error ());
    }
}

/* Shows the prompt at @path; FALSE with ADO_ERROR_KEYRING_LOCKED when
 * dismissed. Cancelling dismisses it. */
void
_ado_keyring_prompt_async (SecretService       *service,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Prompt *prompt;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _ado_keyring_prompt_async);
  g_task_set_check_cancellable (task, FALSE);

  prompt = g_new0 (Prompt, 1);
  prompt->connection = g_object_ref (g_dbus_proxy_get_connection (G_DBUS_PROXY (service)));
  prompt->owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (service));
  prompt->path = g_strdup (path);
  g_task_set_task_data (task, prompt, (GDestroyNotify)prompt_free);

  if (prompt->owner == NULL)
    {
      prompt_end (task, _ado_keyring_unavailable_error ());
      return;
    }

  g_debug ("Asking the keyring to prompt");
  prompt->showing = TRUE;
  prompts_showing++;

  /* Callbacks may come after unsubscribing: each holds a reference */
  prompt->completed_id =
    g_dbus_connection_signal_subscribe (prompt->connection, prompt->owner,
                                        PROMPT_INTERFACE, "Completed", path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        prompt_completed_cb,
                                        g_object_ref (task), g_object_unref);
  prompt->watch_id =
    g_bus_watch_name_on_connection (prompt->connection, prompt->owner,
                                    G_BUS_NAME_WATCHER_FLAGS_NONE,
                                    NULL, prompt_vanished_cb,
                                    g_object_ref (task), g_object_unref);
  if (cancellable != NULL)
    {
      prompt->cancelled_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (prompt->cancelled_source,
                             G_SOURCE_FUNC (prompt_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (prompt->cancelled_source, g_main_context_get_thread_default ());
    }

  g_dbus_connection_call (prompt->connection, prompt->owner, path,
                          PROMPT_INTERFACE, "Prompt",
                          g_variant_new ("(s)", ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          NULL, prompt_called_cb, g_object_ref (task));
}

gboolean
_ado_keyring_prompt_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_assert (g_task_get_source_tag (G_TASK (result)) == _ado_keyring_prompt_async);

  return g_task_propagate_boolean (G_TASK (result), error);
}
