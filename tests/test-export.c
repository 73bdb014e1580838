/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ads/ado-export.h"

/*
 * The export formats, each read back by a real reader: bash for env,
 * json-glib for json and postman (and node for what the Postman
 * collection's script decides), PyYAML (when python3 has it) and an exact
 * comparison for python-ad-api, Python's json module (which keeps integers
 * exact) for airbyte.
 */

/* A secret no shell may run or split, and no quoting may change */
#define NASTY_SECRET "it's a $(rm -rf ~) `id` \"x\" \\ $HOME ; ok''"
#define CLIENT_ID    "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
#define REFRESH      "Atzr|IwEBIRefreshToken-_0123"
#define ACCESS       "Atza|IwEBIAccessToken-_4567"
#define PROFILE_ID   "98765432109876543210"

/* python-amazon-ad-api's Marketplaces enum: each name and the host it asks
 * (its ad_api/base/marketplaces.py); any other name raises KeyError */
static const struct { const char *name; const char *host; } python_ad_api_marketplaces[] = {
  { "NA", "advertising-api.amazon.com" }, { "US", "advertising-api.amazon.com" },
  { "CA", "advertising-api.amazon.com" }, { "MX", "advertising-api.amazon.com" },
  { "BR", "advertising-api.amazon.com" },
  { "EU", "advertising-api-eu.amazon.com" }, { "UK", "advertising-api-eu.amazon.com" },
  { "GB", "advertising-api-eu.amazon.com" }, { "DE", "advertising-api-eu.amazon.com" },
  { "FR", "advertising-api-eu.amazon.com" }, { "ES", "advertising-api-eu.amazon.com" },
  { "IT", "advertising-api-eu.amazon.com" }, { "NL", "advertising-api-eu.amazon.com" },
  { "BE", "advertising-api-eu.amazon.com" }, { "IE", "advertising-api-eu.amazon.com" },
  { "SE", "advertising-api-eu.amazon.com" }, { "PL", "advertising-api-eu.amazon.com" },
  { "AE", "advertising-api-eu.amazon.com" },
  { "JP", "advertising-api-fe.amazon.com" }, { "AU", "advertising-api-fe.amazon.com" },
  { "SG", "advertising-api-fe.amazon.com" },
};

static const AdoExportCredentials base = {
  .client_id = CLIENT_ID,
  .client_secret = NASTY_SECRET,
  .refresh_token = REFRESH,
  .access_token = NULL,
  .region = "eu",
  .profile_id = NULL,
  .api_url = "https://advertising-api-eu.amazon.com",
  .token_url = "https://api.amazon.co.uk/auth/o2/token",
  .auth_url = "https://eu.account.amazon.com/ap/oa",
  .redirect_uri = "http://127.0.0.1:31416/callback",
  .scope = "advertising::campaign_management",
  .name = "Shop's “Europe” account",
};

static char *
write_temp (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("ado-export-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_close (fd, NULL);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

/* Runs @argv; returns stdout, or NULL when the program cannot run */
static char *
run (const char * const *argv,
     int                *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    {
      g_test_message ("Could not run %s: %s", argv[0], error->message);
      return NULL;
    }

  if (err != NULL && err[0] != '\0')
    g_test_message ("%s said: %s", argv[0], err);
  *exit_status = status;
  return out;
}

static JsonObject *
parse_object (const char *text,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_cmpint (json_node_get_node_type (root), ==, JSON_NODE_OBJECT);

  return json_node_get_object (root);
}

static void
assert_string_member (JsonObject *object,
                      const char *name,
                      const char *value)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, value);
}

/* Tests */

static void
test_formats (void)
{
  static const struct { const char *name; AdoExportFormat format; const char *file; } all[] = {
    { "env", ADO_EXPORT_ENV, "ads-api.env" },
    { "json", ADO_EXPORT_JSON, "ads-api.json" },
    { "postman", ADO_EXPORT_POSTMAN, "ads-api.postman_environment.json" },
    { "python-ad-api", ADO_EXPORT_PYTHON_AD_API, "credentials.yml" },
    { "airbyte", ADO_EXPORT_AIRBYTE, "airbyte-amazon-ads.json" },
  };
  AdoExportFormat format;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_assert_true (ado_export_format_from_string (all[i].name, &format));
      g_assert_cmpint (format, ==, all[i].format);
      g_assert_cmpstr (ado_export_format_to_string (format), ==, all[i].name);
      g_assert_cmpstr (ado_export_format_get_file_name (format), ==, all[i].file);
    }

  g_assert_false (ado_export_format_from_string ("yaml", &format));
  g_assert_false (ado_export_format_from_string ("ENV", &format));
  g_assert_false (ado_export_format_from_string ("", &format));
  g_assert_false (ado_export_format_from_string (NULL, &format));
}

