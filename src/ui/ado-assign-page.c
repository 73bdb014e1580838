/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-assign-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-assign-page.h"
#include "ads/ado-amazon.h"
#include "auth/ado-checks.h"

struct _AdoAssignPage
{
  AdoPage                 parent_instance;

  GtkSwitch              *signed_out_switch;
  GtkSwitch              *assigned_switch;
  GtkLabel               *assign_client_id_label;
  AdwEntryRow            *link_row;
  GtkWidget              *open_link_button;
  GtkLabel               *link_message;
  AdwPreferencesGroup    *partner_group;
};

G_DEFINE_FINAL_TYPE (AdoAssignPage, ado_assign_page, ADO_TYPE_PAGE)

static gboolean
can_open_link (AdoAssignPage *self)
{
  g_autofree char *link = ado_trim_pasted (gtk_editable_get_text (GTK_EDITABLE (self->link_row)));

  return gtk_switch_get_active (self->signed_out_switch) && link[0] != '\0';
}

static void
update_actions (AdoAssignPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assign.open-link", can_open_link (self));
}

/* The message under the link, tied to the field (and the text in it, which
 * has the focus) for screen readers; the field is invalid while it shows */
static void
show_link_error (AdoAssignPage *self,
                 const char    *message)
{
  GtkAccessible *fields[] = {
    GTK_ACCESSIBLE (self->link_row),
    GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->link_row))),
  };

  gtk_label_set_label (self->link_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->link_message), message != NULL);

  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->link_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->link_row), "error");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (message != NULL)
        {
          gtk_accessible_update_relation (fields[i],
                                          GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->link_message,
                                          NULL, -1);
          gtk_accessible_update_state (fields[i],
                                       GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                       -1);
        }
      else
        {
          gtk_accessible_reset_relation (fields[i], GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
          gtk_accessible_reset_state (fields[i], GTK_ACCESSIBLE_STATE_INVALID);
        }
    }
}

static void
link_changed_cb (AdoAssignPage *self,
                 AdwEntryRow   *row)
{
  g_autofree char *link = ado_trim_pasted (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autoptr(GError) error = NULL;

  if (link[0] == '\0' || ado_approval_link_check (link, &error))
    show_link_error (self, NULL);
  else
    show_link_error (self, error->message);

  update_actions (self);
}

/* Enter in the field does what Open… does, the confirmation included */
static void
link_activated_cb (AdoAssignPage *self,
                   AdwEntryRow   *row)
{
  g_autofree char *link = ado_trim_pasted (gtk_editable_get_text (GTK_EDITABLE (row)));

  if (link[0] == '\0')
    return;

  if (!gtk_switch_get_active (self->signed_out_switch))
    {
      ado_page_toast (ADO_PAGE (self),
                      _("Sign out of your other Amazon accounts first, then confirm it above."));
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "assign.open-link", NULL);
}

static void
confirm_response_cb (AdoAssignPage    *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  g_autofree char *link = NULL;

  if (!g_str_equal (response, "open"))
    return;

  link = ado_trim_pasted (gtk_editable_get_text (GTK_EDITABLE (self->link_row)));
  if (ado_approval_link_check (link, NULL))
    ado_page_open_uri (ADO_PAGE (self), link);
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AdoAssignPage *self = ADO_ASSIGN_PAGE (widget);
  g_autofree char *link = ado_trim_pasted (gtk_editable_get_text (GTK_EDITABLE (self->link_row)));
  g_autofree char *client_id = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  if (!ado_approval_link_check (link, &error))
    {
      ado_page_toast (ADO_PAGE (self), error->message);
      return;
    }

  client_id = ado_progress_dup_client_id (ado_page_get_progress (ADO_PAGE (self)));
  if (client_id[0] != '\0')
    body = g_strdup_printf (_("The link assigns your API access to one Login with Amazon "
                              "client, and this cannot be changed once it is set. On Amazon’s "
                              "page, pick the client with the ID %s.\n\n"
                              "Make sure your browser is signed in only to the Amazon account "
                              "that applied. Opened under another account, the link stops "
                              "working and only Amazon support can reset it."),
                            client_id);
  else
    body = g_strdup (_("The link assigns your API access to one Login with Amazon client, and "
                       "this cannot be changed once it is set.\n\n"
                       "Make sure your browser is signed in only to the Amazon account that "
                       "applied. Opened under another account, the link stops working and "
                       "only Amazon support can reset it."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Assign API Access?"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open Link"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (confirm_response_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_partner_network_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  ado_page_open_uri (ADO_PAGE (widget), ADO_URL_PARTNER_NETWORK);
}

static void
ado_assign_page_progress_changed (AdoPage *page)
{
  AdoAssignPage *self = ADO_ASSIGN_PAGE (page);
  AdoProgress *progress = ado_page_get_progress (page);
  g_autofree char *client_id = ado_progress_dup_client_id (progress);
  gboolean complete;

  gtk_label_set_label (self->assign_client_id_label, client_id);
  gtk_widget_set_visible (GTK_WIDGET (self->assign_client_id_label), client_id[0] != '\0');
  gtk_widget_set_visible (GTK_WIDGET (self->partner_group),
                          ado_progress_get_access_path (progress) == ADO_ACCESS_PATH_PARTNER);

  complete = gtk_switch_get_active (self->signed_out_switch) &&
             gtk_switch_get_active (self->assigned_switch);
  ado_page_set_complete (page, complete);
  update_actions (self);

  /* Open… leads until access is assigned; then Next does */
  if (complete)
    gtk_widget_remove_css_class (self->open_link_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->open_link_button, "suggested-action");
}

static void
ado_assign_page_constructed (GObject *object)
{
  AdoAssignPage *self = (AdoAssignPage *)object;
  GSettings *settings = ado_progress_get_settings (ado_page_get_progress (ADO_PAGE (self)));

  g_settings_bind (settings, "signed-out-confirmed",
                   self->signed_out_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "access-assigned",
                   self->assigned_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->link_row, "changed",
                           G_CALLBACK (link_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link_row, "entry-activated",
                           G_CALLBACK (link_activated_cb), self,
                           G_CONNECT_SWAPPED);

  G_OBJECT_CLASS (ado_assign_page_parent_class)->constructed (object);
}

static void
ado_assign_page_class_init (AdoAssignPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdoPageClass *page_class = ADO_PAGE_CLASS (klass);

  object_class->constructed = ado_assign_page_constructed;

  page_class->progress_changed = ado_assign_page_progress_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-assign-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoAssignPage, signed_out_switch);
  gtk_widget_class_bind_template_child (widget_class, AdoAssignPage, assigned_switch);
  gtk_widget_class_bind_template_child (widget_class, AdoAssignPage, assign_client_id_label);
  gtk_widget_class_bind_template_child (widget_class, AdoAssignPage, link_row);
  gtk_widget_class_bind_template_child (widget_class, AdoAssignPage, link_message);
  gtk_widget_class_bind_template_child (widget_class, AdoAssignPage, open_link_button);
  gtk_widget_class_bind_template_child (widget_class, AdoAssignPage, partner_group);

  gtk_widget_class_install_action (widget_class, "assign.open-link", NULL, open_link_action);
  gtk_widget_class_install_action (widget_class, "assign.open-partner-network", NULL,
                                   open_partner_network_action);
}

static void
ado_assign_page_init (AdoAssignPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_assign_page_new (AdoProgress *progress)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);

  return g_object_new (ADO_TYPE_ASSIGN_PAGE,
                       "progress", progress,
                       "step", ADO_STEP_ASSIGN,
                       NULL);
}
