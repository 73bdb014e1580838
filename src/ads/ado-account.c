/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-account"

#include "config.h"

#include <string.h>

#include "ado-account.h"
#include "ads/ado-amazon.h"

/*
 * AdoAccount is one sign-in (one refresh token) for one client ID, as the
 * account registry keeps it. Nothing secret is held here: the tokens are
 * in the keyring, under the account's id.
 *
 * Its state, ids and times as text are in ado-account-util.c. The rest stays
 * one file a little past 600 lines: the record's properties, with the
 * getters and setters that notify them, are one thing, and splitting them
 * would share the property table and the struct between files.
 */

struct _AdoAccount
{
  GObject          parent_instance;

  char            *id;
  char            *name;
  char            *client_id;
  char            *region;
  char            *redirect_uri;
  char            *scope;
  char            *default_profile_id;
  char            *default_profile_region;
  char            *default_profile_country;
  char            *default_profile_type;
  gint64           obtained_at;
  AdoAccountState  state;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CLIENT_ID,
  PROP_REGION,
  PROP_REDIRECT_URI,
  PROP_SCOPE,
  PROP_OBTAINED_AT,
  PROP_DEFAULT_PROFILE_ID,
  PROP_DEFAULT_PROFILE_REGION,
  PROP_STATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (AdoAccount, ado_account, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static gboolean
set_string (AdoAccount  *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);
  return TRUE;
}

static void
ado_account_finalize (GObject *object)
{
  AdoAccount *self = (AdoAccount *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->redirect_uri, g_free);
  g_clear_pointer (&self->scope, g_free);
  g_clear_pointer (&self->default_profile_id, g_free);
  g_clear_pointer (&self->default_profile_region, g_free);
  g_clear_pointer (&self->default_profile_country, g_free);
  g_clear_pointer (&self->default_profile_type, g_free);

  G_OBJECT_CLASS (ado_account_parent_class)->finalize (object);
}

static void
ado_account_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AdoAccount *self = ADO_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;

    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;

    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;

    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;

    case PROP_OBTAINED_AT:
      g_value_set_int64 (value, self->obtained_at);
      break;

    case PROP_DEFAULT_PROFILE_ID:
      g_value_set_string (value, self->default_profile_id);
      break;

