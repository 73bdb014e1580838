/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-account"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "ado-account.h"
#include "ads/ado-amazon.h"

/*
 * AdoAccount is one sign-in (one refresh token) for one client ID, as the
 * account registry keeps it. Nothing secret is held here: the tokens are
 * in the keyring, under the account's id.
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

G_DEFINE_ENUM_TYPE (AdoAccountState, ado_account_state,
                    G_DEFINE_ENUM_VALUE (ADO_ACCOUNT_STATE_OK, "ok"),
                    G_DEFINE_ENUM_VALUE (ADO_ACCOUNT_STATE_RECONNECT_NEEDED, "reconnect-needed"))

G_DEFINE_FINAL_TYPE (AdoAccount, ado_account, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

/**
 * ado_account_state_to_string:
 *
 * Returns: the nick of @state ("ok", "reconnect-needed"), as the registry
 *   file and the command line's JSON write it
 */
const char *
ado_account_state_to_string (AdoAccountState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (ADO_TYPE_ACCOUNT_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_return_val_if_fail (value != NULL, NULL);

  return value->value_nick;
}

gboolean
ado_account_state_from_string (const char      *nick,
                               AdoAccountState *state)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  g_return_val_if_fail (state != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (ADO_TYPE_ACCOUNT_STATE);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value == NULL)
    return FALSE;

  *state = value->value;
  return TRUE;
}

/**
 * ado_account_generate_id:
 *
 * Makes a new account id: 8 lowercase hexadecimal digits from 32 random
 * bits of getrandom(2). The id is not a secret; the registry makes sure
 * it is unique.
 *
 * Returns: (transfer full): a new id
 */
char *
ado_account_generate_id (void)
{
  guint8 bytes[ADO_ACCOUNT_ID_LENGTH / 2];
  gsize filled = 0;

  while (filled < sizeof bytes)
    {
      ssize_t got = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (got < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          /* Only a kernel without getrandom(2) gets here; an id needs to
           * be unique, not unpredictable. */
          g_debug ("getrandom failed (%s), using GLib's generator", g_strerror (saved_errno));
          for (; filled < sizeof bytes; filled++)
            bytes[filled] = (guint8)g_random_int_range (0, 256);
          break;
        }

      filled += (gsize)got;
    }

  return g_strdup_printf ("%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2], bytes[3]);
}

/**
 * ado_account_id_is_valid:
 *
 * Returns: whether @id is 8 lowercase hexadecimal digits
 */
gboolean
ado_account_id_is_valid (const char *id)
{
  if (id == NULL || strlen (id) != ADO_ACCOUNT_ID_LENGTH)
    return FALSE;

  for (const char *c = id; *c != '\0'; c++)
    {
      if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
        return FALSE;
    }

  return TRUE;
}

/**
 * ado_account_profile_id_is_valid:
 *
 * Returns: whether @profile_id is a non-empty string of ASCII digits (of
 *   any length: Amazon's profile IDs do not fit every integer type)
 */
gboolean
ado_account_profile_id_is_valid (const char *profile_id)
{
  if (profile_id == NULL || profile_id[0] == '\0')
    return FALSE;

  for (const char *c = profile_id; *c != '\0'; c++)
    {
      if (!g_ascii_isdigit (*c))
        return FALSE;
    }

  return TRUE;
}

/**
 * ado_format_time_iso8601:
 * @unix_time: seconds since the Unix epoch
 *
 * Returns: (transfer full): @unix_time as ISO 8601 in UTC, whole seconds,
 *   with a `Z`, e.g. `2024-05-01T09:30:00Z`
 */
char *
ado_format_time_iso8601 (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (unix_time);

  g_return_val_if_fail (when != NULL, NULL);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * ado_parse_time:
 * @text: an ISO 8601 date and time with a time zone (`2024-05-01T09:30:00Z`),
 *   or decimal Unix seconds
 * @unix_time: (out): where the time goes, in Unix seconds
 *
 * Returns: whether @text was a time
 */
gboolean
ado_parse_time (const char *text,
                gint64     *unix_time)
{
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds;

  g_return_val_if_fail (unix_time != NULL, FALSE);

  if (text == NULL || text[0] == '\0')
    return FALSE;

  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &seconds, NULL))
    {
      *unix_time = (gint64)seconds;
      return TRUE;
    }

  /* No default time zone: a time without one is refused */
  when = g_date_time_new_from_iso8601 (text, NULL);
  if (when == NULL)
    return FALSE;

  *unix_time = g_date_time_to_unix (when);
  return TRUE;
}

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
