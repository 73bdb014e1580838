/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-pending-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-pending-page.h"

/*
 * The steps that sign in and use the credentials. They come once the
 * client is set up and API access is assigned; this version of the
 * assistant says so plainly instead of offering controls that do nothing.
 */

struct _AdoPendingPage
{
  AdoPage        parent_instance;

  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (AdoPendingPage, ado_pending_page, ADO_TYPE_PAGE)

static void
ado_pending_page_constructed (GObject *object)
{
  AdoPendingPage *self = (AdoPendingPage *)object;
  const char *icon_name = NULL;
  const char *description = NULL;

  G_OBJECT_CLASS (ado_pending_page_parent_class)->constructed (object);

  switch (ado_page_get_step (ADO_PAGE (self)))
    {
    case ADO_STEP_CONNECT:
      icon_name = "network-transmit-receive-symbolic";
      description = _("Once your client is set up and API access is assigned, this step signs "
                      "you in with Amazon through your browser and keeps the credentials in "
                      "your keyring. Signing in is not part of this version yet.");
      break;

    case ADO_STEP_VERIFY:
      icon_name = "emblem-ok-symbolic";
      description = _("After signing in, this step lists the advertising profiles your login "
                      "reaches in every region. It is not part of this version yet; your "
                      "credentials are stored and ready for scripts.");
      break;

    case ADO_STEP_ACCOUNTS:
      icon_name = "dialog-password-symbolic";
      description = _("Connected accounts will be listed here, ready to reconnect, export for "
                      "your scripts, or forget. This list is not part of this version yet.");
      break;

    case ADO_STEP_WELCOME:
    case ADO_STEP_CLIENT:
    case ADO_STEP_APPLY:
    case ADO_STEP_ASSIGN:
    case ADO_STEP_DATA_PROVIDER:
    case ADO_N_STEPS:
    default:
      g_assert_not_reached ();
    }

  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, ado_step_get_title (ado_page_get_step (ADO_PAGE (self))));
  adw_status_page_set_description (self->status_page, description);
}

static void
ado_pending_page_class_init (AdoPendingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ado_pending_page_constructed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-pending-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoPendingPage, status_page);
}

static void
ado_pending_page_init (AdoPendingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_pending_page_new (AdoProgress *progress,
                      AdoStep      step)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (step == ADO_STEP_CONNECT ||
                        step == ADO_STEP_VERIFY ||
                        step == ADO_STEP_ACCOUNTS, NULL);

  return g_object_new (ADO_TYPE_PENDING_PAGE,
                       "progress", progress,
                       "step", step,
                       NULL);
}
