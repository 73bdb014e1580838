/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-profiles-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ado-profiles-client.h"
#include "ado-profiles-result-private.h"
#include "ado-access-token.h"
#include "ado-error.h"
#include "ado-http.h"
#include "ads/ado-endpoints.h"

/*
 * GET /v2/profiles on each region's Ads API host, all at once, with one
 * access token, sent by the HTTP helper (size and time limits, retries of
 * 429 and 5xx). A 401 gets a renewed token (one renewal shared by every
 * region that needed it) and one more try. Each region ends with its
 * profiles or its own error, in words that name the region.
 */

#define DEFAULT_RETRY_DELAY_MS  1000
#define DEFAULT_DEADLINE_MS     60000

static guint retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
static guint deadline_ms = DEFAULT_DEADLINE_MS;


typedef struct _ListData ListData;

typedef struct
{
  ListData     *list;          /* owns this */
  AdoRegion     region;
  char         *url;
  SoupMessage  *message;
  guint         token_serial;  /* of the token it was sent with */
  gboolean      renewed;       /* already asked again after a 401 */
  gboolean      done;
} RegionRequest;

struct _ListData
{
  GTask              *task;      /* a reference while regions are pending */
  GCancellable       *cancellable;  /* the caller's */
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  AdoAccount         *account;
  AdoHttp            *http;
  AdoSecret          *token;
  guint               token_serial;
  gboolean            renewing;
  GPtrArray          *waiting;   /* RegionRequest (unowned) waiting for a new token */
  RegionRequest      *requests[ADO_N_REGIONS];
  guint               n_requests;
  guint               pending;
  AdoProfilesResult  *result;
};

static void send_attempt (RegionRequest *request);

static void
region_request_free (RegionRequest *request)
{
  g_clear_object (&request->message);
  g_free (request->url);
  g_free (request);
}

static void
list_data_free (ListData *data)
{
  for (guint i = 0; i < data->n_requests; i++)
    region_request_free (data->requests[i]);
  g_clear_pointer (&data->waiting, g_ptr_array_unref);
  g_clear_pointer (&data->token, ado_secret_free);
  g_clear_object (&data->store);
  g_clear_object (&data->registry);
  g_clear_object (&data->account);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->http);
  g_clear_object (&data->result);
  g_free (data);
}

static const char *
region_title (RegionRequest *request)
{
  return ado_region_get_title (request->region);
}

/* The end of one region; the task returns when every region has ended */
static void
region_done (RegionRequest *request,
             GPtrArray     *profiles,
             GError        *error)
{
  ListData *data = request->list;
  GTask *task = data->task;

  g_assert (!request->done);
  g_assert ((profiles == NULL) != (error == NULL));

  request->done = TRUE;

  if (error != NULL)
    g_debug ("Profiles of %s: %s", ado_region_get_info (request->region)->id, error->message);
  else
    g_debug ("Profiles of %s: %u", ado_region_get_info (request->region)->id, profiles->len);

  data->result->profiles[request->region] = profiles;
  data->result->errors[request->region] = error;

  g_assert (data->pending > 0);
  if (--data->pending > 0)
    return;

  data->task = NULL;
  g_task_return_pointer (task, g_object_ref (data->result), g_object_unref);
  g_object_unref (task);
}

