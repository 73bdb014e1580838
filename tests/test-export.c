/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ads/ado-export.h"

/*
 * The export formats, each read back by a real reader: bash for env,
 * json-glib for json and postman, PyYAML (when python3 has it) and an
 * exact comparison for python-ad-api.
 */

/* A secret no shell may run or split, and no quoting may change */
#define NASTY_SECRET "it's a $(rm -rf ~) `id` \"x\" \\ $HOME ; ok''"
#define CLIENT_ID    "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
#define REFRESH      "Atzr|IwEBIRefreshToken-_0123"
#define ACCESS       "Atza|IwEBIAccessToken-_4567"
#define PROFILE_ID   "98765432109876543210"

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
check_env (const AdoExportCredentials *credentials)
{
  static const char script[] =
    "set -eu; source \"$1\"; "
    "printf '%s\\0' \"$AD_API_CLIENT_ID\" \"$AD_API_CLIENT_SECRET\" \"$AD_API_REFRESH_TOKEN\" "
    "\"${AD_API_PROFILE_ID-(unset)}\" \"$AMAZON_ADS_REGION\"; "
    "env | grep -c '^AD_API_\\|^AMAZON_ADS_' | tr -d '\\n'; printf '\\0'";
  g_autofree char *text = ado_export_render (ADO_EXPORT_ENV, credentials);
  g_autofree char *path = write_temp (text);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "bash", "-c", script, "bash", path, NULL };
  const char *values[6];
  const char *p;
  int status = -1;
  guint n = 0;

  /* Only export lines, each NAME='…' */
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (g_strv_length (lines), ==, credentials->profile_id != NULL ? 6 : 5);
  g_assert_cmpstr (lines[g_strv_length (lines) - 1], ==, "");
  for (guint i = 0; lines[i + 1] != NULL; i++)
    {
      g_assert_true (g_regex_match_simple ("^export [A-Z_]+='.*'$", lines[i], 0, 0));
    }

  out = run (argv, &status);
  g_assert_nonnull (out);
  g_assert_cmpint (status, ==, 0);

  /* Five NUL-terminated values and the count of variables */
  p = out;
  while (n < G_N_ELEMENTS (values) && *p != '\0')
    {
      values[n++] = p;
      p += strlen (p) + 1;
    }
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpstr (values[0], ==, credentials->client_id);
  g_assert_cmpstr (values[1], ==, credentials->client_secret);
  g_assert_cmpstr (values[2], ==, credentials->refresh_token);
  g_assert_cmpstr (values[3], ==, credentials->profile_id != NULL ? credentials->profile_id
                                                                   : "(unset)");
  g_assert_cmpstr (values[4], ==, "eu");
  g_assert_cmpstr (values[5], ==, credentials->profile_id != NULL ? "5" : "4");

  g_unlink (path);
}

static void
test_env (void)
{
  AdoExportCredentials credentials = base;

  check_env (&credentials);

  credentials.profile_id = PROFILE_ID;
  credentials.region = "EU";
  check_env (&credentials);
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
  static const struct { const char *key; const char *type; } expected[] = {
    { "client_id", "default" },
    { "client_secret", "secret" },
    { "refresh_token", "secret" },
    { "access_token", "secret" },
    { "profileId", "default" },
    { "api_url", "default" },
    { "token_url", "default" },
    { "auth_grant_url", "default" },
    { "redirect_uri", "default" },
    { "permission_scope", "default" },
  };
  const char *values[G_N_ELEMENTS (expected)] = {
    credentials->client_id,
    credentials->client_secret,
    credentials->refresh_token,
    credentials->access_token != NULL ? credentials->access_token : "",
    credentials->profile_id != NULL ? credentials->profile_id : "",
    credentials->api_url,
    credentials->token_url,
    credentials->auth_url,
    credentials->redirect_uri,
    credentials->scope,
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
      assert_string_member (variable, "value", values[i]);
      assert_string_member (variable, "type", expected[i].type);
      enabled = json_object_get_member (variable, "enabled");
      g_assert_nonnull (enabled);
      g_assert_cmpint (json_node_get_value_type (enabled), ==, G_TYPE_BOOLEAN);
      g_assert_true (json_node_get_boolean (enabled));
    }
}

static void
test_postman (void)
{
  AdoExportCredentials credentials = base;

  check_postman (&credentials);

  credentials.profile_id = PROFILE_ID;
  credentials.access_token = ACCESS;
  check_postman (&credentials);
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
                       "version: '1.0'\n"
                       "\n"
                       "default:\n"
                       "  refresh_token: '" REFRESH "'\n"
                       "  client_id: '" CLIENT_ID "'\n"
                       "  client_secret: 'it''s a $(rm -rf ~) `id` \"x\" \\ $HOME ; ok'''''\n");

  credentials.profile_id = PROFILE_ID;
  check_python_ad_api (&credentials,
                       "version: '1.0'\n"
                       "\n"
                       "default:\n"
                       "  refresh_token: '" REFRESH "'\n"
                       "  client_id: '" CLIENT_ID "'\n"
                       "  client_secret: 'it''s a $(rm -rf ~) `id` \"x\" \\ $HOME ; ok'''''\n"
                       "  profile_id: '" PROFILE_ID "'\n");
}

static void
test_credentials_free (void)
{
  AdoExportCredentials *credentials = g_new0 (AdoExportCredentials, 1);

  credentials->client_id = g_strdup (CLIENT_ID);
  credentials->client_secret = g_strdup (NASTY_SECRET);
  credentials->refresh_token = g_strdup (REFRESH);
  credentials->region = g_strdup ("na");
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
  g_test_add_func ("/ado/export/json", test_json);
  g_test_add_func ("/ado/export/postman", test_postman);
  g_test_add_func ("/ado/export/python-ad-api", test_python_ad_api);
  g_test_add_func ("/ado/export/credentials-free", test_credentials_free);

  return g_test_run ();
}
