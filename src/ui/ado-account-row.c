/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-account-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-account-row.h"
#include "ads/ado-amazon.h"
#include "ads/ado-export.h"

/*
 * A connected account on the Accounts step: its name and state, and when
 * expanded its IDs, region, the age of its sign-in and its default
 * profile; Reconnect, Export… and the rarer actions in a menu. The state
 * is the page's to find out and the row's to show.
 */

/* Amazon may end consents after 365 days: warn a month before */
#define WARN_AGE_DAYS 335

struct _AdoAccountRow
{
  AdwExpanderRow  parent_instance;

  AdoAccount     *account;

  GtkImage       *state_icon;
  AdwActionRow   *id_row;
  GtkButton      *copy_button;
  AdwActionRow   *client_id_row;
  AdwActionRow   *region_row;
  AdwActionRow   *signed_in_row;
  AdwActionRow   *default_profile_row;
  GtkButton      *reconnect_button;
  GtkMenuButton  *export_button;
  GtkMenuButton  *more_button;
};

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (AdoAccountRow, ado_account_row, ADW_TYPE_EXPANDER_ROW)

static GParamSpec *properties [N_PROPS];

static const AdoExportFormat export_formats[] = {
  ADO_EXPORT_ENV,
  ADO_EXPORT_JSON,
  ADO_EXPORT_POSTMAN,
  ADO_EXPORT_PYTHON_AD_API,
  ADO_EXPORT_AIRBYTE,
};

static const char *
export_format_title (AdoExportFormat format)
{
  switch (format)
    {
    case ADO_EXPORT_ENV:
      return _("Environment Variables (shell)");
    case ADO_EXPORT_JSON:
      return _("JSON");
    case ADO_EXPORT_POSTMAN:
      return _("Postman Environment");
    case ADO_EXPORT_PYTHON_AD_API:
      return _("python-amazon-ad-api (credentials.yml)");
    case ADO_EXPORT_AIRBYTE:
      return _("Airbyte Amazon Ads Source");
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
dup_signed_in_text (AdoAccount *account)
{
  g_autoptr(GDateTime) obtained = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *obtained_text = NULL;

  obtained = g_date_time_new_from_unix_local (ado_account_get_obtained_at (account));
  obtained_text = g_date_time_format (obtained, _("%-d %B %Y"));
  if (g_date_time_difference (now, obtained) / G_TIME_SPAN_DAY >= WARN_AGE_DAYS)
    return g_strdup_printf (_("%s — almost a year ago. Amazon may end sign-ins after a year: "
                              "reconnect soon."),
                            obtained_text);

  return g_steal_pointer (&obtained_text);
}

static GMenuModel *
create_export_menu (const char *id)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (export_format_title (export_formats[i]), NULL);
      const char *format = ado_export_format_to_string (export_formats[i]);

      g_menu_item_set_action_and_target_value (item, "accounts.export",
                                               g_variant_new ("(ss)", id, format));
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static GMenuModel *
create_more_menu (const char *id)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuItem) profiles = g_menu_item_new (_("Advertising _Profiles"), NULL);
  g_autoptr(GMenuItem) rename = g_menu_item_new (_("Re_name…"), NULL);
  g_autoptr(GMenuItem) update = g_menu_item_new (_("Update Client _Secret…"), NULL);
  g_autoptr(GMenuItem) forget = g_menu_item_new (_("_Forget…"), NULL);

  g_menu_item_set_action_and_target_value (update, "accounts.update-secret",
                                           g_variant_new_string (id));
  g_menu_item_set_action_and_target_value (forget, "accounts.forget",
                                           g_variant_new_string (id));
  g_menu_item_set_action_and_target_value (profiles, "win.verify-account",
                                           g_variant_new_string (id));
  g_menu_item_set_action_and_target_value (rename, "accounts.rename",
                                           g_variant_new_string (id));
  g_menu_append_item (menu, profiles);
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, update);
  g_menu_append_item (menu, forget);

  return G_MENU_MODEL (menu);
}

static void
ado_account_row_constructed (GObject *object)
{
  AdoAccountRow *self = (AdoAccountRow *)object;
  const char *id = ado_account_get_id (self->account);
  const char *default_profile_id = ado_account_get_default_profile_id (self->account);
  AdoRegion region = ADO_REGION_NA;
  g_autofree char *signed_in = dup_signed_in_text (self->account);
  g_autoptr(GMenuModel) export_menu = create_export_menu (id);
  g_autoptr(GMenuModel) more_menu = create_more_menu (id);

  G_OBJECT_CLASS (ado_account_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), ado_account_get_name (self->account));

  ado_region_from_id (ado_account_get_region (self->account), &region);
  adw_action_row_set_subtitle (self->id_row, id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->copy_button), "s", id);
  adw_action_row_set_subtitle (self->client_id_row, ado_account_get_client_id (self->account));
  adw_action_row_set_subtitle (self->region_row, ado_region_get_title (region));
  adw_action_row_set_subtitle (self->signed_in_row, signed_in);
  adw_action_row_set_subtitle (self->default_profile_row,
                               default_profile_id != NULL ? default_profile_id
                                                          : _("None yet: choose one in Verify"));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->reconnect_button), "s", id);
  gtk_menu_button_set_menu_model (self->export_button, export_menu);
  gtk_menu_button_set_menu_model (self->more_button, more_menu);
}

static void
ado_account_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AdoAccountRow *self = ADO_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_account_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AdoAccountRow *self = ADO_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_account_row_dispose (GObject *object)
{
  AdoAccountRow *self = (AdoAccountRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ADO_TYPE_ACCOUNT_ROW);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (ado_account_row_parent_class)->dispose (object);
}

static void
ado_account_row_class_init (AdoAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ado_account_row_constructed;
  object_class->get_property = ado_account_row_get_property;
  object_class->set_property = ado_account_row_set_property;
  object_class->dispose = ado_account_row_dispose;

  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         ADO_TYPE_ACCOUNT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, state_icon);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, id_row);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, region_row);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, signed_in_row);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, default_profile_row);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, export_button);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountRow, more_button);
}

static void
ado_account_row_init (AdoAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_account_row_new (AdoAccount *account)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT (account), NULL);

  return g_object_new (ADO_TYPE_ACCOUNT_ROW,
                       "account", account,
                       NULL);
}

AdoAccount *
ado_account_row_get_account (AdoAccountRow *self)
{
  g_return_val_if_fail (ADO_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}

/**
 * ado_account_row_set_state:
 * @icon_name: the state's icon
 * @style: (nullable): the icon's style class, "success" or "warning"
 * @text: the state in words
 *
 * Shows the account's state below its name, and says it with the icon to
 * a screen reader.
 */
void
ado_account_row_set_state (AdoAccountRow *self,
                           const char    *icon_name,
                           const char    *style,
                           const char    *text)
{
  g_return_if_fail (ADO_IS_ACCOUNT_ROW (self));
  g_return_if_fail (icon_name != NULL);
  g_return_if_fail (text != NULL);

  gtk_image_set_from_icon_name (self->state_icon, icon_name);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "warning");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), style);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), text);
  /* The icon says the same to a screen reader */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}
