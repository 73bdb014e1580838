/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-data-provider-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-data-provider-page.h"
#include "ads/ado-data-provider.h"

struct _AdoDataProviderPage
{
  AdoPage        parent_instance;

  GtkLabel      *ticket_label;
  GtkTextView   *arns_view;
  GtkLabel      *arns_message;
  GtkLabel      *billing_label;

  guint          loading_arns : 1;
};

G_DEFINE_FINAL_TYPE (AdoDataProviderPage, ado_data_provider_page, ADO_TYPE_PAGE)

/* The message under the ARNs, tied to them for screen readers; the field
 * is invalid while it shows */
static void
show_arns_error (AdoDataProviderPage *self,
                 const char          *message)
{
  GtkAccessible *field = GTK_ACCESSIBLE (self->arns_view);

  gtk_label_set_label (self->arns_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->arns_message), message != NULL);

  if (message != NULL)
    {
      gtk_accessible_update_relation (field,
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->arns_message, NULL,
                                      -1);
      gtk_accessible_update_state (field,
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_accessible_reset_relation (field, GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
      gtk_accessible_reset_state (field, GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static char *
dup_arns_text (AdoDataProviderPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->arns_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_billing (AdoDataProviderPage *self)
{
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (self));
  g_autofree char *client_id = ado_progress_dup_client_id (progress);
  g_autofree char *text = dup_arns_text (self);
  g_autofree char *ticket = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arns = NULL;

  arns = ado_iam_arns_parse (text, &error);
  if (arns == NULL)
    {
      show_arns_error (self, error->message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "data-provider.copy-billing", FALSE);
      /* Never an empty card: say what it waits for */
      gtk_label_set_label (self->billing_label,
                           _("Correct the ARNs above to compose the request."));
      gtk_widget_add_css_class (GTK_WIDGET (self->billing_label), "dim-label");
      return;
    }

  show_arns_error (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "data-provider.copy-billing", arns[0] != NULL);

  if (arns[0] == NULL)
    {
      gtk_label_set_label (self->billing_label,
                           _("Type the ARNs above to compose the request."));
      gtk_widget_add_css_class (GTK_WIDGET (self->billing_label), "dim-label");
      return;
    }

  ticket = ado_billing_ticket_compose (client_id, (const char * const *)arns);
  gtk_label_set_label (self->billing_label, ticket);
  gtk_widget_remove_css_class (GTK_WIDGET (self->billing_label), "dim-label");
}

static void
arns_changed_cb (AdoDataProviderPage *self,
                 GtkTextBuffer       *buffer)
{
  g_autofree char *text = NULL;
  GSettings *settings;

  if (self->loading_arns)
    return;

  text = dup_arns_text (self);
  settings = ado_progress_get_settings (ado_page_get_progress (ADO_PAGE (self)));
  g_settings_set_string (settings, "iam-arns", text);
  update_billing (self);
}

static void
ado_data_provider_page_progress_changed (AdoPage *page)
{
  AdoDataProviderPage *self = ADO_DATA_PROVIDER_PAGE (page);
  AdoProgress *progress = ado_page_get_progress (page);
  g_autofree char *client_id = ado_progress_dup_client_id (progress);
  g_autofree char *ticket = NULL;

  ticket = ado_data_provider_ticket_compose (client_id,
                                             ado_progress_get_access_path (progress) ==
                                             ADO_ACCESS_PATH_PARTNER);
  gtk_label_set_label (self->ticket_label, ticket);
  update_billing (self);

  /* The billing reports are optional: the step is complete once read */
  ado_page_set_complete (page, TRUE);
}

static void
copy_ticket_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AdoDataProviderPage *self = ADO_DATA_PROVIDER_PAGE (widget);

  ado_page_copy (ADO_PAGE (self), gtk_label_get_label (self->ticket_label), _("Ticket text copied"));
}

static void
copy_billing_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AdoDataProviderPage *self = ADO_DATA_PROVIDER_PAGE (widget);

  ado_page_copy (ADO_PAGE (self), gtk_label_get_label (self->billing_label),
                 _("Billing report request copied"));
}

static void
ado_data_provider_page_constructed (GObject *object)
{
  AdoDataProviderPage *self = (AdoDataProviderPage *)object;
  GSettings *settings = ado_progress_get_settings (ado_page_get_progress (ADO_PAGE (self)));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->arns_view);
  g_autofree char *arns = g_settings_get_string (settings, "iam-arns");

  self->loading_arns = TRUE;
  gtk_text_buffer_set_text (buffer, arns, -1);
  self->loading_arns = FALSE;

  g_signal_connect_object (buffer, "changed",
                           G_CALLBACK (arns_changed_cb), self,
                           G_CONNECT_SWAPPED);

  G_OBJECT_CLASS (ado_data_provider_page_parent_class)->constructed (object);
}

static void
ado_data_provider_page_class_init (AdoDataProviderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdoPageClass *page_class = ADO_PAGE_CLASS (klass);

  object_class->constructed = ado_data_provider_page_constructed;

  page_class->progress_changed = ado_data_provider_page_progress_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "ui/ado-data-provider-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoDataProviderPage, ticket_label);
  gtk_widget_class_bind_template_child (widget_class, AdoDataProviderPage, arns_view);
  gtk_widget_class_bind_template_child (widget_class, AdoDataProviderPage, arns_message);
  gtk_widget_class_bind_template_child (widget_class, AdoDataProviderPage, billing_label);

  gtk_widget_class_install_action (widget_class, "data-provider.copy-ticket", NULL,
                                   copy_ticket_action);
  gtk_widget_class_install_action (widget_class, "data-provider.copy-billing", NULL,
                                   copy_billing_action);
}

static void
ado_data_provider_page_init (AdoDataProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_data_provider_page_new (AdoProgress *progress)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);

  return g_object_new (ADO_TYPE_DATA_PROVIDER_PAGE,
                       "progress", progress,
                       "step", ADO_STEP_DATA_PROVIDER,
                       NULL);
}
