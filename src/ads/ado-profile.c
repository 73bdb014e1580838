/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-profile"

#include "config.h"

#include <string.h>

#include "ado-profile-private.h"

/*
 * An advertising profile; its parser of GET /v2/profiles is
 * ado-profile-json.c.
 */

struct _AdoProfile
{
  GObject  parent_instance;

  char    *profile_id;
  char    *region;
  char    *country_code;
  char    *currency_code;
  char    *timezone;
  char    *account_name;
  char    *account_type;
  char    *marketplace_id;
};

enum {
  PROP_0,
  PROP_PROFILE_ID,
  PROP_REGION,
  PROP_COUNTRY_CODE,
  PROP_CURRENCY_CODE,
  PROP_TIMEZONE,
  PROP_ACCOUNT_NAME,
  PROP_ACCOUNT_TYPE,
  PROP_MARKETPLACE_ID,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (AdoProfile, ado_profile, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static void
ado_profile_finalize (GObject *object)
{
  AdoProfile *self = (AdoProfile *)object;

  g_clear_pointer (&self->profile_id, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->country_code, g_free);
  g_clear_pointer (&self->currency_code, g_free);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->account_name, g_free);
  g_clear_pointer (&self->account_type, g_free);
  g_clear_pointer (&self->marketplace_id, g_free);

  G_OBJECT_CLASS (ado_profile_parent_class)->finalize (object);
}

static char **
field_for_property (AdoProfile *self,
                    guint       prop_id)
{
  switch (prop_id)
    {
    case PROP_PROFILE_ID:
      return &self->profile_id;
    case PROP_REGION:
      return &self->region;
    case PROP_COUNTRY_CODE:
      return &self->country_code;
    case PROP_CURRENCY_CODE:
      return &self->currency_code;
    case PROP_TIMEZONE:
      return &self->timezone;
    case PROP_ACCOUNT_NAME:
      return &self->account_name;
    case PROP_ACCOUNT_TYPE:
      return &self->account_type;
    case PROP_MARKETPLACE_ID:
      return &self->marketplace_id;
    default:
      return NULL;
    }
}

static void
ado_profile_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  char **field = field_for_property (ADO_PROFILE (object), prop_id);

  if (field == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else
    g_value_set_string (value, *field);
}

static void
ado_profile_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  char **field = field_for_property (ADO_PROFILE (object), prop_id);

  if (field == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  g_free (*field);
  if (prop_id == PROP_ACCOUNT_TYPE && g_value_get_string (value) != NULL)
    *field = g_ascii_strdown (g_value_get_string (value), -1);
  else
    *field = g_value_dup_string (value);
}

static void
ado_profile_class_init (AdoProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const names[N_PROPS] = {
    NULL, "profile-id", "region", "country-code", "currency-code", "timezone",
    "account-name", "account-type", "marketplace-id",
  };

  object_class->finalize = ado_profile_finalize;
  object_class->get_property = ado_profile_get_property;
  object_class->set_property = ado_profile_set_property;

  for (guint i = 1; i < N_PROPS; i++)
    properties [i] =
      g_param_spec_string (names[i], NULL, NULL,
                           NULL,
                           (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ado_profile_init (AdoProfile *self)
{
}

/**
 * ado_profile_new:
 * @profile_id: the profile ID: digits
 * @region: "na", "eu" or "fe"
 *
 * A profile with only its ID and region; the parser sets the other
 * properties (g_object_new() can too).
 */
AdoProfile *
ado_profile_new (const char *profile_id,
                 const char *region)
{
  AdoRegion unused;

  g_return_val_if_fail (profile_id != NULL &&
                        _ado_profile_digits_only (profile_id, strlen (profile_id)),
                        NULL);
  g_return_val_if_fail (region != NULL && ado_region_from_id (region, &unused), NULL);

  return g_object_new (ADO_TYPE_PROFILE,
                       "profile-id", profile_id,
                       "region", region,
                       NULL);
}

const char *
ado_profile_get_profile_id (AdoProfile *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE (self), NULL);

  return self->profile_id;
}

const char *
ado_profile_get_region (AdoProfile *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE (self), NULL);

  return self->region;
}

const char *
ado_profile_get_country_code (AdoProfile *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE (self), NULL);

  return self->country_code;
}

const char *
ado_profile_get_currency_code (AdoProfile *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE (self), NULL);

  return self->currency_code;
}

const char *
ado_profile_get_timezone (AdoProfile *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE (self), NULL);

  return self->timezone;
}

const char *
ado_profile_get_account_name (AdoProfile *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE (self), NULL);

  return self->account_name;
}

/**
 * ado_profile_get_account_type:
 *
 * Returns: (nullable): "seller", "vendor", "agency" or another type Amazon
 *   sent, always in lower case
 */
const char *
ado_profile_get_account_type (AdoProfile *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE (self), NULL);

  return self->account_type;
}

const char *
ado_profile_get_marketplace_id (AdoProfile *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE (self), NULL);

  return self->marketplace_id;
}
