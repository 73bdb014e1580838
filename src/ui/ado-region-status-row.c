/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-region-status-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-region-status-row.h"

/*
 * A region on the Verify step and what it answered when asked for its
 * profiles: a spinner while asking, then an icon and the outcome in words.
 */

struct _AdoRegionStatusRow
{
  AdoRegionActionRow  parent_instance;

  GtkStack           *status;
  GtkSpinner         *spinner;
  GtkImage           *icon;
};

G_DEFINE_FINAL_TYPE (AdoRegionStatusRow, ado_region_status_row, ADO_TYPE_REGION_ACTION_ROW)

static void
ado_region_status_row_constructed (GObject *object)
{
  AdoRegionStatusRow *self = (AdoRegionStatusRow *)object;
  AdoRegion region = ado_region_action_row_get_region (ADO_REGION_ACTION_ROW (self));

  G_OBJECT_CLASS (ado_region_status_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), ado_region_get_title (region));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ado_region_get_title (region),
                                  -1);
}

static void
ado_region_status_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ADO_TYPE_REGION_STATUS_ROW);

  G_OBJECT_CLASS (ado_region_status_row_parent_class)->dispose (object);
}

static void
ado_region_status_row_class_init (AdoRegionStatusRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ado_region_status_row_constructed;
  object_class->dispose = ado_region_status_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "ui/ado-region-status-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoRegionStatusRow, status);
  gtk_widget_class_bind_template_child (widget_class, AdoRegionStatusRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, AdoRegionStatusRow, icon);
}

static void
ado_region_status_row_init (AdoRegionStatusRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ado_region_status_row_set_status:
 * @icon_name: (nullable): the outcome's icon, %NULL while asking
 * @style: (nullable): the icon's style class
 * @text: the outcome in words
 *
 * Shows what the region answered, and says it with the region's name to a
 * screen reader.
 */
void
ado_region_status_row_set_status (AdoRegionStatusRow *self,
                                  const char         *icon_name,
                                  const char         *style,
                                  const char         *text)
{
  AdoRegion region;
  g_autofree char *name = NULL;

  g_return_if_fail (ADO_IS_REGION_STATUS_ROW (self));
  g_return_if_fail (text != NULL);

  region = ado_region_action_row_get_region (ADO_REGION_ACTION_ROW (self));
  /* Translators: a region and what it answered, e.g. “Europe: 2 profiles” */
  name = g_strdup_printf (_("%s: %s"), ado_region_get_title (region), text);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
  /* The icon tells a screen reader the region and its outcome */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "dim-label");

  if (icon_name == NULL)
    {
      gtk_stack_set_visible_child_name (self->status, "spinner");
      gtk_spinner_start (self->spinner);
      return;
    }

  gtk_spinner_stop (self->spinner);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), style);
  gtk_stack_set_visible_child_name (self->status, "icon");
}
