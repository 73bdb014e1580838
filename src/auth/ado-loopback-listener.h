/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ado-authorization.h"

G_BEGIN_DECLS

/*
 * How long a sign-in waits for Amazon's answer by default: 15 minutes.
 * The five-minute lifetime of an authorization code starts when Amazon
 * issues it, after Allow, and the app exchanges it the moment it comes
 * back, so this wait only has to cover the person: signing in, two-step
 * verification, a resent one-time code, choosing the account. A shorter
 * wait would end slow but sound sign-ins; a much longer one would keep
 * someone whose return URL is not registered (Amazon then never sends
 * the browser back) waiting to be told so.
 */
#define ADO_DEFAULT_TIMEOUT_SECONDS (15 * 60)

/*
 * The most connections the listener serves at once. A browser needs one or
 * two; past this many, a new connection closes the one that has been quiet
 * the longest, so connections left open cannot keep the answer out.
 */
#define ADO_LOOPBACK_MAX_CONNECTIONS 32

/* How long a connection may stay open without sending a whole request */
#define ADO_LOOPBACK_IDLE_TIMEOUT_MS 5000

#define ADO_TYPE_LOOPBACK_LISTENER (ado_loopback_listener_get_type ())

G_DECLARE_FINAL_TYPE (AdoLoopbackListener, ado_loopback_listener, ADO, LOOPBACK_LISTENER, GObject)

AdoLoopbackListener *ado_loopback_listener_new              (const char           *redirect_uri,
                                                             const char           *expected_state);
void                 ado_loopback_listener_set_idle_timeout (AdoLoopbackListener  *self,
                                                             guint                 milliseconds);
gboolean             ado_loopback_listener_start            (AdoLoopbackListener  *self,
                                                             GError              **error);
gboolean             ado_loopback_listener_is_listening     (AdoLoopbackListener  *self);
void                 ado_loopback_listener_stop             (AdoLoopbackListener  *self);
void                 ado_loopback_listener_wait_async       (AdoLoopbackListener  *self,
                                                             guint                 timeout_seconds,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
AdoCallback         *ado_loopback_listener_wait_finish      (AdoLoopbackListener  *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
char                *ado_landing_page_build                 (gboolean              success,
                                                             const char           *detail);

G_END_DECLS