static void
check_env (const AdoExportCredentials *credentials,
           const char                 *expected_region,
           const char                 *expected_marketplace)
{
  static const char script[] =
    "set -eu; source \"$1\"; "
    "printf '%s\\0' \"$AD_API_CLIENT_ID\" \"$AD_API_CLIENT_SECRET\" \"$AD_API_REFRESH_TOKEN\" "
    "\"${AD_API_PROFILE_ID-(unset)}\" \"$AMAZON_ADS_REGION\" \"$AD_API_DEFAULT_MARKETPLACE\"; "
    "env | grep -c '^AD_API_\\|^AMAZON_ADS_' | tr -d '\\n'; printf '\\0'";
  g_autofree char *text = ado_export_render (ADO_EXPORT_ENV, credentials);
  g_autofree char *path = write_temp (text);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "bash", "-c", script, "bash", path, NULL };
  const char *host = NULL;
  const char *values[7];
  const char *p;
  int status = -1;
  guint n = 0;

  /* Only export lines, each NAME='…' */
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (g_strv_length (lines), ==, credentials->profile_id != NULL ? 7 : 6);
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "");
  for (guint i = 0; lines[i + 1] != NULL; i++)
    {
      g_assert_true (g_regex_match_simple ("^export [A-Z_]+='.*'$", lines[i], 0, 0));
    }

  out = run (argv, &status);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);

  /* Six NUL-terminated values and the count of variables */
  p = out;
  while (n < G_N_ELEMENTS (values) && *p != '\0')
    {
      values[n++] = p;
      p += strlen (p) + 1;
    }
  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpstr (values[0], ==, credentials->client_id);
  g_assert_cmpstr (values[1], ==, credentials->client_secret);
  g_assert_cmpstr (values[2], ==, credentials->refresh_token);
  g_assert_cmpstr (values[3], ==, credentials->profile_id != NULL ? credentials->profile_id
                                                                   : "(unset)");
  g_assert_cmpstr (values[4], ==, expected_region);
  g_assert_cmpstr (values[5], ==, expected_marketplace);
  g_assert_cmpstr (values[6], ==, credentials->profile_id != NULL ? "6" : "5");

  /* python-amazon-ad-api knows the name, and it asks the profile's host */
  for (guint i = 0; i < G_N_ELEMENTS (python_ad_api_marketplaces); i++)
    {
      if (g_str_equal (python_ad_api_marketplaces[i].name, values[5]))
        host = python_ad_api_marketplaces[i].host;
    }
  g_assert_nonnull (host);
  g_assert_true (g_str_has_suffix (credentials->api_url, host));

  g_unlink (path);
}

static void
test_env (void)
{
  AdoExportCredentials credentials = base;

  /* Without a profile: the region's marketplace (never the library's Europe by default) */
  credentials.region = "na";
  credentials.api_url = "https://advertising-api.amazon.com";
  check_env (&credentials, "na", "NA");

  credentials = base;
  check_env (&credentials, "eu", "EU");

  credentials.profile_id = PROFILE_ID;
  credentials.country_code = "DE";
  credentials.region = "EU";
  check_env (&credentials, "eu", "DE");

  /* Far East: python-amazon-ad-api has no "FE"; its JP asks the Far East host */
  credentials.region = "fe";
  credentials.country_code = NULL;
  credentials.api_url = "https://advertising-api-fe.amazon.com";
  check_env (&credentials, "fe", "JP");
  credentials.country_code = "AU";
  check_env (&credentials, "fe", "AU");

  /* A country the library does not name: its region's */
  credentials.region = "eu";
  credentials.country_code = "SA";
  credentials.api_url = "https://advertising-api-eu.amazon.com";
  check_env (&credentials, "eu", "EU");
}