static GError *
error_for_status (RegionRequest *request,
                  guint          status)
{
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (ADO_ERROR, ADO_ERROR_INVALID_GRANT,
                        /* Translators: %s is a region, e.g. “Europe” */
                        _("The advertising API for the %s region did not accept the access "
                          "token, even a renewed one. Sign in again."),
                        region_title (request));

  if (status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (ADO_ERROR, ADO_ERROR_ACCESS_DENIED,
                        /* Translators: %s is a region, e.g. “Europe” */
                        _("The advertising API for the %s region refused access (HTTP 403). "
                          "Check that API access is approved and assigned to this client ID."),
                        region_title (request));

  if (status == ADO_HTTP_TOO_MANY_REQUESTS)
    return g_error_new (ADO_ERROR, ADO_ERROR_SERVER,
                        /* Translators: %s is a region, e.g. “Europe” */
                        _("The advertising API for the %s region is receiving too many "
                          "requests (429). Try again in a minute."),
                        region_title (request));

  if (status >= 500)
    return g_error_new (ADO_ERROR, ADO_ERROR_SERVER,
                        /* Translators: %s is a region, e.g. “Europe” */
                        _("The advertising API for the %s region has a problem (HTTP %u). "
                          "Try again in a few minutes."),
                        region_title (request), status);

  return g_error_new (ADO_ERROR, ADO_ERROR_SERVER,
                      /* Translators: %s is a region, e.g. “Europe” */
                      _("The advertising API for the %s region refused the request (HTTP %u). "
                        "Check the client ID; if it happens again, the app may need an "
                        "update."),
                      region_title (request), status);
}

/* What the HTTP helper found, in words that name the region */
static GError *
describe_problem (RegionRequest        *request,
                  const AdoHttpProblem *problem)
{
  switch (problem->kind)
    {
    case ADO_HTTP_PROBLEM_STATUS:
      return error_for_status (request, problem->status);

    case ADO_HTTP_PROBLEM_TOO_LARGE:
      return g_error_new (ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                          /* Translators: %s is a region, e.g. “Europe” */
                          _("The advertising API for the %s region sent an answer far "
                            "larger than a list of profiles. Try again in a few minutes."),
                          region_title (request));

    case ADO_HTTP_PROBLEM_DEADLINE:
      return g_error_new (ADO_ERROR, ADO_ERROR_NETWORK,
                          /* Translators: the first %s is a region, e.g. “Europe” */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The advertising API for the %s region did not send its "
                                       "whole answer within %u second. Check the internet "
                                       "connection and try again.",
                                       "The advertising API for the %s region did not send its "
                                       "whole answer within %u seconds. Check the internet "
                                       "connection and try again.",
                                       problem->seconds),
                          region_title (request), problem->seconds);

    case ADO_HTTP_PROBLEM_BROKEN_OFF:
      return g_error_new (ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                          /* Translators: %s is a region, e.g. “Europe” */
                          _("The advertising API for the %s region broke off its answer. Try "
                            "again in a few minutes."),
                          region_title (request));

    case ADO_HTTP_PROBLEM_TLS:
      return g_error_new (ADO_ERROR, ADO_ERROR_TLS,
                          /* Translators: the first %s is a region, e.g. “Europe” */
                          _("The secure connection to the advertising API for the %s region "
                            "could not be trusted (%s), so nothing was sent. Check the "
                            "computer’s date and any proxy or network filter."),
                          region_title (request), problem->cause->message);

    case ADO_HTTP_PROBLEM_TIMED_OUT:
      return g_error_new (ADO_ERROR, ADO_ERROR_NETWORK,
                          /* Translators: %s is a region, e.g. “Europe” */
                          _("The advertising API for the %s region did not answer in time. "
                            "Check the internet connection and try again."),
                          region_title (request));

    case ADO_HTTP_PROBLEM_UNREACHABLE:
    default:
      return g_error_new (ADO_ERROR, ADO_ERROR_NETWORK,
                          /* Translators: the first %s is a region, e.g. “Europe” */
                          _("Could not reach the advertising API for the %s region (%s). Check "
                            "the internet connection and try again."),
                          region_title (request), problem->cause->message);
    }
}

/* The error, with its facts: the region, and the status when there was one */
static GError *
problem_cb (const AdoHttpProblem *problem,
            gpointer              user_data)
{
  RegionRequest *request = user_data;
  GError *error = describe_problem (request, problem);

  if (error != NULL && error->domain == ADO_ERROR)
    {
      ado_error_set_region (error, ado_region_get_info (request->region)->id);
      if (problem->kind == ADO_HTTP_PROBLEM_STATUS)
        ado_error_set_http_status (error, problem->status);
    }

  return error;
}

