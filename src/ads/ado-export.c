/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-export"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ado-export.h"

/*
 * The credentials as other tools read them (SPEC §6): shell variables for
 * python-amazon-ad-api and curl scripts, plain JSON, a Postman environment
 * for Amazon's Ads API collection, python-amazon-ad-api's credentials.yml
 * and a config for Airbyte's Amazon Ads source. Only formatting happens
 * here: ado-export-collect.c (in store/) gathers what goes in. The texts
 * hold secrets: they are wiped when freed with ado_export_text_free().
 *
 * What the readers do with them, and so what the texts must hold:
 * - python-amazon-ad-api picks its host only from AD_API_DEFAULT_MARKETPLACE
 *   (a name of its Marketplaces enum; Europe when unset, KeyError for an
 *   unknown name) and refuses credentials without profile_id.
 * - Amazon's Postman collection refreshes the access token before a request
 *   only when Date.now() > token_expires_at: without a number there it
 *   never refreshes.
 * - Airbyte's source wants auth_type "oauth2.0", region NA/EU/FE and the
 *   profiles as JSON integers.
 */

typedef struct
{
  const char      *name;
  const char      *file_name;
} FormatInfo;

static const FormatInfo formats[] = {
  [ADO_EXPORT_ENV] = { "env", "ads-api.env" },
  [ADO_EXPORT_JSON] = { "json", "ads-api.json" },
  [ADO_EXPORT_POSTMAN] = { "postman", "ads-api.postman_environment.json" },
  [ADO_EXPORT_PYTHON_AD_API] = { "python-ad-api", "credentials.yml" },
  [ADO_EXPORT_AIRBYTE] = { "airbyte", "airbyte-amazon-ads.json" },
};

/* The names of python-amazon-ad-api's Marketplaces enum that are countries */
static const char * const marketplace_countries[] = {
  "US", "CA", "MX", "BR", "UK", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "IE", "SE", "PL",
  "AE", "JP", "AU", "SG",
};

/* Postman's Date.now() > token_expires_at: a minute early, in milliseconds */
#define POSTMAN_EXPIRY_MARGIN_SECONDS 60

static void
wipe (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
}

static gboolean
is_known (const char *value)
{
  return value != NULL && value[0] != '\0';
}

/* --- env ---------------------------------------------------------------------------- */

/* NAME='value', each ' in value written as '\'' */
static void
append_env (GString    *out,
            const char *name,
            const char *value)
{
  g_string_append_printf (out, "export %s='", name);
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\'')
        g_string_append (out, "'\\''");
      else
        g_string_append_c (out, *c);
    }
  g_string_append (out, "'\n");
}

static void
render_env (GString                    *out,
            const AdoExportCredentials *credentials)
{
  g_autofree char *region = g_ascii_strdown (credentials->region, -1);

  append_env (out, "AD_API_CLIENT_ID", credentials->client_id);
  append_env (out, "AD_API_CLIENT_SECRET", credentials->client_secret);
  append_env (out, "AD_API_REFRESH_TOKEN", credentials->refresh_token);
  if (is_known (credentials->profile_id))
    append_env (out, "AD_API_PROFILE_ID", credentials->profile_id);
  append_env (out, "AD_API_DEFAULT_MARKETPLACE",
              ado_export_marketplace (credentials->country_code, credentials->region));
  append_env (out, "AMAZON_ADS_REGION", region);
}

/* --- python-ad-api ------------------------------------------------------------------ */

/* A YAML single-quoted scalar: ' is doubled, nothing else is special */
static void
append_yaml (GString    *out,
             const char *key,
             const char *value)
{
  g_string_append_printf (out, "  %s: '", key);
  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == '\'')
        g_string_append (out, "''");
      else
        g_string_append_c (out, *c);
    }
  g_string_append (out, "'\n");
}

