/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-region-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-region-row.h"

/*
 * A region of the Connect step's checklist on the data provider path: its
 * countries, whether it is signed in (a check mark), and a button that
 * signs in to it (through the page's connect.sign-in-region), first or
 * again.
 */

struct _AdoRegionRow
{
  AdoRegionActionRow  parent_instance;

  GtkWidget          *done;
  GtkButton          *button;
};

G_DEFINE_FINAL_TYPE (AdoRegionRow, ado_region_row, ADO_TYPE_REGION_ACTION_ROW)

static void
ado_region_row_constructed (GObject *object)
{
  AdoRegionRow *self = (AdoRegionRow *)object;
  AdoRegion region = ado_region_action_row_get_region (ADO_REGION_ACTION_ROW (self));
  const char *title = ado_region_get_title (region);
  g_autofree char *name = NULL;

  G_OBJECT_CLASS (ado_region_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s",
                                    ado_region_get_info (region)->id);

  /* Translators: what the check mark says to a screen reader, e.g.
   * “Europe: signed in” */
  name = g_strdup_printf (_("%s: signed in"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->done),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
ado_region_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ADO_TYPE_REGION_ROW);

  G_OBJECT_CLASS (ado_region_row_parent_class)->dispose (object);
}

static void
ado_region_row_class_init (AdoRegionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ado_region_row_constructed;
  object_class->dispose = ado_region_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-region-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoRegionRow, done);
  gtk_widget_class_bind_template_child (widget_class, AdoRegionRow, button);
}

static void
ado_region_row_init (AdoRegionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ado_region_row_set_signed_in:
 * @signed_in: whether the region's sign-in is stored
 *
 * Shows whether the region is signed in: a check mark and a narrow button
 * to sign in again, so that the row fits 360 pixels; else a Sign In button.
 */
void
ado_region_row_set_signed_in (AdoRegionRow *self,
                              gboolean      signed_in)
{
  AdoRegion region;
  const char *title;
  g_autofree char *subtitle = NULL;
  g_autofree char *button_name = NULL;

  g_return_if_fail (ADO_IS_REGION_ROW (self));

  region = ado_region_action_row_get_region (ADO_REGION_ACTION_ROW (self));
  title = ado_region_get_title (region);
  /* Translators: a region's countries, then whether it is signed in,
   * e.g. “US, CA, MX, BR · Signed in” */
  subtitle = g_strdup_printf (_("%s · %s"), ado_region_get_info (region)->countries,
                              signed_in ? _("Signed in") : _("Not signed in yet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (self->done, signed_in);

  if (signed_in)
    {
      /* Translators: %s is a region, e.g. “Sign in to Europe again” */
      button_name = g_strdup_printf (_("Sign in to %s again"), title);
      gtk_button_set_icon_name (self->button, "view-refresh-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), button_name);
      gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
    }
  else
    {
      /* Translators: what a region's Sign In button says to a screen
       * reader, e.g. “Sign in to Europe” */
      button_name = g_strdup_printf (_("Sign in to %s"), title);
      gtk_button_set_label (self->button, _("Sign In"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->button), "flat");
    }

  /* Three “Sign In” buttons: each says which region */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, button_name,
                                  -1);
}
