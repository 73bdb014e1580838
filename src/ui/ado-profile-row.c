/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-profile-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-profile-row.h"
#include "ads/ado-amazon.h"

/*
 * An advertising profile on the Verify step: its account's name, its ID
 * and details; a radio button that makes it the default profile (through
 * the page's verify.set-default) and a button that copies its ID.
 */

struct _AdoProfileRow
{
  AdwActionRow    parent_instance;

  AdoProfile     *profile;

  GtkCheckButton *default_check;
  GtkButton      *copy_button;
};

enum {
  PROP_0,
  PROP_PROFILE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (AdoProfileRow, ado_profile_row, ADW_TYPE_ACTION_ROW)

static GParamSpec *properties [N_PROPS];

static char *
dup_details (AdoProfile *profile)
{
  AdoRegion region = ADO_REGION_NA;
  const char *details[] = {
    ado_profile_get_account_type (profile),
    ado_profile_get_country_code (profile),
    ado_profile_get_currency_code (profile),
    ado_profile_get_timezone (profile),
    NULL,
  };
  GString *text = g_string_new (NULL);

  ado_region_from_id (ado_profile_get_region (profile), &region);
  details[G_N_ELEMENTS (details) - 1] = ado_region_get_title (region);

  /* Translators: the profile ID, then its details */
  g_string_append_printf (text, _("ID %s"), ado_profile_get_profile_id (profile));
  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    {
      if (details[i] != NULL)
        {
          g_string_append (text, " · ");
          g_string_append (text, details[i]);
        }
    }

  return g_string_free (text, FALSE);
}

static void
default_toggled_cb (AdoProfileRow  *self,
                    GtkCheckButton *check)
{
  if (!gtk_check_button_get_active (check))
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "verify.set-default", "(ss)",
                              ado_profile_get_profile_id (self->profile),
                              ado_profile_get_region (self->profile));
}

static void
ado_profile_row_constructed (GObject *object)
{
  AdoProfileRow *self = (AdoProfileRow *)object;
  const char *id = ado_profile_get_profile_id (self->profile);
  const char *name = ado_profile_get_account_name (self->profile);
  g_autofree char *details = dup_details (self->profile);
  g_autofree char *check_name = NULL;
  g_autofree char *copy_name = NULL;

  G_OBJECT_CLASS (ado_profile_row_parent_class)->constructed (object);

  if (name == NULL)
    name = _("Unnamed advertising account");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), details);

  /* Translators: a radio button's name for a screen reader: the account's
   * name, then the profile ID */
  check_name = g_strdup_printf (_("Default profile: %s, ID %s"), name, id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->default_check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, check_name,
                                  -1);

  /* Translators: a button's name for a screen reader, %s is a profile ID */
  copy_name = g_strdup_printf (_("Copy the profile ID %s"), id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_name,
                                  -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->copy_button), "s", id);
}

static void
ado_profile_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AdoProfileRow *self = ADO_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_profile_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AdoProfileRow *self = ADO_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_profile_row_dispose (GObject *object)
{
  AdoProfileRow *self = (AdoProfileRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ADO_TYPE_PROFILE_ROW);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (ado_profile_row_parent_class)->dispose (object);
}

static void
ado_profile_row_class_init (AdoProfileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ado_profile_row_constructed;
  object_class->get_property = ado_profile_row_get_property;
  object_class->set_property = ado_profile_row_set_property;
  object_class->dispose = ado_profile_row_dispose;

  properties [PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         ADO_TYPE_PROFILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-profile-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoProfileRow, default_check);
  gtk_widget_class_bind_template_child (widget_class, AdoProfileRow, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, default_toggled_cb);
}

static void
ado_profile_row_init (AdoProfileRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_profile_row_new (AdoProfile *profile)
{
  g_return_val_if_fail (ADO_IS_PROFILE (profile), NULL);

  return g_object_new (ADO_TYPE_PROFILE_ROW,
                       "profile", profile,
                       NULL);
}

AdoProfile *
ado_profile_row_get_profile (AdoProfileRow *self)
{
  g_return_val_if_fail (ADO_IS_PROFILE_ROW (self), NULL);

  return self->profile;
}

/**
 * ado_profile_row_set_group:
 * @group: another profile's row
 *
 * Makes the default choice of this row and @group's one radio group.
 */
void
ado_profile_row_set_group (AdoProfileRow *self,
                           AdoProfileRow *group)
{
  g_return_if_fail (ADO_IS_PROFILE_ROW (self));
  g_return_if_fail (ADO_IS_PROFILE_ROW (group));

  gtk_check_button_set_group (self->default_check, group->default_check);
}

void
ado_profile_row_set_default (AdoProfileRow *self,
                             gboolean       is_default)
{
  g_return_if_fail (ADO_IS_PROFILE_ROW (self));

  gtk_check_button_set_active (self->default_check, is_default);
}
