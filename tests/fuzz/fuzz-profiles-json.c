/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ado-error.h"
#include "ado-profile.h"
#include "fuzz-common.h"

#define MAX_PROFILE_ID_DIGITS 64
/* The shortest profile: {"profileId":1} and a comma */
#define MIN_PROFILE_BYTES     15

static void
assert_profile_id (const char *profile_id)
{
  gsize length;

  g_assert_nonnull (profile_id);
  length = strlen (profile_id);
  g_assert_cmpuint (length, >=, 1);
  g_assert_cmpuint (length, <=, MAX_PROFILE_ID_DIGITS);
  for (gsize i = 0; i < length; i++)
    g_assert_true (g_ascii_isdigit (profile_id[i]));
}

/* The profile ID is the one json-glib reads too, where json-glib can hold it */
static void
assert_same_as_json_glib (GPtrArray  *profiles,
                          const char *body,
                          gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, body, length, NULL));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, profiles->len);

  for (guint i = 0; i < profiles->len; i++)
    {
      const char *profile_id = ado_profile_get_profile_id (g_ptr_array_index (profiles, i));
      JsonObject *object = json_array_get_object_element (array, i);
      JsonNode *node = json_object_get_member (object, "profileId");

      g_assert_nonnull (node);
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_assert_cmpstr (json_node_get_string (node), ==, profile_id);
      else if (strlen (profile_id) <= 18)
        g_assert_cmpint (json_node_get_int (node), ==, g_ascii_strtoll (profile_id, NULL, 10));
    }
}

/*
 * One region's answer to GET /v2/profiles: ado_profiles_parse(), on a
 * buffer of exactly the body's length (no terminating NUL, as read from the
 * network). The region comes from the input's length, so that all three
 * are tried.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const regions[] = { "na", "eu", "fe" };
  const char *region = regions[size % G_N_ELEMENTS (regions)];
  g_autofree char *body = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;

  if (size > ADO_PROFILES_MAX_BODY)
    return 0;

  body = fuzz_dup_bytes (data, size);
  profiles = ado_profiles_parse (body, size, region, &error);

  if (profiles == NULL)
    {
      fuzz_assert_failure (error, ADO_ERROR_BAD_RESPONSE);
      return 0;
    }

  g_assert_no_error (error);
  g_assert_cmpuint ((gsize)profiles->len * MIN_PROFILE_BYTES, <=, size + 1);

  for (guint i = 0; i < profiles->len; i++)
    {
      AdoProfile *profile = g_ptr_array_index (profiles, i);
      const char *account_type;

      g_assert_true (ADO_IS_PROFILE (profile));
      assert_profile_id (ado_profile_get_profile_id (profile));
      g_assert_cmpstr (ado_profile_get_region (profile), ==, region);

      account_type = ado_profile_get_account_type (profile);
      if (account_type != NULL)
        {
          g_autofree char *lower = g_ascii_strdown (account_type, -1);

          g_assert_cmpstr (account_type, ==, lower);
        }

      fuzz_assert_utf8 (ado_profile_get_country_code (profile));
      fuzz_assert_utf8 (ado_profile_get_currency_code (profile));
      fuzz_assert_utf8 (ado_profile_get_timezone (profile));
      fuzz_assert_utf8 (ado_profile_get_account_name (profile));
      fuzz_assert_utf8 (account_type);
      fuzz_assert_utf8 (ado_profile_get_marketplace_id (profile));
    }

  assert_same_as_json_glib (profiles, body, size);

  return 0;
}
