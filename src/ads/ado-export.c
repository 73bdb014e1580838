/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-export"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ado-export.h"

/*
 * The credentials as other tools read them (SPEC §6): shell variables for
 * python-amazon-ad-api and curl scripts, plain JSON, a Postman environment
 * for Amazon's Ads API collection, and python-amazon-ad-api's
 * credentials.yml. Only formatting happens here: ado-export-collect.c (in
 * store/) gathers what goes in. The texts hold secrets: they are wiped when
 * freed with ado_export_text_free().
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
};

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
add_variable (JsonBuilder *builder,
              const char  *key,
              const char  *value,
              gboolean     secret)
{
  json_builder_begin_object (builder);
  add_member (builder, "key", key);
  add_member (builder, "value", value != NULL ? value : "");
  add_member (builder, "type", secret ? "secret" : "default");
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
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

/* A Postman environment with the variables of Amazon's Ads API collection */
static void
build_postman (JsonBuilder                *builder,
               const AdoExportCredentials *credentials)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = NULL;

  if (is_known (credentials->name))
    name = g_strconcat ("Amazon Ads API – ", credentials->name, NULL);
  else
    name = g_strdup ("Amazon Ads API");

  json_builder_begin_object (builder);
  add_member (builder, "id", id);
  add_member (builder, "name", name);
  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  add_variable (builder, "client_id", credentials->client_id, FALSE);
  add_variable (builder, "client_secret", credentials->client_secret, TRUE);
  add_variable (builder, "refresh_token", credentials->refresh_token, TRUE);
  add_variable (builder, "access_token", credentials->access_token, TRUE);
  add_variable (builder, "profileId", credentials->profile_id, FALSE);
  add_variable (builder, "api_url", credentials->api_url, FALSE);
  add_variable (builder, "token_url", credentials->token_url, FALSE);
  add_variable (builder, "auth_grant_url", credentials->auth_url, FALSE);
  add_variable (builder, "redirect_uri", credentials->redirect_uri, FALSE);
  add_variable (builder, "permission_scope", credentials->scope, FALSE);
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

/* --- Public API --------------------------------------------------------------------- */

/**
 * ado_export_format_from_string:
 * @name: "env", "json", "postman" or "python-ad-api"
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
 *   "ads-api.postman_environment.json" or "credentials.yml"
 */
const char *
ado_export_format_get_file_name (AdoExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return formats[format].file_name;
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
  g_free ((char *)credentials->api_url);
  g_free ((char *)credentials->token_url);
  g_free ((char *)credentials->auth_url);
  g_free ((char *)credentials->redirect_uri);
  g_free ((char *)credentials->scope);
  g_free ((char *)credentials->name);
  g_free (credentials);
}
