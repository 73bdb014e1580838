/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>

#include "ado-credential-store.h"

G_BEGIN_DECLS

/* For AdoCredentialStore only. */

typedef struct
{
  /* What to do */
  AdoSecretKind  kind;
  gboolean       demo;             /* the demo's items only, or none of them */
  gboolean       all_tokens;       /* clear_account: both kinds of token */
  gboolean       is_lookup;        /* without a value: a lookup, else a clear */
  GHashTable    *search;           /* what the keyring is searched for */
  GHashTable    *attributes;       /* store: the new item's attributes */
  char          *label;            /* store: the new item's label */
  SecretValue   *value;            /* store: the secret */

  /* How it goes */
  GList         *found;            /* SecretRetrievable: the items of a lookup or clear */
  GList         *doomed;           /* SecretRetrievable: items still to delete */
  gint64         expires_at;
  gboolean       keep_going;       /* store: a stale item that stays is no failure */
  gboolean       searched_again;
  guint          searches;         /* made again after an item vanished */

  /* The keyring answers in time, or the operation ends: its own
   * cancellable, cancelled by the caller's or by the deadline */
  GCancellable  *cancellable;
  GCancellable  *caller_cancellable;
  gulong         caller_cancelled_id;
  GSource       *deadline;          /* ready when the keyring was silent too long */
  GTask         *task;              /* unowned: the task whose data this is */
  gint64         last_progress;
  gint64         ping_sent;
  gboolean       pinging;
  gboolean       timed_out;
} AdoCredentialOperation;

typedef struct
{
  char   *secret;
  gint64  expires_at;
} AdoCredentialFound;

void ado_credential_operation_free (AdoCredentialOperation *op);
void ado_credential_found_free     (AdoCredentialFound     *found);
GTask *ado_credential_operation_task (AdoCredentialOperation *op,
                                      gpointer                source_object,
                                      gpointer                source_tag,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data);
void ado_credential_operation_run  (GTask                  *task);

G_END_DECLS
