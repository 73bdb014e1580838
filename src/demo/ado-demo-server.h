/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A client that looks like one from the Login with Amazon console. */
#define ADO_DEMO_CLIENT_ID     "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
#define ADO_DEMO_CLIENT_SECRET \
  "amzn1.oa2-cs.v1.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* The paths of the two endpoints, below the base URL. */
#define ADO_DEMO_AUTH_PATH  "/ap/oa"
#define ADO_DEMO_ELSEWHERE_TOKEN_PATH "/elsewhere/token"
#define ADO_DEMO_TOKEN_PATH "/auth/o2/token"

/**
 * AdoDemoFailure:
 * @ADO_DEMO_FAILURE_NONE: normal behaviour
 * @ADO_DEMO_FAILURE_DENY: the authorization redirects with `error=access_denied`
 * @ADO_DEMO_FAILURE_INVALID_SCOPE_REDIRECT: the authorization redirects with
 *   `error=invalid_scope`
 * @ADO_DEMO_FAILURE_TOKEN_SERVER_ERROR: 500 with an HTML page
 * @ADO_DEMO_FAILURE_TOKEN_SERVICE_UNAVAILABLE: 503 with a JSON error
 * @ADO_DEMO_FAILURE_TOKEN_RATE_LIMITED: 429 with `Retry-After: 1`
 * @ADO_DEMO_FAILURE_TOKEN_MALFORMED_JSON: 200 with JSON cut in the middle
 * @ADO_DEMO_FAILURE_TOKEN_TRUNCATED: Content-Length promises more than is
 *   sent, then the connection is closed
 * @ADO_DEMO_FAILURE_TOKEN_HUGE_BODY: 200 with well-formed JSON holding a
 *   20 MiB access token
 * @ADO_DEMO_FAILURE_TOKEN_SLOW: the normal answer, after the slow delay
 * @ADO_DEMO_FAILURE_TOKEN_SILENT: no answer at all until the server stops
 * @ADO_DEMO_FAILURE_TOKEN_INVALID_GRANT: 400 `invalid_grant`
 * @ADO_DEMO_FAILURE_TOKEN_INVALID_CLIENT: 401 `invalid_client`
 * @ADO_DEMO_FAILURE_TOKEN_WRONG_CONTENT_TYPE: 200 with an HTML page
 * @ADO_DEMO_FAILURE_TOKEN_REDIRECT: 302 to another address that answers any
 *   request with a well-formed token (a client must not follow it)
 * @ADO_DEMO_FAILURE_TOKEN_DRIBBLE: a well-formed answer, a byte a second
 *   (each read gets something; the whole takes 90 s, beyond the clients'
 *   60 s deadline)
 *
 * Failures that ado_demo_server_fail_next() injects. The first two concern
 * the authorization page (they take effect where a request would otherwise
 * have been granted), the others the token endpoint (they take effect on
 * any request before it is looked at, and spend no code; the slow answer
 * is the normal one, made late, even when the client has gone).
 */
typedef enum
{
  ADO_DEMO_FAILURE_NONE,
  ADO_DEMO_FAILURE_DENY,
  ADO_DEMO_FAILURE_INVALID_SCOPE_REDIRECT,
  ADO_DEMO_FAILURE_TOKEN_SERVER_ERROR,
  ADO_DEMO_FAILURE_TOKEN_SERVICE_UNAVAILABLE,
  ADO_DEMO_FAILURE_TOKEN_RATE_LIMITED,
  ADO_DEMO_FAILURE_TOKEN_MALFORMED_JSON,
  ADO_DEMO_FAILURE_TOKEN_TRUNCATED,
  ADO_DEMO_FAILURE_TOKEN_HUGE_BODY,
  ADO_DEMO_FAILURE_TOKEN_SLOW,
  ADO_DEMO_FAILURE_TOKEN_SILENT,
  ADO_DEMO_FAILURE_TOKEN_INVALID_GRANT,
  ADO_DEMO_FAILURE_TOKEN_INVALID_CLIENT,
  ADO_DEMO_FAILURE_TOKEN_WRONG_CONTENT_TYPE,
  ADO_DEMO_FAILURE_TOKEN_REDIRECT,
  ADO_DEMO_FAILURE_TOKEN_DRIBBLE,
} AdoDemoFailure;

