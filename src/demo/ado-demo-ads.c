/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-demo-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ado-demo-server-private.h"

/*
 * The Amazon Ads API's GET /v2/profiles, one per region below
 * /{region}/, so that ADS_ONBOARDING_API_URL=http://127.0.0.1:PORT/{region}
 * tells the regions apart. A request needs an access token this server
 * issued (Authorization: Bearer …, not expired) and the client ID it was
 * issued to (Amazon-Advertising-API-ClientId). The bodies are raw text, so
 * that tests can hold profile IDs beyond any integer type.
 *
 * A call scoped to a profile (Amazon-Advertising-API-Scope), for what an
 * exported file's first call does: GET /v2/sp/campaigns (the first call of
 * Amazon's Postman collection), answered with no campaigns. As at Amazon, a
 * profile of another region is unknown on this region's host: 401
 * UNAUTHORIZED.
 */

#define JSON_TYPE "application/json"
/* Not in libsoup 3.2's SoupStatus */
#define STATUS_TOO_MANY_REQUESTS 429

static const char * const region_ids[ADO_DEMO_N_REGIONS] = { "na", "eu", "fe" };

/* A seller, and an agency whose type is in upper case; the first ID is
 * 2^53 + 1, which a double cannot hold */
static const char default_na[] =
  "[{\"profileId\":9007199254740993,\"countryCode\":\"US\",\"currencyCode\":\"USD\","
  "\"dailyBudget\":999999999.0,\"timezone\":\"America/Los_Angeles\","
  "\"accountInfo\":{\"marketplaceStringId\":\"ATVPDKIKX0DER\",\"id\":\"A2DEMOSELLER0001\","
  "\"type\":\"seller\",\"name\":\"Demo Seller US\",\"validPaymentMethod\":true}},"
  "{\"profileId\":3141592653589793,\"countryCode\":\"CA\",\"currencyCode\":\"CAD\","
  "\"timezone\":\"America/Los_Angeles\","
  "\"accountInfo\":{\"marketplaceStringId\":\"A2EUQ1WTGCTBG2\",\"id\":\"ENTITYDEMOAGENCY1\","
  "\"type\":\"AGENCY\",\"name\":\"Demo Agency Canada\",\"validPaymentMethod\":false}}]";

/* A vendor with a 22-digit profile ID */
static const char default_eu[] =
  "[{\"profileId\":1234567890123456789012,\"countryCode\":\"DE\",\"currencyCode\":\"EUR\","
  "\"timezone\":\"Europe/Paris\","
  "\"accountInfo\":{\"marketplaceStringId\":\"A1PA6795UKMFR9\",\"id\":\"ENTITYDEMOVENDOR1\","
  "\"type\":\"vendor\",\"name\":\"Demo Vendor Deutschland\",\"validPaymentMethod\":true}}]";

/* Signed in, but no access in this region */
static const char default_fe[] = "[]";

int
ado_demo_region_index (const char *region)
{
  for (int i = 0; i < ADO_DEMO_N_REGIONS; i++)
    {
      if (strncmp (region, region_ids[i], 2) == 0 &&
          (region[2] == '\0' || region[2] == '/'))
        return i;
    }

  return -1;
}

void
ado_demo_server_init_profiles (AdoDemoServer *self)
{
  self->profiles[0] = g_strdup (default_na);
  self->profiles[1] = g_strdup (default_eu);
  self->profiles[2] = g_strdup (default_fe);
}

static void
set_body (SoupServerMessage *msg,
          guint              status,
          const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_COPY, body, strlen (body));
}

/* The Ads API's error shape */
static void
set_api_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *details)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  char *data;

  g_debug ("Profiles request refused: %s", code);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "details");
  json_builder_add_string_value (builder, details);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_TAKE, data, length);
}

/* The client the access token was issued to, or NULL when the token is
 * unknown, expired or revoked. Under the lock. */
static const char *
client_for_token (AdoDemoServer *self,
                  const char    *access_token)
{
  AdoDemoAccess *access = g_hash_table_lookup (self->access_tokens, access_token);
  AdoDemoGrant *grant;

  if (access == NULL || g_get_monotonic_time () >= access->expires_at)
    return NULL;

  grant = g_hash_table_lookup (self->grants, access->refresh_token);
  if (grant == NULL || grant->revoked)
    return NULL;

  return grant->client_id;
}

/* Whether the region's profiles hold @profile_id; under the lock */
static gboolean
region_has_profile (AdoDemoServer *self,
                    int            region,
                    const char    *profile_id)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  regex = g_regex_new ("\"profileId\"\\s*:\\s*\"?([0-9]+)", 0, 0, NULL);
  g_regex_match (regex, self->profiles[region], 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *id = g_match_info_fetch (match, 1);

      if (g_str_equal (id, profile_id))
        return TRUE;
      g_match_info_next (match, NULL);
    }

  return FALSE;
}

