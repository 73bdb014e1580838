/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-welcome-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-welcome-page.h"

struct _AdoWelcomePage
{
  AdoPage    parent_instance;

  GtkWidget *data_provider_switch;
};

G_DEFINE_FINAL_TYPE (AdoWelcomePage, ado_welcome_page, ADO_TYPE_PAGE)

static void
ado_welcome_page_progress_changed (AdoPage *page)
{
  AdoProgress *progress = ado_page_get_progress (page);

  ado_page_set_complete (page,
                         ado_progress_get_access_path (progress) != ADO_ACCESS_PATH_UNSET);
}

static void
ado_welcome_page_constructed (GObject *object)
{
  AdoWelcomePage *self = (AdoWelcomePage *)object;
  GSettings *settings;

  G_OBJECT_CLASS (ado_welcome_page_parent_class)->constructed (object);

  /* The choices are GSettings actions, so they are also reachable by
   * keyboard from the rows and by tests through the action names. */
  settings = ado_progress_get_settings (ado_page_get_progress (ADO_PAGE (self)));
  g_settings_bind (settings, "data-provider",
                   self->data_provider_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
ado_welcome_page_class_init (AdoWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdoPageClass *page_class = ADO_PAGE_CLASS (klass);

  object_class->constructed = ado_welcome_page_constructed;

  page_class->progress_changed = ado_welcome_page_progress_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoWelcomePage, data_provider_switch);
}

static void
ado_welcome_page_init (AdoWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_welcome_page_new (AdoProgress *progress)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);

  return g_object_new (ADO_TYPE_WELCOME_PAGE,
                       "progress", progress,
                       "step", ADO_STEP_WELCOME,
                       NULL);
}