static void
test_marketplace (void)
{
  static const struct { const char *country; const char *region; const char *name; } cases[] = {
    { "US", "na", "US" }, { "ca", "na", "CA" }, { "MX", "na", "MX" }, { "BR", "na", "BR" },
    { NULL, "na", "NA" }, { "", "na", "NA" }, { "XX", "na", "NA" },
    { "UK", "eu", "UK" }, { "GB", "eu", "GB" }, { "de", "eu", "DE" }, { "FR", "eu", "FR" },
    { "ES", "eu", "ES" }, { "IT", "eu", "IT" }, { "NL", "eu", "NL" }, { "BE", "eu", "BE" },
    { "IE", "eu", "IE" }, { "SE", "eu", "SE" }, { "PL", "eu", "PL" }, { "AE", "eu", "AE" },
    { "SA", "eu", "EU" }, { "TR", "eu", "EU" }, { "EG", "eu", "EU" }, { "IN", "eu", "EU" },
    { "ZA", "eu", "EU" }, { NULL, "eu", "EU" },
    { "JP", "fe", "JP" }, { "AU", "fe", "AU" }, { "SG", "fe", "SG" }, { NULL, "fe", "JP" },
    { NULL, "FE", "JP" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *name = ado_export_marketplace (cases[i].country, cases[i].region);
      gboolean known = FALSE;

      g_assert_cmpstr (name, ==, cases[i].name);
      for (guint j = 0; j < G_N_ELEMENTS (python_ad_api_marketplaces); j++)
        known |= g_str_equal (python_ad_api_marketplaces[j].name, name);
      g_assert_true (known);
    }
}

static void
test_notes (void)
{
  AdoExportCredentials credentials = base;

  /* No profile: env and json say so; postman's collection finds one itself */
  g_assert_cmpint (ado_export_get_notes (ADO_EXPORT_ENV, &credentials), ==,
                   ADO_EXPORT_NOTE_NO_PROFILE);
  g_assert_cmpint (ado_export_get_notes (ADO_EXPORT_JSON, &credentials), ==,
                   ADO_EXPORT_NOTE_NO_PROFILE);
  g_assert_cmpint (ado_export_get_notes (ADO_EXPORT_POSTMAN, &credentials), ==,
                   ADO_EXPORT_NOTE_NONE);
  g_assert_true (ado_export_format_needs_profile (ADO_EXPORT_PYTHON_AD_API));
  g_assert_false (ado_export_format_needs_profile (ADO_EXPORT_ENV));
  g_assert_false (ado_export_format_needs_profile (ADO_EXPORT_AIRBYTE));

  credentials.profile_id = PROFILE_ID;
  credentials.account_type = "seller";
  g_assert_cmpint (ado_export_get_notes (ADO_EXPORT_ENV, &credentials), ==,
                   ADO_EXPORT_NOTE_NONE);

  /* Amazon writes the type in either case */
  credentials.account_type = "AGENCY";
  g_assert_cmpint (ado_export_get_notes (ADO_EXPORT_AIRBYTE, &credentials), ==,
                   ADO_EXPORT_NOTE_AGENCY_PROFILE);
}

static void
check_json (const AdoExportCredentials *credentials)
{
  g_autofree char *text = ado_export_render (ADO_EXPORT_JSON, credentials);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = parse_object (text, parser);

  g_assert_true (g_str_has_suffix (text, "}\n"));
  g_assert_cmpuint (json_object_get_size (object), ==, credentials->profile_id != NULL ? 5 : 4);
  assert_string_member (object, "client_id", credentials->client_id);
  assert_string_member (object, "client_secret", credentials->client_secret);
  assert_string_member (object, "refresh_token", credentials->refresh_token);
  assert_string_member (object, "region", "eu");
  if (credentials->profile_id != NULL)
    assert_string_member (object, "profile_id", credentials->profile_id);
  else
    g_assert_false (json_object_has_member (object, "profile_id"));
}

static void
test_json (void)
{
  AdoExportCredentials credentials = base;

  check_json (&credentials);

  credentials.profile_id = PROFILE_ID;
  check_json (&credentials);
}

static void
check_postman (const AdoExportCredentials *credentials)
{
  /* Amazon's environment template: its keys, order and types */
  static const struct { const char *key; const char *type; } expected[] = {
    { "client_id", "secret" },
    { "client_secret", "secret" },
    { "permission_scope", "default" },
    { "redirect_uri", "default" },
    { "access_token", "secret" },
    { "refresh_token", "secret" },
    { "token_expires_at", "default" },
    { "profileId", "any" },
    { "auth_grant_url", "default" },
    { "token_url", "default" },
    { "api_url", "default" },
    { "dspAccountId", "any" },
    { "manager_account_id", "any" },
  };
  const char *values[G_N_ELEMENTS (expected)] = {
    credentials->client_id,
    credentials->client_secret,
    credentials->scope,
    credentials->redirect_uri,
    credentials->access_token != NULL ? credentials->access_token : "",
    credentials->refresh_token,
    NULL, /* token_expires_at: see test_postman() */
    credentials->profile_id != NULL ? credentials->profile_id : "",
    credentials->auth_url,
    credentials->token_url,
    credentials->api_url,
    "",
    "",
  };
  g_autofree char *text = ado_export_render (ADO_EXPORT_POSTMAN, credentials);
  g_autofree char *again = ado_export_render (ADO_EXPORT_POSTMAN, credentials);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser_again = json_parser_new ();
  JsonObject *object = parse_object (text, parser);
  JsonObject *object_again = parse_object (again, parser_again);
  JsonArray *array;

  g_assert_cmpuint (json_object_get_size (object), ==, 4);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (object, "id")));
  /* A new environment each time: importing twice makes two */
  g_assert_cmpstr (json_object_get_string_member (object, "id"), !=,
                   json_object_get_string_member (object_again, "id"));
  assert_string_member (object, "name", "Amazon Ads API – Shop's “Europe” account");
  assert_string_member (object, "_postman_variable_scope", "environment");

  array = json_object_get_array_member (object, "values");
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *variable = json_array_get_object_element (array, i);
      JsonNode *enabled;

      g_assert_nonnull (variable);
      g_assert_cmpuint (json_object_get_size (variable), ==, 4);
      assert_string_member (variable, "key", expected[i].key);
      if (values[i] != NULL)
        assert_string_member (variable, "value", values[i]);
      assert_string_member (variable, "type", expected[i].type);
      enabled = json_object_get_member (variable, "enabled");
      g_assert_nonnull (enabled);
      g_assert_cmpint (json_node_get_value_type (enabled), ==, G_TYPE_BOOLEAN);
      g_assert_true (json_node_get_boolean (enabled));
    }
}

