/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-progress"

#include "config.h"

#include "ado-progress-private.h"
#include "auth/ado-checks.h"

/*
 * What AdoProgress keeps in GSettings beside the steps (those are
 * ado-progress.c): the path chosen, the client ID and return URL, the date
 * of the application, each region's account on the data provider path, and
 * the choice of the legacy scope.
 */

AdoAccessPath
ado_progress_get_access_path (AdoProgress *self)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), ADO_ACCESS_PATH_UNSET);

  return g_settings_get_enum (self->settings, "access-path");
}

void
ado_progress_set_access_path (AdoProgress   *self,
                              AdoAccessPath  path)
{
  g_return_if_fail (ADO_IS_PROGRESS (self));
  g_return_if_fail (path <= ADO_ACCESS_PATH_DIRECT);

  g_settings_set_enum (self->settings, "access-path", path);
}

gboolean
ado_progress_get_data_provider (AdoProgress *self)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), FALSE);

  return g_settings_get_boolean (self->settings, "data-provider");
}

gboolean
ado_progress_get_has_access (AdoProgress *self)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), FALSE);

  return g_settings_get_boolean (self->settings, "has-access");
}

char *
ado_progress_dup_client_id (AdoProgress *self)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), NULL);

  return g_settings_get_string (self->settings, "client-id");
}

/**
 * ado_progress_set_client_id:
 * @client_id: (nullable): the client ID as typed; white space around it is dropped
 */
void
ado_progress_set_client_id (AdoProgress *self,
                            const char  *client_id)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (ADO_IS_PROGRESS (self));

  trimmed = ado_trim_pasted (client_id);
  g_settings_set_string (self->settings, "client-id", trimmed);
}

char *
ado_progress_dup_redirect_uri (AdoProgress *self)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), NULL);

  return g_settings_get_string (self->settings, "redirect-uri");
}

/**
 * ado_progress_set_redirect_uri:
 * @uri: a return URL, stored exactly as given once it checks out
 *
 * Returns: %FALSE with @error set when @uri cannot be a return URL
 */
gboolean
ado_progress_set_redirect_uri (AdoProgress  *self,
                               const char   *uri,
                               GError      **error)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  if (!ado_check_redirect_uri (uri, error))
    return FALSE;

  g_settings_set_string (self->settings, "redirect-uri", uri);
  return TRUE;
}

/**
 * ado_progress_dup_submitted_at:
 *
 * Returns: (transfer full) (nullable): when the application was submitted,
 *   in local time, or %NULL
 */
GDateTime *
ado_progress_dup_submitted_at (AdoProgress *self)
{
  gint64 when;

  g_return_val_if_fail (ADO_IS_PROGRESS (self), NULL);

  when = g_settings_get_int64 (self->settings, "submitted-at");
  if (when <= 0)
    return NULL;

  return g_date_time_new_from_unix_local (when);
}

/**
 * ado_progress_set_submitted_at:
 * @when: (nullable): when the application was submitted, or %NULL to undo
 *
 * Recording the submission completes the step.
 */
void
ado_progress_set_submitted_at (AdoProgress *self,
                               GDateTime   *when)
{
  g_return_if_fail (ADO_IS_PROGRESS (self));

  /* Written at once: the settings object would never leave delay mode, and
   * every later change would stay in memory */
  g_settings_set_int64 (self->settings, "submitted-at",
                        when != NULL ? g_date_time_to_unix (when) : 0);
  ado_progress_set_step_done (self, ADO_STEP_APPLY, when != NULL);
}

/**
 * ado_progress_dup_region_account:
 * @region: a region id ("na", "eu" or "fe")
 *
 * On the data provider path, Amazon asks for the audiences grant once per
 * regional authorization URL, and each region's sign-in is kept as an
 * account of its own.
 *
 * Returns: (transfer full) (nullable): the account that @region's sign-in
 *   stored, or %NULL when that region is not signed in yet
 */
char *
ado_progress_dup_region_account (AdoProgress *self,
                                 const char  *region)
{
  g_autoptr(GVariant) accounts = NULL;
  char *account_id = NULL;

  g_return_val_if_fail (ADO_IS_PROGRESS (self), NULL);
  g_return_val_if_fail (region != NULL, NULL);

  accounts = g_settings_get_value (self->settings, "data-provider-accounts");
  if (!g_variant_lookup (accounts, region, "s", &account_id))
    return NULL;

  return account_id;
}

/**
 * ado_progress_set_region_account:
 * @region: a region id ("na", "eu" or "fe")
 * @account_id: (nullable): the account the region's sign-in stored, or
 *   %NULL when the region is no longer signed in
 *
 * Written at once, not in delay mode: the region's done mark must survive
 * a quit right after the sign-in.
 */
void
ado_progress_set_region_account (AdoProgress *self,
                                 const char  *region,
                                 const char  *account_id)
{
  g_autoptr(GVariant) old = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  g_autofree char *current = NULL;
  GVariantIter iter;
  const char *key;
  const char *value;

  g_return_if_fail (ADO_IS_PROGRESS (self));
  g_return_if_fail (region != NULL && region[0] != '\0');

  current = ado_progress_dup_region_account (self, region);
  if (g_strcmp0 (current, account_id) == 0)
    return;

  old = g_settings_get_value (self->settings, "data-provider-accounts");
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      if (!g_str_equal (key, region))
        g_variant_builder_add (&builder, "{ss}", key, value);
    }
  if (account_id != NULL)
    g_variant_builder_add (&builder, "{ss}", region, account_id);

  g_debug ("Region “%s” %s", region, account_id != NULL ? "signed in" : "no longer signed in");
  g_settings_set_value (self->settings, "data-provider-accounts",
                        g_variant_builder_end (&builder));
}

/**
 * ado_progress_get_legacy_scope:
 *
 * Returns: whether sign-ins ask for the scope of clients approved before
 *   October 2020 (`cpc_advertising:campaign_management`)
 */
gboolean
ado_progress_get_legacy_scope (AdoProgress *self)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), FALSE);

  return g_settings_get_boolean (self->settings, "legacy-scope");
}

void
ado_progress_set_legacy_scope (AdoProgress *self,
                               gboolean     legacy)
{
  g_return_if_fail (ADO_IS_PROGRESS (self));

  g_settings_set_boolean (self->settings, "legacy-scope", !!legacy);
}
