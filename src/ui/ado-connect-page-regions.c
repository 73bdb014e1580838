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
static const struct {
  const char *row;
  const char *done;
  const char *button;
} region_children[ADO_N_REGIONS] = {
  { "na_region_row", "na_region_done", "na_region_button" },
  { "eu_region_row", "eu_region_done", "eu_region_button" },
  { "fe_region_row", "fe_region_done", "fe_region_button" },
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
    {
      const AdoRegionInfo *info = ado_region_get_info ((AdoRegion)i);
      gboolean done = region_is_done (self, (AdoRegion)i);
      g_autofree char *subtitle = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->region_rows[i]),
                                     ado_region_get_title ((AdoRegion)i));
      /* Translators: a region's countries, then whether it is signed in,
       * e.g. “US, CA, MX, BR · Signed in” */
      subtitle = g_strdup_printf (_("%s · %s"), info->countries,
                                  done ? _("Signed in") : _("Not signed in yet"));
      adw_action_row_set_subtitle (self->region_rows[i], subtitle);
      gtk_widget_set_visible (self->region_done[i], done);
      {
        /* Translators: what the check mark says to a screen reader, e.g.
         * “Europe: signed in” */
        g_autofree char *name = g_strdup_printf (_("%s: signed in"),
                                                 ado_region_get_title ((AdoRegion)i));

        gtk_accessible_update_property (GTK_ACCESSIBLE (self->region_done[i]),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                        -1);
      }
      /* Done: a narrow button, so that the row fits 360 pixels */
      if (done)
        {
          g_autofree char *again = NULL;

          /* Translators: %s is a region, e.g. “Sign in to Europe again” */
          again = g_strdup_printf (_("Sign in to %s again"), ado_region_get_title ((AdoRegion)i));
          gtk_button_set_icon_name (self->region_buttons[i], "view-refresh-symbolic");
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->region_buttons[i]), again);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->region_buttons[i]),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, again,
                                          -1);
          gtk_widget_add_css_class (GTK_WIDGET (self->region_buttons[i]), "flat");
        }
      else
        {
          g_autofree char *first = NULL;

          /* Translators: what a region's Sign In button says to a screen
           * reader, e.g. “Sign in to Europe” */
          first = g_strdup_printf (_("Sign in to %s"), ado_region_get_title ((AdoRegion)i));
          gtk_button_set_label (self->region_buttons[i], _("Sign In"));
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->region_buttons[i]), NULL);
          /* Three “Sign In” buttons: each says which region */
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->region_buttons[i]),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, first,
                                          -1);
          gtk_widget_remove_css_class (GTK_WIDGET (self->region_buttons[i]), "flat");
        }
    }

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
  for (guint i = 0; i < G_N_ELEMENTS (region_children); i++)
    {
      gtk_widget_class_bind_template_child_full (widget_class, region_children[i].row, FALSE,
                                                 G_STRUCT_OFFSET (AdoConnectPage, region_rows) +
                                                 i * sizeof (gpointer));
      gtk_widget_class_bind_template_child_full (widget_class, region_children[i].done, FALSE,
                                                 G_STRUCT_OFFSET (AdoConnectPage, region_done) +
                                                 i * sizeof (gpointer));
      gtk_widget_class_bind_template_child_full (widget_class, region_children[i].button, FALSE,
                                                 G_STRUCT_OFFSET (AdoConnectPage, region_buttons) +
                                                 i * sizeof (gpointer));
    }
}
