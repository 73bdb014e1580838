/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ado-amazon.h"

G_BEGIN_DECLS

/* The largest profiles answer read from one region */
#define ADO_PROFILES_MAX_BODY (4 * 1024 * 1024)

#define ADO_TYPE_PROFILE (ado_profile_get_type ())

G_DECLARE_FINAL_TYPE (AdoProfile, ado_profile, ADO, PROFILE, GObject)

/*
 * One advertising profile as GET /v2/profiles lists it. Every string
 * property is construct-only; all but profile-id and region are %NULL when
 * Amazon left them out. profile-id holds exactly the digits Amazon sent
 * (it can exceed 2^53); region is "na", "eu" or "fe"; account-type is
 * lower case ("seller", "vendor", "agency" or whatever else was sent).
 *
 * Properties: "profile-id", "region", "country-code", "currency-code",
 * "timezone", "account-name", "account-type", "marketplace-id".
 */

AdoProfile *ado_profile_new                  (const char   *profile_id,
                                              const char   *region);
const char *ado_profile_get_profile_id       (AdoProfile   *self);
const char *ado_profile_get_region           (AdoProfile   *self);
const char *ado_profile_get_country_code     (AdoProfile   *self);
const char *ado_profile_get_currency_code    (AdoProfile   *self);
const char *ado_profile_get_timezone         (AdoProfile   *self);
const char *ado_profile_get_account_name     (AdoProfile   *self);
const char *ado_profile_get_account_type     (AdoProfile   *self);
const char *ado_profile_get_marketplace_id   (AdoProfile   *self);

/* Returns: (transfer container) (element-type AdoProfile): the profiles of
 * one region's answer, in Amazon's order (possibly none); %NULL with
 * %ADO_ERROR_BAD_RESPONSE when @body is not a JSON array of profiles */
GPtrArray  *ado_profiles_parse               (const char   *body,
                                              gsize         length,
                                              const char   *region,
                                              GError      **error);

/* Returns: (transfer full): the sentence for a region whose answer is an
 * empty list (signed in, but no access there) */
char       *ado_profiles_dup_empty_message   (AdoRegion     region);

G_END_DECLS