/* token_expires_at as the export wrote it (owned by @parser) */
static const char *
postman_expires_at (const char *text,
                    JsonParser *parser)
{
  JsonObject *object = parse_object (text, parser);
  JsonArray *values = json_object_get_array_member (object, "values");

  for (guint i = 0; i < json_array_get_length (values); i++)
    {
      JsonObject *variable = json_array_get_object_element (values, i);

      if (g_str_equal (json_object_get_string_member (variable, "key"), "token_expires_at"))
        return json_object_get_string_member (variable, "value");
    }

  g_assert_not_reached ();
}

/* What the collection's pre-request script decides, run in JavaScript itself:
 * it refreshes when Date.now() > pm.environment.get('token_expires_at').
 * Returns "true", "false", or NULL without node. */
static char *
postman_would_refresh (const char *text)
{
  const char *argv[] = {
    "node", "-e",
    "const env = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));\n"
    "const get = (k) => env.values.find((v) => v.key === k).value;\n"
    "console.log(String(Date.now() > get('token_expires_at')));\n",
    NULL, NULL
  };
  g_autofree char *path = write_temp (text);
  char *out;
  int status = -1;

  argv[3] = path;
  out = run (argv, &status);
  g_unlink (path);
  if (out == NULL)
    {
      g_test_message ("node is not installed: Postman's comparison was not run");
      return NULL;
    }

  g_assert_cmpint (status, ==, 0);
  return g_strchomp (out);
}