static void
render_python_ad_api (GString                    *out,
                      const AdoExportCredentials *credentials)
{
  /* The library reads the marketplace (and so the host) only from the
   * environment or from code, never from this file */
  g_string_append_printf (out,
                          "# python-amazon-ad-api takes the marketplace from the environment:\n"
                          "#   export AD_API_DEFAULT_MARKETPLACE=%s\n",
                          ado_export_marketplace (credentials->country_code,
                                                  credentials->region));
  g_string_append (out, "version: '1.0'\n\ndefault:\n");
  append_yaml (out, "refresh_token", credentials->refresh_token);
  append_yaml (out, "client_id", credentials->client_id);
  append_yaml (out, "client_secret", credentials->client_secret);
  if (is_known (credentials->profile_id))
    append_yaml (out, "profile_id", credentials->profile_id);
}

/* --- json and postman --------------------------------------------------------------- */

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
build_json (JsonBuilder                *builder,
            const AdoExportCredentials *credentials)
{
  g_autofree char *region = g_ascii_strdown (credentials->region, -1);

  json_builder_begin_object (builder);
  add_member (builder, "client_id", credentials->client_id);
  add_member (builder, "client_secret", credentials->client_secret);
  add_member (builder, "refresh_token", credentials->refresh_token);
  add_member (builder, "region", region);
  if (is_known (credentials->profile_id))
    add_member (builder, "profile_id", credentials->profile_id);
  json_builder_end_object (builder);
}

/* Variable types as in Amazon's environment template */
typedef enum
{
  POSTMAN_DEFAULT,
  POSTMAN_SECRET,
  POSTMAN_ANY,
} PostmanType;

static void
add_variable (JsonBuilder *builder,
              const char  *key,
              const char  *value,
              PostmanType  type)
{
  static const char * const type_names[] = { "default", "secret", "any" };

  json_builder_begin_object (builder);
  add_member (builder, "key", key);
  add_member (builder, "value", value != NULL ? value : "");
  add_member (builder, "type", type_names[type]);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
}

/* A Postman environment with the variables of Amazon's Ads API collection,
 * in the order of Amazon's template */
static void
build_postman (JsonBuilder                *builder,
               const AdoExportCredentials *credentials)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = NULL;
  g_autofree char *expires_at = NULL;

  if (is_known (credentials->name))
    name = g_strconcat ("Amazon Ads API – ", credentials->name, NULL);
  else
    name = g_strdup ("Amazon Ads API");

  /* Without an access token, "" makes the collection refresh at once */
  if (is_known (credentials->access_token) && credentials->access_token_expires_at > 0)
    expires_at = g_strdup_printf ("%" G_GINT64_FORMAT,
                                  (credentials->access_token_expires_at -
                                   POSTMAN_EXPIRY_MARGIN_SECONDS) * 1000);

  json_builder_begin_object (builder);
  add_member (builder, "id", id);
  add_member (builder, "name", name);
  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  add_variable (builder, "client_id", credentials->client_id, POSTMAN_SECRET);
  add_variable (builder, "client_secret", credentials->client_secret, POSTMAN_SECRET);
  add_variable (builder, "permission_scope", credentials->scope, POSTMAN_DEFAULT);
  add_variable (builder, "redirect_uri", credentials->redirect_uri, POSTMAN_DEFAULT);
  add_variable (builder, "access_token", expires_at != NULL ? credentials->access_token : NULL,
                POSTMAN_SECRET);
  add_variable (builder, "refresh_token", credentials->refresh_token, POSTMAN_SECRET);
  add_variable (builder, "token_expires_at", expires_at, POSTMAN_DEFAULT);
  add_variable (builder, "profileId", credentials->profile_id, POSTMAN_ANY);
  add_variable (builder, "auth_grant_url", credentials->auth_url, POSTMAN_DEFAULT);
  add_variable (builder, "token_url", credentials->token_url, POSTMAN_DEFAULT);
  add_variable (builder, "api_url", credentials->api_url, POSTMAN_DEFAULT);
  add_variable (builder, "dspAccountId", NULL, POSTMAN_ANY);
  add_variable (builder, "manager_account_id", NULL, POSTMAN_ANY);
  json_builder_end_array (builder);
  add_member (builder, "_postman_variable_scope", "environment");
  json_builder_end_object (builder);
}

