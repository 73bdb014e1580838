/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-connect-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-connect-page-private.h"
#include "auth/ado-checks.h"

/*
 * The Connect step's checklist on the data provider path, where Amazon
 * asks for the audiences grant once per regional authorization URL: which
 * regions are signed in (kept in the progress, region by region, with the
 * account each sign-in stored), which one comes next, and which account a
 * region's sign-in is kept as. And the scopes Amazon's consent page will
 * ask for, with the legacy one for clients approved before October 2020.
 */

/* The checklist's rows in the template, in the order of AdoRegion */
static const char * const region_row_ids[ADO_N_REGIONS] = {
  "na_region_row",
  "eu_region_row",
  "fe_region_row",
};

gboolean
_ado_connect_page_is_checklist (AdoConnectPage *self)
{
  return ado_progress_get_data_provider (ado_page_get_progress (ADO_PAGE (self)));
}

static gboolean
region_is_done (AdoConnectPage *self,
                AdoRegion       region)
{
  g_autofree char *account_id = NULL;

  account_id = ado_progress_dup_region_account (ado_page_get_progress (ADO_PAGE (self)),
                                                ado_region_get_info (region)->id);
  return account_id != NULL;
}

gboolean
_ado_connect_page_all_regions_done (AdoConnectPage *self)
{
  for (guint i = 0; i < ADO_N_REGIONS; i++)
    {
      if (!region_is_done (self, (AdoRegion)i))
        return FALSE;
    }

  return TRUE;
}

/* The region whose checklist sign-in stored @account_id */
gboolean
_ado_connect_page_find_account_region (AdoConnectPage *self,
                                       const char     *account_id,
                                       AdoRegion      *region)
{
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (self));

  for (guint i = 0; account_id != NULL && i < ADO_N_REGIONS; i++)
    {
      g_autofree char *mapped = NULL;

      mapped = ado_progress_dup_region_account (progress, ado_region_get_info ((AdoRegion)i)->id);
      if (g_strcmp0 (mapped, account_id) == 0)
        {
          *region = (AdoRegion)i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The region the main button signs in to on the checklist: the region of
 * the account being reconnected, else the first one not done yet */
gboolean
_ado_connect_page_next_region (AdoConnectPage *self,
                               AdoRegion      *region)
{
  if (_ado_connect_page_find_account_region (self, self->account_id, region))
    return TRUE;

  for (guint i = 0; i < ADO_N_REGIONS; i++)
    {
      if (!region_is_done (self, (AdoRegion)i))
        {
          *region = (AdoRegion)i;
          return TRUE;
        }
    }

  return FALSE;
}

/* What Amazon's consent page asks for, space-separated */
char *
_ado_connect_page_dup_scope (AdoConnectPage *self)
{
  return ado_scope_for (_ado_connect_page_is_checklist (self),
                        ado_progress_get_legacy_scope (ado_page_get_progress (ADO_PAGE (self))));
}

/* The same, in words, one permission a line */
char *
_ado_connect_page_describe_scope (const char *scope)
{
  g_auto(GStrv) scopes = g_strsplit (scope, " ", -1);
  g_autoptr(GString) text = g_string_new (_("Amazon will ask you to allow:"));

  for (guint i = 0; scopes[i] != NULL; i++)
    {
      const char *words;

      if (g_str_equal (scopes[i], ADO_SCOPE_AUDIENCES))
        words = _("Manage audiences as a data provider");
      else
        words = _("Manage your advertising campaigns");

      g_string_append_c (text, '\n');
      /* Translators: a permission in words and the scope Amazon knows it by,
       * e.g. “Manage your advertising campaigns (advertising::campaign_management)” */
      g_string_append_printf (text, _("%s (%s)"), words, scopes[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * _ado_connect_page_choose_region_account:
 * @mapped: (nullable): the account the attempt's region was signed in as
 *   before, with the registry loaded
 *
 * The region's own account again, as long as it is still there and belongs
 * to this client; else the account being reconnected, unless it is another
 * region's; else a new account.
 *
 * Returns: (nullable): the account to reconnect, %NULL for a new one
 */
const char *
_ado_connect_page_choose_region_account (AdoConnectPage *self,
                                         const char     *mapped)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->client_id_row));
  g_autofree char *client_id = ado_trim_pasted (typed);
  AdoAccount *account = mapped != NULL ? ado_accounts_get_account (self->accounts, mapped)
                                       : NULL;
  AdoRegion other;

  if (account != NULL && g_strcmp0 (ado_account_get_client_id (account), client_id) == 0)
    return mapped;

  if (self->account_id != NULL &&
      (!_ado_connect_page_find_account_region (self, self->account_id, &other) ||
       other == self->attempt_region))
    return self->account_id;

  return NULL;
}

/* The checklist on the data provider path, or the region to choose */
void
_ado_connect_page_update_regions (AdoConnectPage *self)
{
  gboolean checklist = _ado_connect_page_is_checklist (self);
  g_autofree char *scope = _ado_connect_page_dup_scope (self);
  g_auto(GStrv) scopes = g_strsplit (scope, " ", -1);
  AdoRegion next;

  gtk_widget_set_visible (GTK_WIDGET (self->region_group), !checklist);
  gtk_widget_set_visible (GTK_WIDGET (self->regions_group), checklist);

  for (guint i = 0; i < ADO_N_REGIONS; i++)
    ado_region_row_set_signed_in (self->region_rows[i], region_is_done (self, (AdoRegion)i));

  if (!checklist)
    {
      gtk_button_set_label (self->sign_in_button, _("Sign In with _Amazon"));
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), TRUE);
    }
  else if (_ado_connect_page_next_region (self, &next))
    {
      g_autofree char *label = NULL;

      /* Translators: %s is a region, e.g. “Sign In to Europe” */
      label = g_strdup_printf (_("Sign In to %s"), ado_region_get_title (next));
      gtk_button_set_label (self->sign_in_button, label);
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), FALSE);

  adw_action_row_set_subtitle (self->campaign_scope_row, scopes[0]);
  adw_action_row_set_subtitle (self->audiences_scope_row, ADO_SCOPE_AUDIENCES);
  gtk_widget_set_visible (GTK_WIDGET (self->audiences_scope_row), checklist);

  if (gtk_switch_get_active (self->legacy_scope_switch) !=
      ado_progress_get_legacy_scope (ado_page_get_progress (ADO_PAGE (self))))
    gtk_switch_set_active (self->legacy_scope_switch,
                           ado_progress_get_legacy_scope (ado_page_get_progress (ADO_PAGE (self))));
}

void
_ado_connect_page_class_bind_regions (GtkWidgetClass *widget_class)
{
  g_type_ensure (ADO_TYPE_REGION_ROW);
  for (guint i = 0; i < G_N_ELEMENTS (region_row_ids); i++)
    gtk_widget_class_bind_template_child_full (widget_class, region_row_ids[i], FALSE,
                                               G_STRUCT_OFFSET (AdoConnectPage, region_rows) +
                                               i * sizeof (gpointer));
}
