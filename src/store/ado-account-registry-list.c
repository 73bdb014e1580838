/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-account-registry"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-account-registry-private.h"
#include "ado-error.h"
#include "ads/ado-amazon.h"

/*
 * The accounts of an AdoAccountRegistry in memory (loading and saving them
 * is ado-account-registry.c): looking one up, adding, removing and renaming
 * them, finding the one a person named, and the name of a new one. Nothing
 * here is written until the registry is saved.
 */

guint
ado_account_registry_get_n_accounts (AdoAccountRegistry *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), 0);

  return self->accounts->len;
}

/**
 * ado_account_registry_get_account:
 * @id: an account id
 *
 * Returns: (transfer none) (nullable): the account with @id, or %NULL
 */
AdoAccount *
ado_account_registry_get_account (AdoAccountRegistry *self,
                                  const char         *id)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), NULL);

  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      AdoAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (ado_account_get_id (account), id) == 0)
        return account;
    }

  return NULL;
}

/**
 * ado_account_registry_add:
 * @account: an account that is in no registry
 *
 * Adds @account at the end. It must have a client ID. An account without
 * an id is given a new one, unique in this registry; an account whose id
 * another account has already is refused. An account without a name is
 * given ado_account_registry_next_default_name(). Nothing is written until
 * the registry is saved.
 */
void
ado_account_registry_add (AdoAccountRegistry *self,
                          AdoAccount         *account)
{
  g_return_if_fail (ADO_IS_ACCOUNT_REGISTRY (self));
  g_return_if_fail (ADO_IS_ACCOUNT (account));

  g_return_if_fail (ado_account_get_client_id (account) != NULL &&
                    ado_account_get_client_id (account)[0] != '\0');

  if (g_ptr_array_find (self->accounts, account, NULL))
    return;

  if (ado_account_get_id (account) == NULL)
    {
      g_autofree char *id = NULL;

      do
        {
          g_free (id);
          id = ado_account_generate_id ();
        }
      while (ado_account_registry_get_account (self, id) != NULL);

      ado_account_set_id (account, id);
    }

  g_return_if_fail (ado_account_registry_get_account (self, ado_account_get_id (account)) == NULL);

  if (ado_account_get_name (account) == NULL || ado_account_get_name (account)[0] == '\0')
    {
      g_autofree char *name = NULL;

      name = ado_account_registry_next_default_name (self, ado_account_get_region (account));
      ado_account_set_name (account, name);
    }

  g_ptr_array_add (self->accounts, g_object_ref (account));
  g_debug ("Added account %s", ado_account_get_id (account));
  g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
}

/**
 * ado_account_registry_remove:
 * @account: an account of this registry
 *
 * Nothing is written until the registry is saved; the credentials in the
 * keyring are the credential store's business.
 *
 * Returns: whether @account was in the registry
 */
gboolean
ado_account_registry_remove (AdoAccountRegistry *self,
                             AdoAccount         *account)
{
  guint position;

  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), FALSE);
  g_return_val_if_fail (ADO_IS_ACCOUNT (account), FALSE);

  if (!g_ptr_array_find (self->accounts, account, &position))
    return FALSE;

  g_debug ("Removed account %s", ado_account_get_id (account));
  g_ptr_array_remove_index (self->accounts, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  return TRUE;
}

/**
 * ado_account_registry_rename:
 * @account: an account of this registry
 * @name: its new name; surrounding white space is dropped
 * @error: %ADO_ERROR_INVALID_INPUT when @name is empty, or is another
 *   account's name or id (the command line finds accounts by either)
 *
 * Nothing is written until the registry is saved.
 *
 * Returns: whether @account has the name now
 */
gboolean
ado_account_registry_rename (AdoAccountRegistry  *self,
                             AdoAccount          *account,
                             const char          *name,
                             GError             **error)
{
  g_autofree char *stripped = NULL;
  guint position;

  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), FALSE);
  g_return_val_if_fail (ADO_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_ptr_array_find (self->accounts, account, &position))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_UNKNOWN_ACCOUNT,
                   _("This account is no longer connected."));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (name));
  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                           _("The name is empty. Type a name for the account."));
      return FALSE;
    }

  for (guint i = 0; i < self->accounts->len; i++)
    {
      AdoAccount *other = g_ptr_array_index (self->accounts, i);

      if (other != account &&
          (g_strcmp0 (ado_account_get_name (other), stripped) == 0 ||
           g_strcmp0 (ado_account_get_id (other), stripped) == 0))
        {
          g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                       _("Another account is already called “%s”. Choose another name."),
                       stripped);
          return FALSE;
        }
    }

  if (g_strcmp0 (ado_account_get_name (account), stripped) == 0)
    return TRUE;

  g_debug ("Renamed account %s", ado_account_get_id (account));
  ado_account_set_name (account, stripped);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);

  return TRUE;
}