/* The caller's token and client, as for every Ads API call; fills in the
 * error answer and returns FALSE when they are not good */
static gboolean
check_caller (AdoDemoServer     *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *client_id = soup_message_headers_get_one (headers,
                                                        "Amazon-Advertising-API-ClientId");
  g_autofree char *token_client = NULL;

  if (client_id == NULL || client_id[0] == '\0')
    {
      set_api_error (msg, SOUP_STATUS_BAD_REQUEST, "400",
                     "Missing Amazon-Advertising-API-ClientId header");
      return FALSE;
    }

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      set_api_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "HTTP 401 Unauthorized");
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  token_client = g_strdup (client_for_token (self, authorization + 7));
  g_mutex_unlock (&self->lock);

  if (token_client == NULL)
    {
      set_api_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "HTTP 401 Unauthorized");
      return FALSE;
    }

  if (!g_str_equal (token_client, client_id))
    {
      set_api_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED",
                     "Not authorized to access this advertiser");
      return FALSE;
    }

  return TRUE;
}

/**
 * ado_demo_server_handle_scoped:
 * @region: the host's region
 * @rest: the path below /{region}
 *
 * Answers a call about one profile (GET /v2/sp/campaigns). Returns whether
 * @rest is such a call.
 */
gboolean
ado_demo_server_handle_scoped (AdoDemoServer     *self,
                               SoupServerMessage *msg,
                               int                region,
                               const char        *rest)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *scope = soup_message_headers_get_one (headers, "Amazon-Advertising-API-Scope");
  gboolean known;

  g_assert (region >= 0 && region < ADO_DEMO_N_REGIONS);

  if (!g_str_equal (rest, "/v2/sp/campaigns"))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->scoped_requests[region]++;
  g_mutex_unlock (&self->lock);

  if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_GET))
    {
      set_api_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "405", "Method not allowed");
      return TRUE;
    }

  if (!check_caller (self, msg))
    return TRUE;

  if (scope == NULL || scope[0] == '\0')
    {
      set_api_error (msg, SOUP_STATUS_BAD_REQUEST, "400",
                     "Missing Amazon-Advertising-API-Scope header");
      return TRUE;
    }

  g_mutex_lock (&self->lock);
  known = scope[strspn (scope, "0123456789")] == '\0' &&
          region_has_profile (self, region, scope);
  g_mutex_unlock (&self->lock);

  /* A profile of another region (or none at all) is unknown here */
  if (!known)
    {
      set_api_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED",
                     "Not authorized to access this advertiser");
      return TRUE;
    }

  set_body (msg, SOUP_STATUS_OK, "[]");
  return TRUE;
}

static void
answer_profiles (AdoDemoServer     *self,
                 SoupServerMessage *msg,
                 int                region)
{
  g_autofree char *body = NULL;

  if (!check_caller (self, msg))
    return;

  g_mutex_lock (&self->lock);
  body = g_strdup (self->profiles[region]);
  g_mutex_unlock (&self->lock);

  set_body (msg, SOUP_STATUS_OK, body);
}

void
ado_demo_server_handle_profiles (AdoDemoServer     *self,
                                 SoupServerMessage *msg,
                                 int                region)
{
  AdoDemoProfilesFailure failure = ADO_DEMO_PROFILES_FAILURE_NONE;
  g_autofree char *body = NULL;

  g_assert (region >= 0 && region < ADO_DEMO_N_REGIONS);

  g_mutex_lock (&self->lock);
  self->profiles_requests[region]++;
  if (self->profiles_failure_times[region] > 0)
    {
      failure = self->profiles_failure[region];
      if (--self->profiles_failure_times[region] == 0)
        self->profiles_failure[region] = ADO_DEMO_PROFILES_FAILURE_NONE;
    }
  body = g_strdup (self->profiles[region]);
  g_mutex_unlock (&self->lock);

  if (!g_str_equal (soup_server_message_get_method (msg), SOUP_METHOD_GET))
    {
      set_api_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "405", "Method not allowed");
      return;
    }

  if (failure != ADO_DEMO_PROFILES_FAILURE_NONE)
    g_debug ("Injecting profiles failure %d in %s", failure, region_ids[region]);

  switch (failure)
    {
    case ADO_DEMO_PROFILES_FAILURE_NONE:
      answer_profiles (self, msg, region);
      break;

    case ADO_DEMO_PROFILES_FAILURE_EXPIRED_TOKEN:
      set_api_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "HTTP 401 Unauthorized");
      break;

    case ADO_DEMO_PROFILES_FAILURE_RATE_LIMITED:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      set_api_error (msg, STATUS_TOO_MANY_REQUESTS, "429", "Too Many Requests");
      break;

    case ADO_DEMO_PROFILES_FAILURE_SERVER_ERROR:
      set_api_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "500", "Internal Server Error");
      break;

    case ADO_DEMO_PROFILES_FAILURE_TRUNCATED:
      /* Half of the usual answer, at least one character */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, JSON_TYPE, SOUP_MEMORY_COPY,
                                        body, MAX (strlen (body) / 2, 1));
      break;

    case ADO_DEMO_PROFILES_FAILURE_MALFORMED:
      set_body (msg, SOUP_STATUS_OK, "<html><body>Service Unavailable</body></html>");
      break;

    case ADO_DEMO_PROFILES_FAILURE_DRIBBLE:
      ado_demo_server_dribble (self, msg, SOUP_STATUS_OK, JSON_TYPE, body);
      break;

    default:
      g_assert_not_reached ();
    }
}