static void
test_postman (void)
{
  AdoExportCredentials credentials = base;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *text = NULL;
  g_autofree char *refresh = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *expires_at;

  /* No access token: "", which the collection's check refreshes at once */
  check_postman (&credentials);
  text = ado_export_render (ADO_EXPORT_POSTMAN, &credentials);
  parser = json_parser_new ();
  g_assert_cmpstr (postman_expires_at (text, parser), ==, "");
  refresh = postman_would_refresh (text);
  if (refresh != NULL)
    g_assert_cmpstr (refresh, ==, "true");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&refresh, g_free);
  g_clear_object (&parser);

  /* An access token valid for an hour: milliseconds, a minute early */
  credentials.profile_id = PROFILE_ID;
  credentials.access_token = ACCESS;
  credentials.access_token_expires_at = now + 3600;
  check_postman (&credentials);
  text = ado_export_render (ADO_EXPORT_POSTMAN, &credentials);
  parser = json_parser_new ();
  expires_at = postman_expires_at (text, parser);
  g_assert_true (g_regex_match_simple ("^[0-9]{13}$", expires_at, 0, 0));
  g_assert_cmpint (g_ascii_strtoll (expires_at, NULL, 10), ==, (now + 3600 - 60) * 1000);

  /* Postman compares it with Date.now(): no refresh for a fresh token … */
  refresh = postman_would_refresh (text);
  if (refresh != NULL)
    g_assert_cmpstr (refresh, ==, "false");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&refresh, g_free);

  /* … a refresh within the last minute of one */
  credentials.access_token_expires_at = now + 30;
  text = ado_export_render (ADO_EXPORT_POSTMAN, &credentials);
  refresh = postman_would_refresh (text);
  if (refresh != NULL)
    g_assert_cmpstr (refresh, ==, "true");
  g_clear_pointer (&text, g_free);
  g_clear_object (&parser);

  /* … and no token without its expiry */
  credentials.access_token_expires_at = 0;
  text = ado_export_render (ADO_EXPORT_POSTMAN, &credentials);
  parser = json_parser_new ();
  g_assert_cmpstr (postman_expires_at (text, parser), ==, "");
  g_assert_null (strstr (text, ACCESS));
}

static gboolean
python_has_yaml (void)
{
  const char *argv[] = { "python3", "-c", "import yaml", NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = run (argv, &status);
  return out != NULL && g_spawn_check_wait_status (status, NULL);
}

static void
check_python_ad_api (const AdoExportCredentials *credentials,
                     const char                 *exact)
{
  g_autofree char *text = ado_export_render (ADO_EXPORT_PYTHON_AD_API, credentials);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *argv[] = {
    "python3", "-c",
    "import json, sys, yaml\n"
    "print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))\n",
    NULL, NULL
  };
  JsonObject *object;
  JsonObject *account;
  int status = -1;

  /* The hand check: exactly this text */
  g_assert_cmpstr (text, ==, exact);

  if (!python_has_yaml ())
    {
      g_test_message ("python3 with PyYAML is not installed: the text was compared only");
      return;
    }

  path = write_temp (text);
  argv[3] = path;
  out = run (argv, &status);
  g_unlink (path);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);

  parser = json_parser_new ();
  object = parse_object (out, parser);
  g_assert_cmpuint (json_object_get_size (object), ==, 2);
  assert_string_member (object, "version", "1.0");
  account = json_object_get_object_member (object, "default");
  g_assert_nonnull (account);
  g_assert_cmpuint (json_object_get_size (account), ==, credentials->profile_id != NULL ? 4 : 3);
  assert_string_member (account, "refresh_token", credentials->refresh_token);
  assert_string_member (account, "client_id", credentials->client_id);
  assert_string_member (account, "client_secret", credentials->client_secret);
  if (credentials->profile_id != NULL)
    /* A string, digits kept: YAML would read an unquoted number as an int */
    assert_string_member (account, "profile_id", credentials->profile_id);
}