    case PROP_DEFAULT_PROFILE_REGION:
      g_value_set_string (value, self->default_profile_region);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_account_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AdoAccount *self = ADO_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      ado_account_set_id (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      ado_account_set_name (self, g_value_get_string (value));
      break;

    case PROP_CLIENT_ID:
      ado_account_set_client_id (self, g_value_get_string (value));
      break;

    case PROP_REGION:
      ado_account_set_region (self, g_value_get_string (value));
      break;

    case PROP_REDIRECT_URI:
      ado_account_set_redirect_uri (self, g_value_get_string (value));
      break;

    case PROP_SCOPE:
      ado_account_set_scope (self, g_value_get_string (value));
      break;

    case PROP_OBTAINED_AT:
      ado_account_set_obtained_at (self, g_value_get_int64 (value));
      break;

    case PROP_DEFAULT_PROFILE_ID:
      ado_account_set_default_profile_id (self, g_value_get_string (value));
      break;

    case PROP_DEFAULT_PROFILE_REGION:
      ado_account_set_default_profile_region (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      ado_account_set_state (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_account_class_init (AdoAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ado_account_finalize;
  object_class->get_property = ado_account_get_property;
  object_class->set_property = ado_account_set_property;

  /**
   * AdoAccount:id:
   *
   * 8 lowercase hexadecimal digits, short and safe in a shell; %NULL
   * until the account is added to a registry.
   */
  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * AdoAccount:region:
   *
   * The sign-in region: "na", "eu" or "fe".
   */
  properties [PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL,
                         "na",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_REDIRECT_URI] =
    g_param_spec_string ("redirect-uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * AdoAccount:scope:
   *
   * The scope granted at sign-in.
   */
  properties [PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * AdoAccount:obtained-at:
   *
   * When the refresh token was obtained, in Unix seconds; 0 when unknown.
   */
  properties [PROP_OBTAINED_AT] =
    g_param_spec_int64 ("obtained-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * AdoAccount:default-profile-id:
   *
   * The profile used when none is named: a string of digits, or %NULL.
   */
  properties [PROP_DEFAULT_PROFILE_ID] =
    g_param_spec_string ("default-profile-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * AdoAccount:default-profile-region:
   *
   * The region of the default profile ("na", "eu" or "fe"), or %NULL when
   * unknown; it can differ from the sign-in region.
   */
  properties [PROP_DEFAULT_PROFILE_REGION] =
    g_param_spec_string ("default-profile-region", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       ADO_TYPE_ACCOUNT_STATE,
                       ADO_ACCOUNT_STATE_OK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ado_account_init (AdoAccount *self)
{
  self->region = g_strdup ("na");
  self->state = ADO_ACCOUNT_STATE_OK;
}

/**
 * ado_account_new:
 * @id: (nullable): the account's id, or %NULL to have the registry make
 *   one when the account is added
 */
AdoAccount *
ado_account_new (const char *id)
{
  g_return_val_if_fail (id == NULL || ado_account_id_is_valid (id), NULL);

  return g_object_new (ADO_TYPE_ACCOUNT,
                       "id", id,
                       NULL);
}

const char *
ado_account_get_id (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->id;
}

void
ado_account_set_id (AdoAccount *self,
                    const char *id)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));
  g_return_if_fail (id == NULL || ado_account_id_is_valid (id));

  set_string (self, &self->id, id, PROP_ID);
}

const char *
ado_account_get_name (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->name;
}

void
ado_account_set_name (AdoAccount *self,
                      const char *name)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));

  set_string (self, &self->name, name, PROP_NAME);
}

const char *
ado_account_get_client_id (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->client_id;
}

void
ado_account_set_client_id (AdoAccount *self,
                           const char *client_id)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));

  set_string (self, &self->client_id, client_id, PROP_CLIENT_ID);
}

const char *
ado_account_get_region (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->region;
}

/**
 * ado_account_set_region:
 * @region: "na", "eu" or "fe"
 */
void
ado_account_set_region (AdoAccount *self,
                        const char *region)
{
  AdoRegion unused;

  g_return_if_fail (ADO_IS_ACCOUNT (self));
  g_return_if_fail (ado_region_from_id (region, &unused));

  set_string (self, &self->region, region, PROP_REGION);
}

const char *
ado_account_get_redirect_uri (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->redirect_uri;
}

void
ado_account_set_redirect_uri (AdoAccount *self,
                              const char *redirect_uri)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));

  set_string (self, &self->redirect_uri, redirect_uri, PROP_REDIRECT_URI);
}

const char *
ado_account_get_scope (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->scope;
}

void
ado_account_set_scope (AdoAccount *self,
                       const char *scope)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));

  set_string (self, &self->scope, scope, PROP_SCOPE);
}

gint64
ado_account_get_obtained_at (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), 0);

  return self->obtained_at;
}

/**
 * ado_account_set_obtained_at:
 * @obtained_at: when the refresh token was obtained, in Unix seconds, or 0
 */
void
ado_account_set_obtained_at (AdoAccount *self,
                             gint64      obtained_at)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));
  g_return_if_fail (obtained_at >= 0);

  if (self->obtained_at == obtained_at)
    return;

  self->obtained_at = obtained_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OBTAINED_AT]);
}

/**
 * ado_account_dup_obtained_at_iso8601:
 *
 * Returns: (transfer full) (nullable): when the refresh token was obtained,
 *   as ISO 8601 in UTC with a `Z`, or %NULL when unknown
 */
char *
ado_account_dup_obtained_at_iso8601 (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  if (self->obtained_at <= 0)
    return NULL;

  return ado_format_time_iso8601 (self->obtained_at);
}

const char *
ado_account_get_default_profile_id (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->default_profile_id;
}