static int
region_or_warn (const char *region)
{
  int index = region != NULL ? ado_demo_region_index (region) : -1;

  if (index < 0 || region[2] != '\0')
    {
      g_critical ("Unknown region “%s”: use na, eu or fe", region);
      return -1;
    }

  return index;
}

/**
 * ado_demo_server_dup_api_url:
 * @self: a running #AdoDemoServer
 *
 * Returns: (transfer full): the Ads API base URL with a literal `{region}`,
 *   as ADS_ONBOARDING_API_URL takes it
 */
char *
ado_demo_server_dup_api_url (AdoDemoServer *self)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), NULL);
  g_return_val_if_fail (self->base_url != NULL, NULL);

  return g_strconcat (self->base_url, "/{region}", NULL);
}

/**
 * ado_demo_server_set_profiles:
 * @region: "na", "eu" or "fe"
 * @json_array_text: (nullable): the body that region's GET /v2/profiles
 *   returns, as is (it need not even be JSON); %NULL for the default
 */
void
ado_demo_server_set_profiles (AdoDemoServer *self,
                              const char    *region,
                              const char    *json_array_text)
{
  const char * const defaults[ADO_DEMO_N_REGIONS] = { default_na, default_eu, default_fe };
  int index;

  g_return_if_fail (ADO_IS_DEMO_SERVER (self));

  index = region_or_warn (region);
  if (index < 0)
    return;

  g_mutex_lock (&self->lock);
  g_free (self->profiles[index]);
  self->profiles[index] = g_strdup (json_array_text != NULL ? json_array_text : defaults[index]);
  g_mutex_unlock (&self->lock);
}

/**
 * ado_demo_server_fail_profiles_next:
 * @region: "na", "eu" or "fe"
 * @failure: what goes wrong
 * @times: for how many of that region's profiles requests; 0 clears it
 */
void
ado_demo_server_fail_profiles_next (AdoDemoServer          *self,
                                    const char             *region,
                                    AdoDemoProfilesFailure  failure,
                                    guint                   times)
{
  int index;

  g_return_if_fail (ADO_IS_DEMO_SERVER (self));
  g_return_if_fail (failure <= ADO_DEMO_PROFILES_FAILURE_DRIBBLE);

  index = region_or_warn (region);
  if (index < 0)
    return;

  g_mutex_lock (&self->lock);
  self->profiles_failure[index] = times > 0 ? failure : ADO_DEMO_PROFILES_FAILURE_NONE;
  self->profiles_failure_times[index] = failure != ADO_DEMO_PROFILES_FAILURE_NONE ? times : 0;
  g_mutex_unlock (&self->lock);
}

/* One of the per-region request counters, read under the lock */
static guint
region_count (AdoDemoServer *self,
              const guint   *counts,
              const char    *region)
{
  guint count;
  int index = region_or_warn (region);

  if (index < 0)
    return 0;

  g_mutex_lock (&self->lock);
  count = counts[index];
  g_mutex_unlock (&self->lock);

  return count;
}

/**
 * ado_demo_server_get_scoped_request_count:
 * @region: "na", "eu" or "fe"
 *
 * Returns: how many calls about one profile (GET /v2/sp/campaigns) that
 *   region's host has had, answered or refused
 */
guint
ado_demo_server_get_scoped_request_count (AdoDemoServer *self,
                                          const char    *region)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), 0);

  return region_count (self, self->scoped_requests, region);
}

/**
 * ado_demo_server_get_profiles_request_count:
 * @region: "na", "eu" or "fe"
 *
 * Returns: how many profiles requests that region has had, failed or not
 */
guint
ado_demo_server_get_profiles_request_count (AdoDemoServer *self,
                                            const char    *region)
{
  g_return_val_if_fail (ADO_IS_DEMO_SERVER (self), 0);

  return region_count (self, self->profiles_requests, region);
}
