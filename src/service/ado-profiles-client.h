/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ado-account.h"
#include "ado-account-registry.h"
#include "ado-credential-store.h"
#include "ads/ado-amazon.h"
#include "ads/ado-profile.h"

G_BEGIN_DECLS

#define ADO_TYPE_PROFILES_RESULT (ado_profiles_result_get_type ())

G_DECLARE_FINAL_TYPE (AdoProfilesResult, ado_profiles_result, ADO, PROFILES_RESULT, GObject)

/*
 * What ado_profiles_client_list_async() found: for each region that was
 * asked, either its profiles (possibly none) or an error. One region
 * failing never hides the others.
 */

/* The regions that were asked, in the order they were given */
guint               ado_profiles_result_get_n_regions     (AdoProfilesResult    *self);
AdoRegion           ado_profiles_result_get_region        (AdoProfilesResult    *self,
                                                           guint                 index);
gboolean            ado_profiles_result_has_region        (AdoProfilesResult    *self,
                                                           AdoRegion             region);
/* (transfer none) (element-type AdoProfile) (nullable): %NULL when the
 * region failed or was not asked; an empty array when it has no profiles */
GPtrArray          *ado_profiles_result_get_profiles      (AdoProfilesResult    *self,
                                                           AdoRegion             region);
/* (transfer none) (nullable): %NULL when the region succeeded or was not
 * asked; an ADO_ERROR whose message names the region */
const GError       *ado_profiles_result_get_error         (AdoProfilesResult    *self,
                                                           AdoRegion             region);
/* (transfer container) (element-type AdoProfile): the profiles of every
 * region that answered, in the order the regions were given */
GPtrArray          *ado_profiles_result_dup_all_profiles  (AdoProfilesResult    *self);
AdoProfile         *ado_profiles_result_find              (AdoProfilesResult    *self,
                                                           const char           *profile_id);
guint               ado_profiles_result_get_n_failed      (AdoProfilesResult    *self);

/* The first pause before a retry of 429/5xx (it doubles; Retry-After wins
 * when longer, up to 10 s). Process-wide; for tests. Default 1000 ms. */
void                ado_profiles_client_set_retry_delay   (guint                 milliseconds);
/* How long one attempt may take, from sending to the last byte of the
 * answer; past it, the region fails as a network error. Process-wide; for
 * tests. Default 60000 ms. */
void                ado_profiles_client_set_deadline      (guint                 milliseconds);

/*
 * Asks the given regions for their profiles, all at once, with one access
 * token (refreshed once and the region asked again after a 401). @regions
 * %NULL (and @n_regions 0) asks all three. The finish fails only when no
 * region could be asked: no access token (ADO_ERROR_INVALID_GRANT,
 * keyring errors, …) or cancellation.
 */
void                ado_profiles_client_list_async        (AdoCredentialStore   *store,
                                                           AdoAccountRegistry   *registry,
                                                           AdoAccount           *account,
                                                           const AdoRegion      *regions,
                                                           guint                 n_regions,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
AdoProfilesResult  *ado_profiles_client_list_finish       (GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
