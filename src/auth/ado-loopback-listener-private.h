/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "ado-loopback-listener.h"

G_BEGIN_DECLS

/* For the ado-loopback-listener*.c files only */

struct _AdoLoopbackListener
{
  GObject       parent_instance;

  char         *redirect_uri;
  char         *path;
  char         *host;
  char         *expected_state;
  int           port;
  guint         idle_timeout_ms;

  SoupServer   *server;
  GPtrArray    *sockets;
  GSocket      *unconnected;
  GPtrArray    *accept_sources;
  GSource      *retry_source;
  GQueue        connections;
  GTask        *task;
  GSource      *timeout_source;
  gulong        cancelled_id;
};

/* ado-loopback-listener-accept.c: the sockets and the connections */
gboolean _ado_loopback_listener_listen_on          (AdoLoopbackListener  *self,
                                                    const char           *address,
                                                    GError              **error);
void     _ado_loopback_listener_accept             (AdoLoopbackListener  *self);
void     _ado_loopback_listener_stop_accepting     (AdoLoopbackListener  *self);
void     _ado_loopback_listener_destroy_source     (gpointer              data);
void     _ado_loopback_listener_close_socket       (gpointer              data);

/* ado-loopback-listener-page.c: what the browser is answered */
void     _ado_loopback_listener_respond            (SoupServerMessage    *msg,
                                                    guint                 status,
                                                    const char           *html);
void     _ado_loopback_listener_respond_error_page (SoupServerMessage    *msg,
                                                    guint                 status,
                                                    const char           *message);

G_END_DECLS
