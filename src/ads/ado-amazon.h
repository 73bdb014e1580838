/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Amazon's pages that the assistant sends people to. */
#define ADO_URL_DEVELOPER_PORTAL  "https://developer.amazon.com/"
#define ADO_URL_LWA_CONSOLE       "https://developer.amazon.com/loginwithamazon/console/site/lwa/overview.html"
#define ADO_URL_PARTNER_NETWORK   "https://advertising.amazon.com/partners/network"
#define ADO_URL_DIRECT_FORM       "https://advertising.amazon.com/partner-network/register-api?ref_=a20m_us_api_drctad"
#define ADO_URL_ABOUT_API         "https://advertising.amazon.com/about-api"
#define ADO_URL_LICENSE           "https://advertising.amazon.com/API/docs/license-agreement"
#define ADO_URL_DATA_POLICY       "https://advertising.amazon.com/API/docs/policy/en_US"
#define ADO_URL_API_SUPPORT       "https://advertising.amazon.com/API/docs/en-us/support/overview"
#define ADO_URL_REVOKE            "https://www.amazon.com/ap/adam"

#define ADO_SCOPE_CAMPAIGN_MANAGEMENT "advertising::campaign_management"
#define ADO_SCOPE_AUDIENCES           "advertising::audiences"
/* What clients approved before October 2020 may need instead */
#define ADO_SCOPE_LEGACY_CAMPAIGN_MANAGEMENT "cpc_advertising:campaign_management"

typedef enum
{
  ADO_REGION_NA,
  ADO_REGION_EU,
  ADO_REGION_FE,
  ADO_N_REGIONS
} AdoRegion;

typedef struct
{
  AdoRegion   region;
  const char *id;            /* "na", "eu", "fe" */
  const char *auth_url;
  const char *token_url;
  const char *api_url;
  const char *countries;     /* for people, not parsed */
} AdoRegionInfo;

const AdoRegionInfo *ado_region_get_info      (AdoRegion    region);
gboolean             ado_region_from_id       (const char  *id,
                                               AdoRegion   *region);
const char          *ado_region_get_title     (AdoRegion    region);

gboolean             ado_approval_link_check  (const char  *link,
                                               GError     **error);

char                *ado_scope_for            (gboolean      data_provider,
                                               gboolean      legacy);

G_END_DECLS
