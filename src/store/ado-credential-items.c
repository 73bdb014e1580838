/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-credential-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ado-credential-items.h"

/*
 * What the credential store's items look like in the keyring: the schema,
 * the attributes, the labels, and which items found belong to whom.
 */

#define SCHEMA_NAME_ATTRIBUTE "xdg:schema"

static const SecretSchema schema = {
  ADO_CREDENTIAL_SCHEMA_NAME,
  SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "client_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "region", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "expires_at", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "demo", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

const char * const ado_credential_kind_ids[] = {
  [ADO_SECRET_KIND_CLIENT_SECRET] = "client-secret",
  [ADO_SECRET_KIND_REFRESH_TOKEN] = "refresh-token",
  [ADO_SECRET_KIND_ACCESS_TOKEN] = "access-token",
};

/**
 * ado_credential_schema:
 *
 * The schema name is not matched: items that other tools write with the
 * same attributes count too.
 */
const SecretSchema *
ado_credential_schema (void)
{
  return &schema;
}

/**
 * ado_secret_kind_get_id:
 *
 * Returns: the `kind` attribute of @kind's items: "client-secret",
 *   "refresh-token" or "access-token"
 */
const char *
ado_secret_kind_get_id (AdoSecretKind kind)
{
  g_return_val_if_fail (kind <= ADO_SECRET_KIND_ACCESS_TOKEN, NULL);

  return ado_credential_kind_ids[kind];
}

static char *
short_client_id (const char *client_id)
{
  static const char prefix[] = "amzn1.application-oa2-client.";
  glong length = g_utf8_strlen (client_id, -1);

  if (g_str_has_prefix (client_id, prefix) && length > (glong)strlen (prefix) + 4)
    return g_strconcat (prefix, "…", client_id + strlen (client_id) - 4, NULL);

  if (length > 24)
    {
      g_autofree char *head = g_utf8_substring (client_id, 0, 16);
      g_autofree char *tail = g_utf8_substring (client_id, length - 4, length);

      return g_strconcat (head, "…", tail, NULL);
    }

  return g_strdup (client_id);
}

/**
 * ado_credential_label:
 *
 * Returns: (transfer full): what Seahorse shows: what the item is and
 *   whose, never the secret
 */
char *
ado_credential_label (AdoSecretKind  kind,
                      const char    *client_id,
                      const char    *account_id,
                      gboolean       demo)
{
  g_autofree char *client = NULL;

  switch (kind)
    {
    case ADO_SECRET_KIND_CLIENT_SECRET:
      client = short_client_id (client_id);
      if (demo)
        return g_strdup_printf (_("Amazon Ads API client secret (%s, demo)"), client);
      return g_strdup_printf (_("Amazon Ads API client secret (%s)"), client);

    case ADO_SECRET_KIND_REFRESH_TOKEN:
      if (demo)
        return g_strdup_printf (_("Amazon Ads API refresh token (account %s, demo)"),
                                account_id);
      return g_strdup_printf (_("Amazon Ads API refresh token (account %s)"), account_id);

    case ADO_SECRET_KIND_ACCESS_TOKEN:
      if (demo)
        return g_strdup_printf (_("Amazon Ads API access token (account %s, demo)"),
                                account_id);
      return g_strdup_printf (_("Amazon Ads API access token (account %s)"), account_id);

    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ado_credential_attributes_new:
 * @kind: (nullable): the kind's id, or %NULL for any
 * @account_id: (nullable): the account, or %NULL
 *
 * Returns: (transfer full): the attributes of an item, or of a search
 */
GHashTable *
ado_credential_attributes_new (const char *kind,
                               const char *client_id,
                               const char *account_id,
                               gboolean    demo)
{
  GHashTable *search = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  if (kind != NULL)
    g_hash_table_insert (search, (gpointer)"kind", g_strdup (kind));
  g_hash_table_insert (search, (gpointer)"client_id", g_strdup (client_id));
  if (account_id != NULL)
    g_hash_table_insert (search, (gpointer)"account_id", g_strdup (account_id));
  if (demo)
    g_hash_table_insert (search, (gpointer)"demo", g_strdup ("true"));

  return search;
}

/**
 * ado_credential_item_is_ours:
 * @demo: whether the demo's items are wanted
 * @kind: the kind wanted
 * @all_tokens: whether both kinds of token are wanted instead
 *
 * Whether an item found by a search is one of those wanted: the search
 * cannot leave out items that have a demo attribute.
 */
gboolean
ado_credential_item_is_ours (SecretRetrievable *item,
                             gboolean           demo,
                             AdoSecretKind      kind,
                             gboolean           all_tokens)
{
  g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (item);
  const char *item_kind;

  /* A service that hides a locked item's attributes: it counts, and its
   * being locked is reported */
  if (attributes == NULL)
    return TRUE;

  if ((g_strcmp0 (g_hash_table_lookup (attributes, "demo"), "true") == 0) != !!demo)
    return FALSE;

  item_kind = g_hash_table_lookup (attributes, "kind");
  if (all_tokens)
    return g_strcmp0 (item_kind, ado_credential_kind_ids[ADO_SECRET_KIND_REFRESH_TOKEN]) == 0 ||
           g_strcmp0 (item_kind, ado_credential_kind_ids[ADO_SECRET_KIND_ACCESS_TOKEN]) == 0;

  return g_strcmp0 (item_kind, ado_credential_kind_ids[kind]) == 0;
}

gboolean
ado_credential_item_is_locked (SecretRetrievable *item)
{
  return SECRET_IS_ITEM (item) && secret_item_get_locked (SECRET_ITEM (item));
}

/**
 * ado_credential_item_expires_at:
 *
 * Returns: the item's expires_at attribute, 0 when it has none
 */
gint64
ado_credential_item_expires_at (SecretRetrievable *item)
{
  g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (item);
  const char *text;
  gint64 expires_at;

  if (attributes == NULL)
    return 0;

  text = g_hash_table_lookup (attributes, "expires_at");
  if (text == NULL ||
      !g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &expires_at, NULL))
    return 0;

  return expires_at;
}

/**
 * ado_credential_same_attributes:
 *
 * Returns: whether the two items' attributes are the same, the schema
 *   name aside
 */
gboolean
ado_credential_same_attributes (GHashTable *a,
                                GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n_a = 0;
  guint n_b = 0;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_str_equal (key, SCHEMA_NAME_ATTRIBUTE))
        continue;
      if (g_strcmp0 (g_hash_table_lookup (b, key), value) != 0)
        return FALSE;
      n_a++;
    }

  g_hash_table_iter_init (&iter, b);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_str_equal (key, SCHEMA_NAME_ATTRIBUTE))
        n_b++;
    }

  return n_a == n_b;
}

/**
 * ado_credential_schema_attributes:
 * @found: an item's attributes
 *
 * Returns: (transfer full): those of @found's attributes that the schema
 *   has (libsecret refuses others), to find exactly that item
 */
GHashTable *
ado_credential_schema_attributes (GHashTable *found)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; schema.attributes[i].name != NULL; i++)
    {
      const char *value = g_hash_table_lookup (found, schema.attributes[i].name);

      if (value != NULL)
        g_hash_table_insert (attributes, (gpointer)schema.attributes[i].name, g_strdup (value));
    }

  return attributes;
}
