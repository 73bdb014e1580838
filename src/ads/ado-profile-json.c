/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-profile"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ado-error.h"
#include "ado-profile-private.h"

/*
 * The parser of GET /v2/profiles (the AdoProfile object is ado-profile.c).
 *
 * Profile IDs are JSON numbers that can exceed 2^53 (and even 2^63):
 * json-glib keeps integers as gint64 and wraps larger ones silently, so the
 * digits are taken from the raw text. A small scanner walks the answer
 * first: it checks the JSON grammar strictly (iteratively, with a depth
 * limit) and notes the raw text of each profile's top-level "profileId";
 * json-glib then decodes the strings.
 */

#define MAX_DEPTH            64
#define MAX_PROFILE_ID_DIGITS 64

/* The raw text of one profile's "profileId" value; start == NULL when the
 * object has no such member */
typedef struct
{
  const char *start;
  gsize       length;
} RawId;

typedef struct
{
  const char *p;
  const char *end;
  GArray     *ids;     /* RawId, one per element of the top-level array */
} Scanner;

static void
skip_space (Scanner *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
scan_string (Scanner  *s,
             const char **text,
             gsize       *length)
{
  const char *start;

  if (s->p >= s->end || *s->p != '"')
    return FALSE;

  start = ++s->p;
  while (s->p < s->end)
    {
      guchar c = (guchar)*s->p;

      if (c == '"')
        {
          if (text != NULL)
            *text = start;
          if (length != NULL)
            *length = (gsize)(s->p - start);
          s->p++;
          return TRUE;
        }

      if (c < 0x20)
        return FALSE;

      if (c == '\\')
        {
          s->p++;
          if (s->p >= s->end)
            return FALSE;

          if (*s->p == 'u')
            {
              for (int i = 0; i < 4; i++)
                {
                  s->p++;
                  if (s->p >= s->end || !g_ascii_isxdigit (*s->p))
                    return FALSE;
                }
            }
          else if (strchr ("\"\\/bfnrt", *s->p) == NULL || *s->p == '\0')
            return FALSE;
        }

      s->p++;
    }

  return FALSE;
}

static gboolean
scan_digits (Scanner *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;

  return s->p > start;
}

/* RFC 8259 §6 */
static gboolean
scan_number (Scanner *s)
{
  if (s->p < s->end && *s->p == '-')
    s->p++;

  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return FALSE;

  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return FALSE;
    }

  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return FALSE;
    }

  return TRUE;
}

static gboolean
scan_literal (Scanner    *s,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize)(s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;

  s->p += len;
  return TRUE;
}

/* Whether a key, as scanned (escapes and all), is "profileId" once decoded,
 * as json-glib decodes it: "profile\u0049d" is the same member */
static gboolean
key_is_profile_id (const char *key,
                   gsize       key_len)
{
  static const char name[] = "profileId";
  gsize n = 0;

  for (gsize i = 0; i < key_len; i++, n++)
    {
      char c = key[i];

      /* scan_string() has checked the escapes */
      if (c == '\\' && key[i + 1] == 'u')
        {
          char hex[5] = { key[i + 2], key[i + 3], key[i + 4], key[i + 5], '\0' };
          guint64 code = g_ascii_strtoull (hex, NULL, 16);

          if (code == 0 || code > 0x7f)
            return FALSE;
          c = (char)code;
          i += 5;
        }
      else if (c == '\\')
        {
          /* \" \\ \/ and control characters: only '/' could be in a name */
          c = key[i + 1] == '/' ? '/' : '\0';
          i++;
        }

      if (n >= strlen (name) || c != name[n])
        return FALSE;
    }

  return n == strlen (name);
}

/*
 * One JSON value, iteratively: a stack of open containers. Members of the
 * objects directly inside the top-level array (depth 2) are looked at for
 * "profileId".
 */
static gboolean
scan_value (Scanner *s)
{
  char stack[MAX_DEPTH];
  int depth = 0;

  for (;;)
    {
      const char *value_start;
      gboolean want_id = FALSE;

      skip_space (s);

      /* Inside an object: a key and a colon first */
      if (depth > 0 && stack[depth - 1] == '{')
        {
          const char *key;
          gsize key_len;

          if (!scan_string (s, &key, &key_len))
            return FALSE;

          want_id = depth == 2 && stack[0] == '[' && key_is_profile_id (key, key_len);

          /* A member named again replaces the one before, as json-glib
           * reads it: a profileId whose last value is no number or string
           * is none */
          if (want_id && s->ids != NULL && s->ids->len > 0)
            {
              RawId *id = &g_array_index (s->ids, RawId, s->ids->len - 1);

              id->start = NULL;
              id->length = 0;
            }

          skip_space (s);
          if (s->p >= s->end || *s->p != ':')
            return FALSE;
          s->p++;
          skip_space (s);
        }

      if (s->p >= s->end)
        return FALSE;

      value_start = s->p;

      switch (*s->p)
        {
        case '{':
        case '[':
          if (depth == MAX_DEPTH)
            return FALSE;

          if (depth == 1 && stack[0] == '[' && s->ids != NULL)
            {
              RawId none = { NULL, 0 };

              g_array_append_val (s->ids, none);
            }

          stack[depth++] = *s->p;
          s->p++;
          skip_space (s);

          /* An empty container closes at once */
          if (s->p < s->end && *s->p == (stack[depth - 1] == '{' ? '}' : ']'))
            {
              s->p++;
              depth--;
              break;
            }
          continue;

        case '"':
          if (!scan_string (s, NULL, NULL))
            return FALSE;
          break;

        case 't':
          if (!scan_literal (s, "true"))
            return FALSE;
          break;

        case 'f':
          if (!scan_literal (s, "false"))
            return FALSE;
          break;

        case 'n':
          if (!scan_literal (s, "null"))
            return FALSE;
          break;

        default:
          if (!scan_number (s))
            return FALSE;
          break;
        }

      if (want_id && s->ids != NULL && s->ids->len > 0)
        {
          RawId *id = &g_array_index (s->ids, RawId, s->ids->len - 1);

          id->start = value_start;
          id->length = (gsize)(s->p - value_start);
        }

      /* After a value: a comma, or the end of one or more containers */
      for (;;)
        {
          if (depth == 0)
            return TRUE;

          skip_space (s);
          if (s->p >= s->end)
            return FALSE;

          if (*s->p == ',')
            {
              s->p++;
              break;
            }

          if (*s->p != (stack[depth - 1] == '{' ? '}' : ']'))
            return FALSE;

          s->p++;
          depth--;
        }
    }
}