static void
resend_waiting (ListData *data,
                GError   *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&data->waiting);

  data->waiting = g_ptr_array_new ();

  for (guint i = 0; i < waiting->len; i++)
    {
      RegionRequest *request = g_ptr_array_index (waiting, i);

      if (error != NULL)
        region_done (request, NULL, g_error_copy (error));
      else
        send_attempt (request);
    }
}

static void
renewed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ListData *data = user_data;
  g_autoptr(GError) error = NULL;
  AdoSecret *token;

  token = ado_access_token_get_finish (result, NULL, &error);
  data->renewing = FALSE;

  if (token != NULL)
    {
      g_clear_pointer (&data->token, ado_secret_free);
      data->token = token;
      data->token_serial++;
    }

  resend_waiting (data, error);
}

/* A 401: the token expired or was revoked early. Renew it once for all. */
static void
renew_and_resend (RegionRequest *request)
{
  ListData *data = request->list;

  request->renewed = TRUE;

  if (request->token_serial != data->token_serial)
    {
      /* Another region renewed it meanwhile */
      send_attempt (request);
      return;
    }

  g_ptr_array_add (data->waiting, request);

  if (data->renewing)
    return;

  g_debug ("The Ads API refused the access token: renewing it");
  data->renewing = TRUE;
  ado_access_token_get_async (data->store, data->registry, data->account, TRUE,
                              g_task_get_cancellable (data->task), renewed_cb, data);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RegionRequest *request = user_data;
  g_autoptr(GBytes) body = NULL;
  GPtrArray *profiles;
  GError *error = NULL;

  body = ado_http_send_finish (ADO_HTTP (object), result, &error);

  /* Only a 401 is described so: the token expired or was revoked early */
  if (g_error_matches (error, ADO_ERROR, ADO_ERROR_INVALID_GRANT) && !request->renewed)
    {
      g_clear_error (&error);
      renew_and_resend (request);
      return;
    }

  if (body == NULL)
    {
      region_done (request, NULL, error);
      return;
    }

  profiles = ado_profiles_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                 ado_region_get_info (request->region)->id, &error);
  region_done (request, profiles, error);
}

static void
send_attempt (RegionRequest *request)
{
  ListData *data = request->list;
  SoupMessageHeaders *headers;
  g_autofree char *authorization = NULL;

  request->token_serial = data->token_serial;
  g_clear_object (&request->message);
  request->message = soup_message_new (SOUP_METHOD_GET, request->url);
  g_assert (request->message != NULL);

  /* The header value holds the token: wiped below */
  authorization = g_strconcat ("Bearer ", data->token, NULL);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Amazon-Advertising-API-ClientId",
                                ado_account_get_client_id (data->account));
  soup_message_headers_replace (headers, "Authorization", authorization);
  memset (authorization, 0, strlen (authorization));

  ado_http_send_async (data->http, request->message, NULL, problem_cb, request,
                       data->cancellable, sent_cb, request);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->token = ado_access_token_get_finish (result, NULL, &error);
  if (data->token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The task is referenced by data->task until the last region ends */
  data->task = g_steal_pointer (&task);
  data->pending = data->n_requests;

  for (guint i = 0; i < data->n_requests; i++)
    send_attempt (data->requests[i]);
}

/**
 * ado_profiles_client_set_retry_delay:
 * @milliseconds: the first pause before a retry; it doubles each time
 *
 * For tests: applies to every later request of this process.
 */
void
ado_profiles_client_set_retry_delay (guint milliseconds)
{
  retry_delay_ms = milliseconds;
}

/**
 * ado_profiles_client_set_deadline:
 * @milliseconds: how long one attempt may take, from sending to the last
 *   byte of the answer
 *
 * For tests: applies to every later request of this process.
 */