/* The faces add how to see or connect the accounts, from @action */
static void G_GNUC_PRINTF (4, 5)
set_find_error (GError         **error,
                AdoError         code,
                AdoErrorAction   action,
                const char      *format,
                ...)
{
  g_autofree char *message = NULL;
  GError *found;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  found = g_error_new_literal (ADO_ERROR, code, message);
  ado_error_set_action (found, action);
  g_propagate_error (error, found);
}

static char *
join_ids (GPtrArray *accounts)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < accounts->len; i++)
    {
      if (i > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, ado_account_get_id (g_ptr_array_index (accounts, i)));
    }

  return g_string_free (ids, FALSE);
}

/**
 * ado_account_registry_find:
 * @id_or_name: (nullable): an account's id or its name, or %NULL for the
 *   only account
 * @error: the place for an error
 *
 * Finds the account that a person named, as `--account` does. An id
 * wins over a name. %NULL (or "") means the only account, when there is
 * exactly one.
 *
 * Returns: (transfer none): the account (the registry's own: take a
 *   reference to keep it), or %NULL with %ADO_ERROR_UNKNOWN_ACCOUNT when none matches and
 *   %ADO_ERROR_AMBIGUOUS_ACCOUNT when several do
 */
AdoAccount *
ado_account_registry_find (AdoAccountRegistry  *self,
                           const char          *id_or_name,
                           GError             **error)
{
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *ids = NULL;
  AdoAccount *account;

  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (id_or_name == NULL || id_or_name[0] == '\0')
    {
      if (self->accounts->len == 1)
        return g_ptr_array_index (self->accounts, 0);

      if (self->accounts->len == 0)
        {
          set_find_error (error, ADO_ERROR_UNKNOWN_ACCOUNT, ADO_ERROR_ACTION_CONNECT_ACCOUNT,
                          _("No account is connected yet."));
          return NULL;
        }

      ids = join_ids (self->accounts);
      set_find_error (error, ADO_ERROR_AMBIGUOUS_ACCOUNT, ADO_ERROR_ACTION_CHOOSE_ACCOUNT,
                      _("There are several accounts (%s): choose one by its id or name."),
                      ids);
      return NULL;
    }

  account = ado_account_registry_get_account (self, id_or_name);
  if (account != NULL)
    return account;

  matches = g_ptr_array_new ();
  for (guint i = 0; i < self->accounts->len; i++)
    {
      account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (ado_account_get_name (account), id_or_name) == 0)
        g_ptr_array_add (matches, account);
    }

  if (matches->len == 1)
    return g_ptr_array_index (matches, 0);

  if (matches->len == 0)
    {
      set_find_error (error, ADO_ERROR_UNKNOWN_ACCOUNT, ADO_ERROR_ACTION_CHOOSE_ACCOUNT,
                      _("No account has the id or name “%s”."), id_or_name);
      return NULL;
    }

  ids = join_ids (matches);
  g_set_error (error, ADO_ERROR, ADO_ERROR_AMBIGUOUS_ACCOUNT,
               _("Several accounts are named “%s” (%s): choose one by its id."),
               id_or_name, ids);
  return NULL;
}

/**
 * ado_account_registry_next_default_name:
 * @region: "na", "eu" or "fe"
 *
 * The name for a new account that has no better one yet, e.g.
 * "North America account 2": one more than the accounts of @region, and
 * not the name of an existing account.
 *
 * Returns: (transfer full): a name
 */
char *
ado_account_registry_next_default_name (AdoAccountRegistry *self,
                                        const char         *region)
{
  AdoRegion region_enum;
  guint n = 1;

  g_return_val_if_fail (ADO_IS_ACCOUNT_REGISTRY (self), NULL);
  g_return_val_if_fail (ado_region_from_id (region, &region_enum), NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      if (g_strcmp0 (ado_account_get_region (g_ptr_array_index (self->accounts, i)), region) == 0)
        n++;
    }

  for (;; n++)
    {
      g_autofree char *name = NULL;
      gboolean taken = FALSE;

      /* Translators: the name of a new account, e.g. "North America account 1" */
      name = g_strdup_printf (_("%s account %u"), ado_region_get_title (region_enum), n);

      for (guint i = 0; i < self->accounts->len && !taken; i++)
        taken = g_strcmp0 (ado_account_get_name (g_ptr_array_index (self->accounts, i)),
                           name) == 0;

      if (!taken)
        return g_steal_pointer (&name);
    }
}
