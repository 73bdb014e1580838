/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-accounts.h"
#include "store/ado-account-registry.h"
#include "store/ado-credential-store.h"

G_BEGIN_DECLS

/* For the ado-accounts*.c files only */

struct _AdoAccounts
{
  GObject             parent_instance;

  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
};

/* What an operation below hands back, handed on as the AdoAccounts' result:
 * _ado_relay_new() makes the task, _ado_relay_cb() is the callback of the
 * operation below, an AdoRelayFinish takes that operation's result */
typedef gpointer (*AdoRelayFinish) (GObject       *source,
                                    GAsyncResult  *result,
                                    gint64        *number,
                                    GError       **error);

/* One AdoAccounts operation, a static constant each: its address is the
 * task's source tag */
typedef struct
{
  AdoRelayFinish finish;
  GDestroyNotify free_value;  /* of what finish returns, when not taken */
} AdoRelayOp;

GTask    *_ado_relay_new                  (AdoAccounts          *self,
                                           const AdoRelayOp     *op,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
void      _ado_relay_cb                   (GObject              *object,
                                           GAsyncResult         *result,
                                           gpointer              user_data);
gpointer  _ado_relay_finish               (AdoAccounts          *self,
                                           GAsyncResult         *result,
                                           const AdoRelayOp     *op,
                                           gint64               *number,
                                           GError              **error);
gboolean  _ado_relay_finish_boolean       (AdoAccounts          *self,
                                           GAsyncResult         *result,
                                           const AdoRelayOp     *op,
                                           gint64               *number,
                                           GError              **error);
gpointer  _ado_relay_registry_save_finish (GObject              *registry,
                                           GAsyncResult         *result,
                                           gint64               *number,
                                           GError              **error);

G_END_DECLS
