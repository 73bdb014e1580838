/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-amazon"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "ado-amazon.h"
#include "ado-error.h"

static const AdoRegionInfo regions[ADO_N_REGIONS] = {
  {
    ADO_REGION_NA, "na",
    "https://www.amazon.com/ap/oa",
    "https://api.amazon.com/auth/o2/token",
    "https://advertising-api.amazon.com",
    "US, CA, MX, BR",
  },
  {
    ADO_REGION_EU, "eu",
    "https://eu.account.amazon.com/ap/oa",
    "https://api.amazon.co.uk/auth/o2/token",
    "https://advertising-api-eu.amazon.com",
    "UK, FR, IT, ES, DE, NL, AE, PL, TR, EG, SA, SE, BE, IN, ZA",
  },
  {
    ADO_REGION_FE, "fe",
    "https://apac.account.amazon.com/ap/oa",
    "https://api.amazon.co.jp/auth/o2/token",
    "https://advertising-api-fe.amazon.com",
    "JP, AU, SG",
  },
};

const AdoRegionInfo *
ado_region_get_info (AdoRegion region)
{
  g_return_val_if_fail (region < ADO_N_REGIONS, NULL);

  return &regions[region];
}

gboolean
ado_region_from_id (const char *id,
                    AdoRegion  *region)
{
  g_return_val_if_fail (region != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      if (g_strcmp0 (id, regions[i].id) == 0)
        {
          *region = regions[i].region;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ado_region_get_title (AdoRegion region)
{
  switch (region)
    {
    case ADO_REGION_NA:
      return _("North America");
    case ADO_REGION_EU:
      return _("Europe");
    case ADO_REGION_FE:
      return _("Far East");
    case ADO_N_REGIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
host_is_amazon (const char *host)
{
  g_auto(GStrv) labels = NULL;
  guint n;

  if (host == NULL)
    return FALSE;

  /* amazon.com, advertising.amazon.com, amazon.co.uk, … */
  labels = g_strsplit (host, ".", -1);
  n = g_strv_length (labels);

  for (guint i = 0; i + 1 < n; i++)
    {
      if (g_ascii_strcasecmp (labels[i], "amazon") == 0)
        {
          guint rest = n - i - 1;

          /* amazon.de, or a second-level pair like amazon.co.uk, amazon.com.au */
          if (rest == 1 ||
              (rest == 2 && (g_ascii_strcasecmp (labels[i + 1], "co") == 0 ||
                             g_ascii_strcasecmp (labels[i + 1], "com") == 0)))
            return TRUE;
        }
    }

  return FALSE;
}

/**
 * ado_approval_link_check:
 * @link: the link as pasted from Amazon's approval email
 * @error: why it is refused
 *
 * Opened under the wrong Amazon account, the assignment link is spent and
 * only Amazon support can reset it, so the assistant opens it only when it
 * is an https address on one of Amazon's own domains.
 */
gboolean
ado_approval_link_check (const char  *link,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (link != NULL, FALSE);

  uri = g_uri_parse (link, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 ||
      !host_is_amazon (g_uri_get_host (uri)))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   _("This is not a link to an Amazon page. Copy the whole link "
                     "from the approval email."));
      return FALSE;
    }

  return TRUE;
}

/**
 * ado_scope_for:
 * @data_provider: whether the data provider API is wanted (audiences)
 * @legacy: whether the client was approved before October 2020 and needs
 *   the legacy campaign-management scope
 *
 * Returns: (transfer full): the scopes to ask for, space-separated, as the
 *   window and the command line ask for them
 */
char *
ado_scope_for (gboolean data_provider,
               gboolean legacy)
{
  const char *campaign = legacy ? ADO_SCOPE_LEGACY_CAMPAIGN_MANAGEMENT
                                : ADO_SCOPE_CAMPAIGN_MANAGEMENT;

  if (data_provider)
    return g_strjoin (" ", campaign, ADO_SCOPE_AUDIENCES, NULL);

  return g_strdup (campaign);
}