gboolean
_ado_profile_digits_only (const char *text,
                          gsize       length)
{
  if (length == 0 || length > MAX_PROFILE_ID_DIGITS)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  /* json-glib lets a lone surrogate ("\ud800") through as invalid UTF-8 */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;

  return json_node_get_string (node);
}

static GError *
bad_response (AdoRegion region)
{
  return g_error_new (ADO_ERROR, ADO_ERROR_BAD_RESPONSE,
                      /* Translators: %s is a region, e.g. “Europe” */
                      _("Amazon’s advertising API sent a list of profiles for the %s region "
                        "that cannot be read. Try again in a few minutes."),
                      ado_region_get_title (region));
}

static AdoProfile *
profile_from_object (JsonNode    *element,
                     const RawId *raw,
                     AdoRegion    region)
{
  g_autofree char *profile_id = NULL;
  JsonObject *object;
  JsonObject *info = NULL;
  JsonNode *info_node;

  if (!JSON_NODE_HOLDS_OBJECT (element) || raw->start == NULL)
    return NULL;

  object = json_node_get_object (element);

  if (raw->start[0] == '"')
    {
      const char *text = get_string (object, "profileId");

      if (text == NULL || !_ado_profile_digits_only (text, strlen (text)))
        return NULL;
      profile_id = g_strdup (text);
    }
  else if (_ado_profile_digits_only (raw->start, raw->length))
    profile_id = g_strndup (raw->start, raw->length);
  else
    return NULL;

  info_node = json_object_get_member (object, "accountInfo");
  if (info_node != NULL && JSON_NODE_HOLDS_OBJECT (info_node))
    info = json_node_get_object (info_node);

  return g_object_new (ADO_TYPE_PROFILE,
                       "profile-id", profile_id,
                       "region", ado_region_get_info (region)->id,
                       "country-code", get_string (object, "countryCode"),
                       "currency-code", get_string (object, "currencyCode"),
                       "timezone", get_string (object, "timezone"),
                       "account-name", get_string (info, "name"),
                       "account-type", get_string (info, "type"),
                       "marketplace-id", get_string (info, "marketplaceStringId"),
                       NULL);
}

static GPtrArray *
parse_profiles (const char *body,
                gsize       length,
                AdoRegion   region)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GArray) ids = NULL;
  Scanner scanner;
  JsonNode *root;
  JsonArray *array;

  if (length == 0 || length > ADO_PROFILES_MAX_BODY || !g_utf8_validate (body, length, NULL))
    return NULL;

  /* The grammar, strictly, and the raw profile IDs */
  ids = g_array_new (FALSE, FALSE, sizeof (RawId));
  scanner.p = body;
  scanner.end = body + length;
  scanner.ids = ids;

  skip_space (&scanner);
  if (scanner.p >= scanner.end || *scanner.p != '[' || !scan_value (&scanner))
    return NULL;
  skip_space (&scanner);
  if (scanner.p != scanner.end)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, body, length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  array = json_node_get_array (root);
  if (json_array_get_length (array) != ids->len)
    return NULL;

  profiles = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < ids->len; i++)
    {
      AdoProfile *profile = profile_from_object (json_array_get_element (array, i),
                                                 &g_array_index (ids, RawId, i),
                                                 region);

      if (profile == NULL)
        return NULL;

      g_ptr_array_add (profiles, profile);
    }

  return g_steal_pointer (&profiles);
}

/**
 * ado_profiles_parse:
 * @body: the body of a 200 answer of GET /v2/profiles
 * @length: its length
 * @region: the region whose host answered: "na", "eu" or "fe"
 *
 * Returns: (transfer container) (element-type AdoProfile) (nullable): the
 *   profiles, possibly none; %NULL with %ADO_ERROR_BAD_RESPONSE (naming the
 *   region) when the answer is not a JSON array of objects that each have
 *   a profileId of digits (a number, or a string)
 */
GPtrArray *
ado_profiles_parse (const char  *body,
                    gsize        length,
                    const char  *region,
                    GError     **error)
{
  GPtrArray *profiles;
  AdoRegion region_id;

  g_return_val_if_fail (body != NULL || length == 0, NULL);
  g_return_val_if_fail (region != NULL && ado_region_from_id (region, &region_id), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  profiles = parse_profiles (body, length, region_id);
  if (profiles == NULL)
    g_propagate_error (error, bad_response (region_id));

  return profiles;
}

/**
 * ado_profiles_dup_empty_message:
 *
 * Returns: (transfer full): what an empty list of profiles means
 */
char *
ado_profiles_dup_empty_message (AdoRegion region)
{
  g_return_val_if_fail (region < ADO_N_REGIONS, NULL);

  /* Translators: %s is a region, e.g. “Europe” */
  return g_strdup_printf (_("This Amazon user has no advertising accounts in %s. Sign in as "
                            "the user who manages them, or ask an administrator of the "
                            "advertising account to give this user “View and edit” access."),
                          ado_region_get_title (region));
}