/**
 * AdoDemoProfilesFailure:
 * @ADO_DEMO_PROFILES_FAILURE_NONE: normal behaviour
 * @ADO_DEMO_PROFILES_FAILURE_EXPIRED_TOKEN: 401 as for an expired access token
 * @ADO_DEMO_PROFILES_FAILURE_RATE_LIMITED: 429 with `Retry-After: 1`
 * @ADO_DEMO_PROFILES_FAILURE_SERVER_ERROR: 500 with a JSON error
 * @ADO_DEMO_PROFILES_FAILURE_TRUNCATED: 200 with the JSON cut in the middle
 * @ADO_DEMO_PROFILES_FAILURE_MALFORMED: 200 with a body that is not JSON
 * @ADO_DEMO_PROFILES_FAILURE_DRIBBLE: 200 with the region's profiles, sent a
 *   piece every second (each read gets something; the whole takes 90 s,
 *   beyond the client's 60 s deadline), whoever asks
 *
 * Failures that ado_demo_server_fail_profiles_next() injects into one
 * region's GET /v2/profiles; they take effect before the request is looked
 * at.
 */
typedef enum
{
  ADO_DEMO_PROFILES_FAILURE_NONE,
  ADO_DEMO_PROFILES_FAILURE_EXPIRED_TOKEN,
  ADO_DEMO_PROFILES_FAILURE_RATE_LIMITED,
  ADO_DEMO_PROFILES_FAILURE_SERVER_ERROR,
  ADO_DEMO_PROFILES_FAILURE_TRUNCATED,
  ADO_DEMO_PROFILES_FAILURE_MALFORMED,
  ADO_DEMO_PROFILES_FAILURE_DRIBBLE,
} AdoDemoProfilesFailure;

#define ADO_TYPE_DEMO_SERVER (ado_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (AdoDemoServer, ado_demo_server, ADO, DEMO_SERVER, GObject)

AdoDemoServer *ado_demo_server_new                        (void);
gboolean       ado_demo_server_start                      (AdoDemoServer       *self,
                                                           GError             **error);
void           ado_demo_server_stop                       (AdoDemoServer       *self);
gboolean       ado_demo_server_is_running                 (AdoDemoServer       *self);
const char    *ado_demo_server_get_base_url               (AdoDemoServer       *self);
char          *ado_demo_server_dup_auth_url               (AdoDemoServer       *self);
char          *ado_demo_server_dup_token_url              (AdoDemoServer       *self);

void           ado_demo_server_add_client                 (AdoDemoServer       *self,
                                                           const char          *client_id,
                                                           const char          *client_secret,
                                                           const char * const  *return_urls);
void           ado_demo_server_set_auto_approve           (AdoDemoServer       *self,
                                                           gboolean             auto_approve);
void           ado_demo_server_set_code_lifetime          (AdoDemoServer       *self,
                                                           guint                seconds);
void           ado_demo_server_set_access_token_lifetime  (AdoDemoServer       *self,
                                                           guint                seconds);
void           ado_demo_server_set_slow_delay             (AdoDemoServer       *self,
                                                           guint                milliseconds);
void           ado_demo_server_set_omit_refresh_token_on_refresh
                                                          (AdoDemoServer       *self,
                                                           gboolean             omit);
void           ado_demo_server_fail_next                  (AdoDemoServer       *self,
                                                           AdoDemoFailure       failure,
                                                           guint                times);
void           ado_demo_server_revoke                     (AdoDemoServer       *self,
                                                           const char          *refresh_token);

/* What the server saw; for tests, never a secret */
guint          ado_demo_server_get_token_request_count    (AdoDemoServer       *self);
guint          ado_demo_server_get_authorization_request_count
                                                          (AdoDemoServer       *self);
char          *ado_demo_server_dup_last_grant_type        (AdoDemoServer       *self);
char          *ado_demo_server_dup_last_redirect_uri      (AdoDemoServer       *self);
char          *ado_demo_server_dup_last_client_auth       (AdoDemoServer       *self);
gboolean       ado_demo_server_check_access_token         (AdoDemoServer       *self,
                                                           const char          *access_token);

/* The Ads API for na, eu and fe: GET /{region}/v2/profiles, and a call about
 * one profile, GET /{region}/v2/sp/campaigns (401 for a profile of another
 * region, as at Amazon) */
char          *ado_demo_server_dup_api_url                (AdoDemoServer       *self);
void           ado_demo_server_set_profiles               (AdoDemoServer       *self,
                                                           const char          *region,
                                                           const char          *json_array_text);
void           ado_demo_server_fail_profiles_next         (AdoDemoServer       *self,
                                                           const char          *region,
                                                           AdoDemoProfilesFailure failure,
                                                           guint                times);
guint          ado_demo_server_get_profiles_request_count (AdoDemoServer       *self,
                                                           const char          *region);
guint          ado_demo_server_get_scoped_request_count   (AdoDemoServer       *self,
                                                           const char          *region);

G_END_DECLS
