/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "ado-demo-server.h"

G_BEGIN_DECLS

/* What an authorization request asked for; a code or a pending consent
 * remembers it until the token request. */
typedef struct
{
  char     *client_id;
  char     *redirect_uri;
  char     *state;          /* NULL when none was sent */
  char     *scope;          /* normalized: single spaces */
  char     *challenge;      /* NULL without PKCE */
  gboolean  s256;           /* FALSE: the challenge is plain */
  gint64    expires_at;     /* monotonic time, µs; codes only */
} AdoDemoGrantRequest;

typedef struct
{
  char  *secret;
  GStrv  return_urls;
} AdoDemoClient;

/* One sign-in: what a refresh token stands for */
typedef struct
{
  char     *client_id;
  char     *scope;
  gboolean  revoked;
} AdoDemoGrant;

typedef struct
{
  char   *refresh_token;
  gint64  expires_at;       /* monotonic time, µs */
} AdoDemoAccess;

#define ADO_DEMO_N_REGIONS 3

struct _AdoDemoServer
{
  GObject          parent_instance;

  /* Owned by the thread that called start(); the server thread only
   * reads them while it runs */
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  char            *base_url;

  /* Server thread only */
  SoupServer      *server;
  GPtrArray       *held;            /* AdoDemoHeld: slow and silent answers */
  GPtrArray       *dribbles;        /* AdoDemoDribble: answers sent a piece a second */

  /* Everything below is shared: under lock */
  GMutex           lock;
  GCond            cond;
  gboolean         thread_done;
  GError          *start_error;

  GHashTable      *clients;         /* client_id → AdoDemoClient */
  GHashTable      *codes;           /* code → AdoDemoGrantRequest */
  GHashTable      *consents;        /* consent id → AdoDemoGrantRequest */
  GHashTable      *grants;          /* refresh token → AdoDemoGrant */
  GHashTable      *access_tokens;   /* access token → AdoDemoAccess */

  gboolean         auto_approve;
  gboolean         omit_refresh_token;
  guint            code_lifetime;
  guint            access_token_lifetime;
  guint            slow_delay_ms;

  AdoDemoFailure   auth_failure;
  guint            auth_failure_times;
  AdoDemoFailure   token_failure;
  guint            token_failure_times;

  /* The Ads API, per region: na, eu, fe */
  char            *profiles[ADO_DEMO_N_REGIONS];
  guint            scoped_requests[ADO_DEMO_N_REGIONS];
  AdoDemoProfilesFailure profiles_failure[ADO_DEMO_N_REGIONS];
  guint            profiles_failure_times[ADO_DEMO_N_REGIONS];
  guint            profiles_requests[ADO_DEMO_N_REGIONS];

  guint            token_requests;
  guint            authorization_requests;
  char            *last_grant_type;
  char            *last_redirect_uri;
  char            *last_client_auth;
};

void                 ado_demo_grant_request_free (AdoDemoGrantRequest *request);
void                 ado_demo_held_free          (gpointer             data);
void                 ado_demo_dribble_free       (gpointer             data);
char                *ado_demo_random_string      (const char          *alphabet,
                                                  gsize                length);
void                 ado_demo_set_html           (SoupServerMessage   *msg,
                                                  guint                status,
                                                  const char          *title,
                                                  const char          *body_html);
AdoDemoFailure       ado_demo_server_take_failure (AdoDemoServer      *self,
                                                   gboolean            token_endpoint);

void                 ado_demo_server_handle_authorize (AdoDemoServer     *self,
                                                       SoupServerMessage *msg,
                                                       const char        *path,
                                                       GHashTable        *query);
void                 ado_demo_server_handle_token     (AdoDemoServer     *self,
                                                       SoupServerMessage *msg);
void                 ado_demo_server_answer_token     (AdoDemoServer     *self,
                                                       SoupServerMessage *msg);
void                 ado_demo_server_init_profiles    (AdoDemoServer     *self);
int                  ado_demo_region_index            (const char        *region);
gboolean             ado_demo_server_handle_scoped    (AdoDemoServer     *self,
                                                       SoupServerMessage *msg,
                                                       int                region,
                                                       const char        *rest);
void                 ado_demo_server_handle_profiles  (AdoDemoServer     *self,
                                                       SoupServerMessage *msg,
                                                       int                region);
void                 ado_demo_server_hold             (AdoDemoServer     *self,
                                                       SoupServerMessage *msg,
                                                       guint              delay_ms);
void                 ado_demo_server_dribble          (AdoDemoServer     *self,
                                                       SoupServerMessage *msg,
                                                       guint              status,
                                                       const char        *content_type,
                                                       const char        *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoDemoGrantRequest, ado_demo_grant_request_free)

G_END_DECLS
