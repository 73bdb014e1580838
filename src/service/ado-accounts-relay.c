/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-accounts"

#include "config.h"

#include "ado-accounts-private.h"

/*
 * Each AdoAccounts operation is done by an operation below it (the keyring,
 * the registry, a service); its result is handed on as the AdoAccounts' own
 * (g_task_is_valid (result, accounts)), a cancellation included.
 */

/* A task's data */
typedef struct
{
  const AdoRelayOp *op;
  gint64            number;  /* expires_at, n_swept */
} AdoRelay;

GTask *
_ado_relay_new (AdoAccounts         *self,
                const AdoRelayOp    *op,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  AdoRelay *relay = g_new0 (AdoRelay, 1);

  g_task_set_source_tag (task, (gpointer) op);
  /* The result below as it is, a cancellation included */
  g_task_set_check_cancellable (task, FALSE);
  relay->op = op;
  g_task_set_task_data (task, relay, g_free);

  return task;
}

void
_ado_relay_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AdoRelay *relay = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value;

  value = relay->op->finish (object, result, &relay->number, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, relay->op->free_value);
}

/* The value is one the caller frees as the _finish documents */
gpointer
_ado_relay_finish (AdoAccounts       *self,
                   GAsyncResult      *result,
                   const AdoRelayOp  *op,
                   gint64            *number,
                   GError           **error)
{
  GTask *task = G_TASK (result);
  AdoRelay *relay;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == op, NULL);

  relay = g_task_get_task_data (task);
  if (number != NULL)
    *number = relay->number;

  return g_task_propagate_pointer (task, error);
}

gboolean
_ado_relay_finish_boolean (AdoAccounts       *self,
                           GAsyncResult      *result,
                           const AdoRelayOp  *op,
                           gint64            *number,
                           GError           **error)
{
  GError *local_error = NULL;

  _ado_relay_finish (self, result, op, number, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

gpointer
_ado_relay_registry_save_finish (GObject      *registry,
                                 GAsyncResult *result,
                                 gint64       *number,
                                 GError      **error)
{
  return GINT_TO_POINTER (ado_account_registry_save_finish (ADO_ACCOUNT_REGISTRY (registry), result,
                                                            error));
}