static void
render_json (GString                    *out,
             AdoExportFormat             format,
             const AdoExportCredentials *credentials)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;

  if (format == ADO_EXPORT_POSTMAN)
    build_postman (builder, credentials);
  else
    build_json (builder, credentials);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  g_string_append_len (out, text, (gssize)length);
  g_string_append_c (out, '\n');
  ado_export_text_free (text);
}

/* --- airbyte ------------------------------------------------------------------------ */

/* A JSON string: json-glib cannot write the integers below with their exact
 * digits, so this format is written by hand */
static void
append_json_string (GString    *out,
                    const char *value)
{
  g_string_append_c (out, '"');
  for (const char *c = value; *c != '\0'; c++)
    {
      switch (*c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if ((guchar)*c < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint)(guchar)*c);
          else
            g_string_append_c (out, *c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
append_json_member (GString    *out,
                    const char *name,
                    const char *value)
{
  g_string_append (out, "  ");
  append_json_string (out, name);
  g_string_append (out, " : ");
  append_json_string (out, value);
}

/* A config for Airbyte's Amazon Ads source: its profiles are integers,
 * written with Amazon's exact digits (they may not fit 64 bits) */
static void
render_airbyte (GString                    *out,
                const AdoExportCredentials *credentials)
{
  g_autofree char *region = g_ascii_strup (credentials->region, -1);
  const char *single[] = { credentials->profile_id, NULL };
  const char * const *profiles = NULL;

  if (credentials->profile_ids != NULL)
    profiles = (const char * const *)credentials->profile_ids;
  else if (is_known (credentials->profile_id))
    profiles = single;

  g_string_append (out, "{\n");
  append_json_member (out, "auth_type", "oauth2.0");
  g_string_append (out, ",\n");
  append_json_member (out, "client_id", credentials->client_id);
  g_string_append (out, ",\n");
  append_json_member (out, "client_secret", credentials->client_secret);
  g_string_append (out, ",\n");
  append_json_member (out, "refresh_token", credentials->refresh_token);
  g_string_append (out, ",\n");
  append_json_member (out, "region", region);
  if (profiles != NULL)
    {
      g_string_append (out, ",\n  \"profiles\" : [");
      for (guint i = 0; profiles[i] != NULL; i++)
        {
          /* Only digits: anything else would not be JSON */
          g_return_if_fail (profiles[i][0] != '\0' &&
                            profiles[i][strspn (profiles[i], "0123456789")] == '\0');
          g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", profiles[i]);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "\n}\n");
}

/* --- Public API --------------------------------------------------------------------- */

/**
 * ado_export_format_from_string:
 * @name: "env", "json", "postman", "python-ad-api" or "airbyte"
 * @format: (out): the format
 *
 * Returns: whether @name is a format
 */
gboolean
ado_export_format_from_string (const char      *name,
                               AdoExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_strcmp0 (name, formats[i].name) == 0)
        {
          *format = (AdoExportFormat)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * ado_export_format_to_string:
 *
 * Returns: the name of @format, as `--export` takes it
 */
const char *
ado_export_format_to_string (AdoExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return formats[format].name;
}

/**
 * ado_export_format_get_file_name:
 *
 * Returns: the usual file name for @format: "ads-api.env", "ads-api.json",
 *   "ads-api.postman_environment.json", "credentials.yml" or
 *   "airbyte-amazon-ads.json"
 */
const char *
ado_export_format_get_file_name (AdoExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return formats[format].file_name;
}

/**
 * ado_export_format_needs_profile:
 *
 * Returns: whether @format is useless without a profile ID: python-amazon-ad-api
 *   refuses credentials without one (MissingCredentials)
 */
gboolean
ado_export_format_needs_profile (AdoExportFormat format)
{
  return format == ADO_EXPORT_PYTHON_AD_API;
}

/**
 * ado_export_marketplace:
 * @country_code: (nullable): the profile's country code, e.g. "DE"
 * @region: "na", "eu" or "fe"
 *
 * Returns: the python-amazon-ad-api marketplace (AD_API_DEFAULT_MARKETPLACE)
 *   for a profile: its country code where the library knows it, else "NA",
 *   "EU" or "JP" by region (the library has no "FE")
 */
const char *
ado_export_marketplace (const char *country_code,
                        const char *region)
{
  if (country_code != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (marketplace_countries); i++)
        {
          if (g_ascii_strcasecmp (country_code, marketplace_countries[i]) == 0)
            return marketplace_countries[i];
        }
    }

  if (g_ascii_strcasecmp (region, "eu") == 0)
    return "EU";
  if (g_ascii_strcasecmp (region, "fe") == 0)
    return "JP";
  return "NA";
}

/**
 * ado_export_get_notes:
 *
 * Returns: what to tell beside an export of @credentials in @format
 */
AdoExportNotes
ado_export_get_notes (AdoExportFormat             format,
                      const AdoExportCredentials *credentials)
{
  AdoExportNotes notes = ADO_EXPORT_NOTE_NONE;

  g_return_val_if_fail (credentials != NULL, ADO_EXPORT_NOTE_NONE);

  if (!is_known (credentials->profile_id) &&
      (format == ADO_EXPORT_ENV || format == ADO_EXPORT_JSON))
    notes |= ADO_EXPORT_NOTE_NO_PROFILE;

  if (is_known (credentials->profile_id) && credentials->account_type != NULL &&
      g_ascii_strcasecmp (credentials->account_type, "agency") == 0)
    notes |= ADO_EXPORT_NOTE_AGENCY_PROFILE;

  return notes;
}

/**
 * ado_export_render:
 * @format: the format
 * @credentials: what goes in; @client_id, @client_secret, @refresh_token
 *   and @region are required
 *
 * Returns: (transfer full): the text, ending with a newline; free it with
 *   ado_export_text_free(), which wipes it
 */
char *
ado_export_render (AdoExportFormat             format,
                   const AdoExportCredentials *credentials)
{
  GString *out;

  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);
  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (credentials->client_id != NULL, NULL);
  g_return_val_if_fail (credentials->client_secret != NULL, NULL);
  g_return_val_if_fail (credentials->refresh_token != NULL, NULL);
  g_return_val_if_fail (credentials->region != NULL, NULL);

  /* Large enough from the start that growing leaves no copies behind */
  out = g_string_sized_new (8192);

  switch (format)
    {
    case ADO_EXPORT_ENV:
      render_env (out, credentials);
      break;

    case ADO_EXPORT_PYTHON_AD_API:
      render_python_ad_api (out, credentials);
      break;

    case ADO_EXPORT_JSON:
    case ADO_EXPORT_POSTMAN:
      render_json (out, format, credentials);
      break;

    case ADO_EXPORT_AIRBYTE:
      render_airbyte (out, credentials);
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free (out, FALSE);
}

/**
 * ado_export_text_free:
 * @text: (nullable): a text from ado_export_render()
 *
 * Wipes @text, then frees it.
 */
void
ado_export_text_free (char *text)
{
  wipe (text);
  g_free (text);
}

/**
 * ado_export_credentials_free:
 * @credentials: (nullable): credentials whose strings are all owned and
 *   allocated with g_malloc() (as ado_export_collect_finish() returns them)
 *
 * Wipes the secrets and frees everything.
 */
void
ado_export_credentials_free (AdoExportCredentials *credentials)
{
  if (credentials == NULL)
    return;

  ado_export_text_free ((char *)credentials->client_secret);
  ado_export_text_free ((char *)credentials->refresh_token);
  ado_export_text_free ((char *)credentials->access_token);
  g_free ((char *)credentials->client_id);
  g_free ((char *)credentials->region);
  g_free ((char *)credentials->profile_id);
  g_free ((char *)credentials->country_code);
  g_free ((char *)credentials->account_type);
  g_strfreev (credentials->profile_ids);
  g_free ((char *)credentials->api_url);
  g_free ((char *)credentials->token_url);
  g_free ((char *)credentials->auth_url);
  g_free ((char *)credentials->redirect_uri);
  g_free ((char *)credentials->scope);
  g_free ((char *)credentials->name);
  g_free (credentials);
}