void
ado_profiles_client_set_deadline (guint milliseconds)
{
  g_return_if_fail (milliseconds > 0);

  deadline_ms = milliseconds;
}

/**
 * ado_profiles_client_list_async:
 * @regions: (array length=n_regions) (nullable): the regions to ask, each
 *   once; %NULL for all three
 *
 * Asks the regions' Ads API hosts for the account's profiles, all at once.
 */
void
ado_profiles_client_list_async (AdoCredentialStore  *store,
                                AdoAccountRegistry  *registry,
                                AdoAccount          *account,
                                const AdoRegion     *regions,
                                guint                n_regions,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  AdoRegion all[ADO_N_REGIONS];
  g_autoptr(GTask) task = NULL;
  ListData *data;

  g_return_if_fail (ADO_IS_CREDENTIAL_STORE (store));
  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (registry));
  g_return_if_fail (ADO_IS_ACCOUNT (account));
  g_return_if_fail (ado_account_get_client_id (account) != NULL);
  g_return_if_fail (regions != NULL || n_regions == 0);
  g_return_if_fail (n_regions <= ADO_N_REGIONS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (regions == NULL)
    {
      /* Every region, in the order of the table */
      for (AdoRegion region = 0; region < ADO_N_REGIONS; region++)
        all[region] = region;
      regions = all;
      n_regions = ADO_N_REGIONS;
    }

  for (guint i = 0; i < n_regions; i++)
    {
      g_return_if_fail (regions[i] < ADO_N_REGIONS);
      for (guint j = 0; j < i; j++)
        g_return_if_fail (regions[j] != regions[i]);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_profiles_client_list_async);

  data = g_new0 (ListData, 1);
  data->store = g_object_ref (store);
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  data->registry = g_object_ref (registry);
  data->account = g_object_ref (account);
  data->waiting = g_ptr_array_new ();
  data->result = g_object_new (ADO_TYPE_PROFILES_RESULT, NULL);
  data->http = ado_http_new ();
  ado_http_set_max_body (data->http, ADO_PROFILES_MAX_BODY);
  ado_http_set_retry_delay (data->http, retry_delay_ms);
  ado_http_set_deadline (data->http, deadline_ms);
  g_task_set_task_data (task, data, (GDestroyNotify)list_data_free);

  for (guint i = 0; i < n_regions; i++)
    {
      g_autoptr(AdoEndpoints) endpoints = NULL;
      g_autoptr(GError) error = NULL;
      RegionRequest *request;

      endpoints = ado_endpoints_resolve (regions[i], &error);
      if (endpoints == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      data->result->asked[regions[i]] = TRUE;
      data->result->regions[data->result->n_regions++] = regions[i];

      request = g_new0 (RegionRequest, 1);
      request->list = data;
      request->region = regions[i];
      /* The host's URL may end in a slash */
      request->url = g_str_has_suffix (endpoints->api_url, "/")
                     ? g_strconcat (endpoints->api_url, "v2/profiles", NULL)
                     : g_strconcat (endpoints->api_url, "/v2/profiles", NULL);
      data->requests[data->n_requests++] = request;
    }

  ado_access_token_get_async (store, registry, account, FALSE, cancellable,
                              token_cb, g_steal_pointer (&task));
}

/**
 * ado_profiles_client_list_finish:
 *
 * Returns: (transfer full) (nullable): what each region answered; %NULL
 *   when no region could be asked: no access token (e.g.
 *   %ADO_ERROR_INVALID_GRANT, %ADO_ERROR_MISSING_CLIENT_SECRET, a keyring
 *   error), %ADO_ERROR_OVERRIDE_REFUSED, or %G_IO_ERROR_CANCELLED
 */
AdoProfilesResult *
ado_profiles_client_list_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ado_profiles_client_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