static void
test_python_ad_api (void)
{
  AdoExportCredentials credentials = base;

  check_python_ad_api (&credentials,
                       "# python-amazon-ad-api takes the marketplace from the environment:\n"
                       "#   export AD_API_DEFAULT_MARKETPLACE=EU\n"
                       "version: '1.0'\n"
                       "\n"
                       "default:\n"
                       "  refresh_token: '" REFRESH "'\n"
                       "  client_id: '" CLIENT_ID "'\n"
                       "  client_secret: 'it''s a $(rm -rf ~) `id` \"x\" \\ $HOME ; ok'''''\n");

  credentials.profile_id = PROFILE_ID;
  credentials.country_code = "IT";
  check_python_ad_api (&credentials,
                       "# python-amazon-ad-api takes the marketplace from the environment:\n"
                       "#   export AD_API_DEFAULT_MARKETPLACE=IT\n"
                       "version: '1.0'\n"
                       "\n"
                       "default:\n"
                       "  refresh_token: '" REFRESH "'\n"
                       "  client_id: '" CLIENT_ID "'\n"
                       "  client_secret: 'it''s a $(rm -rf ~) `id` \"x\" \\ $HOME ; ok'''''\n"
                       "  profile_id: '" PROFILE_ID "'\n");
}

static void
check_airbyte (const AdoExportCredentials *credentials,
               const char                 *expected_profiles)
{
  g_autofree char *text = ado_export_render (ADO_EXPORT_AIRBYTE, credentials);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *region = g_ascii_strup (credentials->region, -1);
  JsonObject *object = parse_object (text, parser);
  const char *argv[] = {
    "python3", "-c",
    /* Python's json keeps integers of any length exactly */
    "import json, sys\n"
    "config = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "profiles = config.get('profiles')\n"
    "assert profiles is None or all(type(p) is int for p in profiles), profiles\n"
    "print(' '.join(str(p) for p in profiles) if profiles is not None else '(none)')\n",
    NULL, NULL
  };
  int status = -1;

  g_assert_true (g_str_has_suffix (text, "}\n"));
  assert_string_member (object, "auth_type", "oauth2.0");
  assert_string_member (object, "client_id", credentials->client_id);
  assert_string_member (object, "client_secret", credentials->client_secret);
  assert_string_member (object, "refresh_token", credentials->refresh_token);
  assert_string_member (object, "region", region);
  g_assert_true (g_str_equal (region, "NA") || g_str_equal (region, "EU") ||
                 g_str_equal (region, "FE"));
  g_assert_cmpuint (json_object_get_size (object), ==,
                    g_str_equal (expected_profiles, "(none)") ? 5 : 6);

  path = write_temp (text);
  argv[3] = path;
  out = run (argv, &status);
  g_unlink (path);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);
  g_strchomp (out);
  g_assert_cmpstr (out, ==, expected_profiles);
}

static void
test_airbyte (void)
{
  AdoExportCredentials credentials = base;
  g_auto(GStrv) all = g_strsplit ("9007199254740993 1234567890123456789012 1", " ", -1);

  /* No profile: none named (Airbyte then reads every profile of the region) */
  check_airbyte (&credentials, "(none)");

  credentials.profile_id = PROFILE_ID;
  credentials.region = "fe";
  check_airbyte (&credentials, PROFILE_ID);

  /* --all-profiles: beyond 2^53 and beyond 64 bits, exact */
  credentials.region = "na";
  credentials.profile_ids = all;
  check_airbyte (&credentials, "9007199254740993 1234567890123456789012 1");
}

static void
test_credentials_free (void)
{
  AdoExportCredentials *credentials = g_new0 (AdoExportCredentials, 1);

  credentials->client_id = g_strdup (CLIENT_ID);
  credentials->client_secret = g_strdup (NASTY_SECRET);
  credentials->refresh_token = g_strdup (REFRESH);
  credentials->region = g_strdup ("na");
  credentials->profile_ids = g_strsplit ("1 2", " ", -1);
  /* The others may be missing */
  ado_export_credentials_free (credentials);
  ado_export_credentials_free (NULL);
  ado_export_text_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ado/export/formats", test_formats);
  g_test_add_func ("/ado/export/env", test_env);
  g_test_add_func ("/ado/export/marketplace", test_marketplace);
  g_test_add_func ("/ado/export/notes", test_notes);
  g_test_add_func ("/ado/export/airbyte", test_airbyte);
  g_test_add_func ("/ado/export/json", test_json);
  g_test_add_func ("/ado/export/postman", test_postman);
  g_test_add_func ("/ado/export/python-ad-api", test_python_ad_api);
  g_test_add_func ("/ado/export/credentials-free", test_credentials_free);

  return g_test_run ();
}