/**
 * ado_account_set_default_profile_id:
 * @profile_id: (nullable): a profile ID (digits), or %NULL for none
 */
void
ado_account_set_default_profile_id (AdoAccount *self,
                                    const char *profile_id)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));

  if (profile_id != NULL && profile_id[0] == '\0')
    profile_id = NULL;

  g_return_if_fail (profile_id == NULL || ado_account_profile_id_is_valid (profile_id));

  set_string (self, &self->default_profile_id, profile_id, PROP_DEFAULT_PROFILE_ID);
}

/**
 * ado_account_get_default_profile_region:
 *
 * Returns: (nullable): the region of the default profile, or %NULL when
 *   it is not known
 */
const char *
ado_account_get_default_profile_region (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->default_profile_region;
}

/**
 * ado_account_set_default_profile_region:
 * @region: (nullable): "na", "eu", "fe", or %NULL when unknown
 */
void
ado_account_set_default_profile_region (AdoAccount *self,
                                        const char *region)
{
  AdoRegion unused;

  g_return_if_fail (ADO_IS_ACCOUNT (self));

  if (region != NULL && region[0] == '\0')
    region = NULL;

  g_return_if_fail (region == NULL || ado_region_from_id (region, &unused));

  set_string (self, &self->default_profile_region, region, PROP_DEFAULT_PROFILE_REGION);
}

/**
 * ado_account_set_default_profile:
 * @profile_id: (nullable): a profile ID (digits), or %NULL for none
 * @region: (nullable): the profile's region, or %NULL when unknown
 *
 * Sets the default profile and its region together. Its country and type
 * are forgotten when the profile changes: set them again with
 * ado_account_set_default_profile_details().
 */
void
ado_account_set_default_profile (AdoAccount *self,
                                 const char *profile_id,
                                 const char *region)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));

  if (g_strcmp0 (profile_id, self->default_profile_id) != 0)
    ado_account_set_default_profile_details (self, NULL, NULL);

  g_object_freeze_notify (G_OBJECT (self));
  ado_account_set_default_profile_id (self, profile_id);
  ado_account_set_default_profile_region (self, profile_id != NULL ? region : NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ado_account_get_default_profile_country:
 *
 * Returns: (nullable): the default profile's country code ("US", "DE", …),
 *   or %NULL when unknown
 */
const char *
ado_account_get_default_profile_country (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->default_profile_country;
}

/**
 * ado_account_get_default_profile_type:
 *
 * Returns: (nullable): the default profile's account type as Amazon wrote
 *   it ("seller", "vendor", "agency"), or %NULL when unknown
 */
const char *
ado_account_get_default_profile_type (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), NULL);

  return self->default_profile_type;
}

/**
 * ado_account_set_default_profile_details:
 * @country_code: (nullable): the default profile's country code
 * @account_type: (nullable): its account type
 *
 * Keeps what exports need to know of the default profile without asking
 * Amazon: its country (python-amazon-ad-api's marketplace) and its type (an
 * agency profile cannot run campaign calls). Ignored without a default
 * profile.
 */
void
ado_account_set_default_profile_details (AdoAccount *self,
                                         const char *country_code,
                                         const char *account_type)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));

  if (self->default_profile_id == NULL)
    country_code = account_type = NULL;

  g_free (self->default_profile_country);
  self->default_profile_country = country_code != NULL && country_code[0] != '\0'
                                  ? g_strdup (country_code) : NULL;
  g_free (self->default_profile_type);
  self->default_profile_type = account_type != NULL && account_type[0] != '\0'
                               ? g_strdup (account_type) : NULL;
}

AdoAccountState
ado_account_get_state (AdoAccount *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (self), ADO_ACCOUNT_STATE_OK);

  return self->state;
}

void
ado_account_set_state (AdoAccount      *self,
                       AdoAccountState  state)
{
  g_return_if_fail (ADO_IS_ACCOUNT (self));
  g_return_if_fail (state <= ADO_ACCOUNT_STATE_RECONNECT_NEEDED);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}
