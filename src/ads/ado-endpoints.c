/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-endpoints"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "ado-endpoints.h"
#include "ado-error.h"

/*
 * Amazon's regional endpoints, or the overrides that tests and the demo
 * set. An override can only point at this computer: a client secret or a
 * refresh token is never sent anywhere else because of a variable.
 */

/* Set once by --demo, before any sign-in: the built-in imitation */
static struct {
  char *auth_url;
  char *token_url;
  char *api_url;
} demo;

/**
 * ado_endpoints_set_demo:
 * @auth_url: the imitation's authorization URL
 * @token_url: its token URL
 * @api_url: its Ads API URL, with `{region}`
 *
 * Points every region at the built-in imitation of Amazon, for --demo.
 * The URLs must be on this computer, like the variables.
 */
void
ado_endpoints_set_demo (const char *auth_url,
                        const char *token_url,
                        const char *api_url)
{
  g_return_if_fail (ado_url_is_loopback (auth_url));
  g_return_if_fail (ado_url_is_loopback (token_url));

  g_free (demo.auth_url);
  g_free (demo.token_url);
  g_free (demo.api_url);
  demo.auth_url = g_strdup (auth_url);
  demo.token_url = g_strdup (token_url);
  demo.api_url = g_strdup (api_url);
}

static char *
expand_region (const char *url,
               const char *region_id)
{
  g_auto(GStrv) parts = g_strsplit (url, "{region}", -1);

  return g_strjoinv (region_id, parts);
}

/**
 * ado_url_is_loopback:
 *
 * Returns: %TRUE when @url is an http or https URL on 127.0.0.1, ::1 or
 *   localhost
 */
gboolean
ado_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return FALSE;
  if (g_uri_get_userinfo (uri) != NULL)
    return FALSE;

  return g_strcmp0 (host, "127.0.0.1") == 0 ||
         g_strcmp0 (host, "::1") == 0 ||
         (host != NULL && g_ascii_strcasecmp (host, "localhost") == 0);
}

static gboolean
take_override (const char  *variable,
               const char  *region_id,
               char       **url,
               GError     **error)
{
  const char *value = g_getenv (variable);
  g_autofree char *expanded = NULL;

  if (value == NULL || value[0] == '\0')
    return TRUE;

  expanded = expand_region (value, region_id);

  if (!ado_url_is_loopback (expanded))
    {
      /* The value is not repeated: it may be anything the user typed */
      g_set_error (error, ADO_ERROR, ADO_ERROR_OVERRIDE_REFUSED,
                   _("%s does not point to this computer (127.0.0.1, ::1 or localhost), so it "
                     "is refused: these variables may never send credentials elsewhere. "
                     "Unset it to use Amazon’s servers."),
                   variable);
      return FALSE;
    }

  g_debug ("%s overrides the %s endpoint", variable, region_id);
  g_free (*url);
  *url = g_steal_pointer (&expanded);
  return TRUE;
}

/**
 * ado_endpoints_resolve:
 * @region: the sign-in region
 * @error: %ADO_ERROR_OVERRIDE_REFUSED when an override leaves the computer
 *
 * Returns: (transfer full) (nullable): the region's URLs
 */
AdoEndpoints *
ado_endpoints_resolve (AdoRegion   region,
                       GError    **error)
{
  const AdoRegionInfo *info = ado_region_get_info (region);
  g_autoptr(AdoEndpoints) endpoints = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  endpoints = g_new0 (AdoEndpoints, 1);
  endpoints->region = region;
  endpoints->auth_url = g_strdup (info->auth_url);
  endpoints->token_url = g_strdup (info->token_url);
  endpoints->api_url = g_strdup (info->api_url);

  if (demo.auth_url != NULL)
    {
      g_free (endpoints->auth_url);
      g_free (endpoints->token_url);
      g_free (endpoints->api_url);
      endpoints->auth_url = g_strdup (demo.auth_url);
      endpoints->token_url = g_strdup (demo.token_url);
      endpoints->api_url = demo.api_url != NULL ? expand_region (demo.api_url, info->id)
                                                : g_strdup (info->api_url);
      return g_steal_pointer (&endpoints);
    }

  if (!take_override (ADO_AUTH_URL_ENV, info->id, &endpoints->auth_url, error) ||
      !take_override (ADO_TOKEN_URL_ENV, info->id, &endpoints->token_url, error) ||
      !take_override (ADO_API_URL_ENV, info->id, &endpoints->api_url, error))
    return NULL;

  return g_steal_pointer (&endpoints);
}

void
ado_endpoints_free (AdoEndpoints *endpoints)
{
  if (endpoints == NULL)
    return;

  g_free (endpoints->auth_url);
  g_free (endpoints->token_url);
  g_free (endpoints->api_url);
  g_free (endpoints);
}
