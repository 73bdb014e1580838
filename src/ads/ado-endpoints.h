/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-amazon.h"

G_BEGIN_DECLS

#define ADO_AUTH_URL_ENV  "ADS_ONBOARDING_AUTH_URL"
#define ADO_TOKEN_URL_ENV "ADS_ONBOARDING_TOKEN_URL"
#define ADO_API_URL_ENV   "ADS_ONBOARDING_API_URL"

typedef struct
{
  AdoRegion  region;
  char      *auth_url;
  char      *token_url;
  char      *api_url;
} AdoEndpoints;

AdoEndpoints *ado_endpoints_resolve (AdoRegion      region,
                                     GError       **error);
void          ado_endpoints_free    (AdoEndpoints  *endpoints);
gboolean      ado_url_is_loopback   (const char    *url);
void          ado_endpoints_set_demo (const char   *auth_url,
                                      const char   *token_url,
                                      const char   *api_url);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoEndpoints, ado_endpoints_free)

G_END_DECLS
