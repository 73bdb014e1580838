/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-profiles-client"

#include "config.h"

#include "ado-profiles-result-private.h"

/*
 * What ado_profiles_client_list_async() found: for each region that was
 * asked, its profiles (possibly none) or its error.
 */

G_DEFINE_FINAL_TYPE (AdoProfilesResult, ado_profiles_result, G_TYPE_OBJECT)

static void
ado_profiles_result_finalize (GObject *object)
{
  AdoProfilesResult *self = (AdoProfilesResult *)object;

  for (guint i = 0; i < ADO_N_REGIONS; i++)
    {
      g_clear_pointer (&self->profiles[i], g_ptr_array_unref);
      g_clear_error (&self->errors[i]);
    }

  G_OBJECT_CLASS (ado_profiles_result_parent_class)->finalize (object);
}

static void
ado_profiles_result_class_init (AdoProfilesResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ado_profiles_result_finalize;
}

static void
ado_profiles_result_init (AdoProfilesResult *self)
{
}

guint
ado_profiles_result_get_n_regions (AdoProfilesResult *self)
{
  g_return_val_if_fail (ADO_IS_PROFILES_RESULT (self), 0);

  return self->n_regions;
}

/**
 * ado_profiles_result_get_region:
 * @index: below ado_profiles_result_get_n_regions()
 *
 * Returns: the region asked in that place
 */
AdoRegion
ado_profiles_result_get_region (AdoProfilesResult *self,
                                guint              index)
{
  g_return_val_if_fail (ADO_IS_PROFILES_RESULT (self), ADO_REGION_NA);
  g_return_val_if_fail (index < self->n_regions, ADO_REGION_NA);

  return self->regions[index];
}

gboolean
ado_profiles_result_has_region (AdoProfilesResult *self,
                                AdoRegion          region)
{
  g_return_val_if_fail (ADO_IS_PROFILES_RESULT (self), FALSE);
  g_return_val_if_fail (region < ADO_N_REGIONS, FALSE);

  return self->asked[region];
}

/**
 * ado_profiles_result_get_profiles:
 *
 * Returns: (transfer none) (element-type AdoProfile) (nullable): the
 *   region's profiles (possibly none), or %NULL when it failed or was not
 *   asked
 */
GPtrArray *
ado_profiles_result_get_profiles (AdoProfilesResult *self,
                                  AdoRegion          region)
{
  g_return_val_if_fail (ADO_IS_PROFILES_RESULT (self), NULL);
  g_return_val_if_fail (region < ADO_N_REGIONS, NULL);

  return self->profiles[region];
}

/**
 * ado_profiles_result_get_error:
 *
 * Returns: (transfer none) (nullable): why the region failed (the message
 *   names it), or %NULL
 */
const GError *
ado_profiles_result_get_error (AdoProfilesResult *self,
                               AdoRegion          region)
{
  g_return_val_if_fail (ADO_IS_PROFILES_RESULT (self), NULL);
  g_return_val_if_fail (region < ADO_N_REGIONS, NULL);

  return self->errors[region];
}

/**
 * ado_profiles_result_dup_all_profiles:
 *
 * Returns: (transfer container) (element-type AdoProfile): the profiles of
 *   every region that answered, in the order the regions were asked
 */
GPtrArray *
ado_profiles_result_dup_all_profiles (AdoProfilesResult *self)
{
  GPtrArray *all;

  g_return_val_if_fail (ADO_IS_PROFILES_RESULT (self), NULL);

  all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->n_regions; i++)
    {
      GPtrArray *profiles = self->profiles[self->regions[i]];

      for (guint j = 0; profiles != NULL && j < profiles->len; j++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (profiles, j)));
    }

  return all;
}

/**
 * ado_profiles_result_find:
 * @profile_id: a profile ID (digits)
 *
 * Returns: (transfer none) (nullable): the profile with that ID in any
 *   region that answered, or %NULL
 */
AdoProfile *
ado_profiles_result_find (AdoProfilesResult *self,
                          const char        *profile_id)
{
  g_return_val_if_fail (ADO_IS_PROFILES_RESULT (self), NULL);
  g_return_val_if_fail (profile_id != NULL, NULL);

  for (guint i = 0; i < self->n_regions; i++)
    {
      GPtrArray *profiles = self->profiles[self->regions[i]];

      for (guint j = 0; profiles != NULL && j < profiles->len; j++)
        {
          AdoProfile *profile = g_ptr_array_index (profiles, j);

          if (g_str_equal (ado_profile_get_profile_id (profile), profile_id))
            return profile;
        }
    }

  return NULL;
}

guint
ado_profiles_result_get_n_failed (AdoProfilesResult *self)
{
  guint n = 0;

  g_return_val_if_fail (ADO_IS_PROFILES_RESULT (self), 0);

  for (guint i = 0; i < self->n_regions; i++)
    {
      if (self->errors[self->regions[i]] != NULL)
        n++;
    }

  return n;
}
