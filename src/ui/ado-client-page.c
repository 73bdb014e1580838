/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-client-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-client-page.h"
#include "ads/ado-amazon.h"
#include "auth/ado-checks.h"

struct _AdoClientPage
{
  AdoPage              parent_instance;

  GtkWidget           *console_button;
  AdwPreferencesGroup *return_urls_group;
  GtkLabel            *redirect_uri_label;
  GtkWidget           *spare_redirect_uri_box;
  GtkLabel            *spare_redirect_uri_label;
  GtkLabel            *client_id_label;
  AdwEntryRow *redirect_uri_row;
  GtkLabel    *redirect_uri_message;
  AdwEntryRow *client_id_row;
  GtkLabel    *client_id_message;
  AdwEntryRow *client_secret_row;
  GtkLabel    *client_secret_message;

  guint        trimming : 1;
};

G_DEFINE_FINAL_TYPE (AdoClientPage, ado_client_page, ADO_TYPE_PAGE)

/* Shows @message under @row, or hides it when %NULL. Screen readers read
 * it with the field (and the text in it, which has the focus); an error
 * (not a warning) marks the field invalid while it shows. */
static void
show_message (AdwEntryRow *row,
              GtkLabel    *label,
              const char  *message,
              const char  *style)
{
  GtkAccessible *fields[] = {
    GTK_ACCESSIBLE (row),
    GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (row))),
  };
  gboolean error = g_strcmp0 (style, "error") == 0;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");

  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), style);

  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (message != NULL)
        gtk_accessible_update_relation (fields[i],
                                        GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                        -1);
      else
        gtk_accessible_reset_relation (fields[i], GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);

      if (error)
        gtk_accessible_update_state (fields[i],
                                     GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                     -1);
      else
        gtk_accessible_reset_state (fields[i], GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* Pasted text loses the white space around it as it arrives. Returns
 * TRUE when the text was replaced (and ::changed runs again). */
static gboolean
trim_editable (AdoClientPage *self,
               GtkEditable   *editable)
{
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *trimmed = ado_trim_pasted (text);

  if (self->trimming || g_str_equal (text, trimmed))
    return FALSE;

  self->trimming = TRUE;
  gtk_editable_set_text (editable, trimmed);
  gtk_editable_set_position (editable, -1);
  self->trimming = FALSE;

  return TRUE;
}

static void
update_complete (AdoClientPage *self)
{
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (self));
  g_autofree char *client_id = ado_trim_pasted (gtk_editable_get_text (GTK_EDITABLE (self->client_id_row)));
  g_autofree char *redirect_uri = ado_progress_dup_redirect_uri (progress);

  gboolean complete = ado_check_client_id (client_id, NULL) &&
                      ado_check_redirect_uri (redirect_uri, NULL);

  ado_page_set_complete (ADO_PAGE (self), complete);

  /* The console leads until there is a client: then Next does */
  if (complete)
    gtk_widget_remove_css_class (self->console_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->console_button, "suggested-action");

  /* At any width, the whole ID is there to be read */
  gtk_label_set_label (self->client_id_label, client_id);
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_label),
                          ado_check_client_id (client_id, NULL));
}

static void
client_id_changed_cb (AdoClientPage *self,
                      AdwEntryRow   *row)
{
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (self));
  g_autoptr(GError) error = NULL;
  const char *text;

  if (trim_editable (self, GTK_EDITABLE (row)))
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (text[0] == '\0')
    {
      /* Nothing typed yet is not an error */
      show_message (row, self->client_id_message, NULL, NULL);
      ado_progress_set_client_id (progress, "");
    }
  else if (!ado_check_client_id (text, &error))
    {
      show_message (row, self->client_id_message, error->message, "error");
    }
  else
    {
      show_message (row, self->client_id_message, NULL, NULL);
      ado_progress_set_client_id (progress, text);
    }

  update_complete (self);
}

static void
client_secret_changed_cb (AdoClientPage *self,
                          AdwEntryRow   *row)
{
  g_autofree char *warning = NULL;

  if (trim_editable (self, GTK_EDITABLE (row)))
    return;

  /* The secret stays in this entry, in memory, until sign-in stores it in
   * the keyring. It is never written to the settings. */
  ado_check_client_secret (gtk_editable_get_text (GTK_EDITABLE (row)), &warning);
  show_message (row, self->client_secret_message, warning, "warning");
}

static void
show_redirect_uri (AdoClientPage *self)
{
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (self));
  g_autofree char *uri = ado_progress_dup_redirect_uri (progress);
  g_autofree char *spare = ado_spare_redirect_uri (uri);

  gtk_label_set_label (self->redirect_uri_label, uri);
  gtk_label_set_label (self->spare_redirect_uri_label, spare != NULL ? spare : "");
  gtk_widget_set_visible (self->spare_redirect_uri_box, spare != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "client.copy-spare-redirect-uri",
                                 spare != NULL);

  /* Amazon's form takes one address at a time: "Add another" for the next */
  if (spare != NULL)
    adw_preferences_group_set_description (self->return_urls_group,
                                           _("In the security profile, choose the gear icon "
                                             "under Manage, then Web Settings and Edit. Paste "
                                             "the first address into Allowed Return URLs, "
                                             "choose Add another, paste the second, and "
                                             "Save."));
  else
    adw_preferences_group_set_description (self->return_urls_group,
                                           _("In the security profile, choose the gear icon "
                                             "under Manage, then Web Settings and Edit. Paste "
                                             "this address into Allowed Return URLs and "
                                             "Save."));

  if (!gtk_widget_has_focus (GTK_WIDGET (self->redirect_uri_row)) &&
      !g_str_equal (gtk_editable_get_text (GTK_EDITABLE (self->redirect_uri_row)), uri))
    gtk_editable_set_text (GTK_EDITABLE (self->redirect_uri_row), uri);
}

static void
redirect_uri_apply_cb (AdoClientPage *self,
                       AdwEntryRow   *row)
{
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = ado_trim_pasted (gtk_editable_get_text (GTK_EDITABLE (row)));

  if (!ado_progress_set_redirect_uri (progress, uri, &error))
    {
      show_message (row, self->redirect_uri_message, error->message, "error");
      return;
    }

  show_message (row, self->redirect_uri_message, NULL, NULL);
}

static void
copy_redirect_uri_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  AdoClientPage *self = ADO_CLIENT_PAGE (widget);

  ado_page_copy (ADO_PAGE (self),
                 gtk_label_get_label (self->redirect_uri_label),
                 _("Return URL copied"));
}

static void
copy_spare_redirect_uri_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  AdoClientPage *self = ADO_CLIENT_PAGE (widget);

  ado_page_copy (ADO_PAGE (self),
                 gtk_label_get_label (self->spare_redirect_uri_label),
                 _("Spare return URL copied"));
}

static void
reset_redirect_uri_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  AdoClientPage *self = ADO_CLIENT_PAGE (widget);
  GSettings *settings = ado_progress_get_settings (ado_page_get_progress (ADO_PAGE (self)));

  g_settings_reset (settings, "redirect-uri");
  show_message (self->redirect_uri_row, self->redirect_uri_message, NULL, NULL);
  show_redirect_uri (self);
}

static void
open_console_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ado_page_open_uri (ADO_PAGE (widget), ADO_URL_LWA_CONSOLE);
}

static void
ado_client_page_progress_changed (AdoPage *page)
{
  AdoClientPage *self = ADO_CLIENT_PAGE (page);

  show_redirect_uri (self);
  update_complete (self);
}

static void
ado_client_page_constructed (GObject *object)
{
  AdoClientPage *self = (AdoClientPage *)object;
  g_autofree char *client_id = NULL;

  G_OBJECT_CLASS (ado_client_page_parent_class)->constructed (object);

  client_id = ado_progress_dup_client_id (ado_page_get_progress (ADO_PAGE (self)));
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id);

  g_signal_connect_object (self->client_id_row, "changed",
                           G_CALLBACK (client_id_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* A stored ID that no longer checks out (the step needs attention) says why */
  if (client_id[0] != '\0')
    client_id_changed_cb (self, self->client_id_row);
  g_signal_connect_object (self->client_secret_row, "changed",
                           G_CALLBACK (client_secret_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->redirect_uri_row, "apply",
                           G_CALLBACK (redirect_uri_apply_cb), self,
                           G_CONNECT_SWAPPED);

  show_redirect_uri (self);
  update_complete (self);
}

static void
ado_client_page_dispose (GObject *object)
{
  AdoClientPage *self = (AdoClientPage *)object;

  /* Do not leave the secret behind in freed memory of the entry buffer */
  if (self->client_secret_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");

  gtk_widget_dispose_template (GTK_WIDGET (self), ADO_TYPE_CLIENT_PAGE);

  G_OBJECT_CLASS (ado_client_page_parent_class)->dispose (object);
}

static void
ado_client_page_class_init (AdoClientPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdoPageClass *page_class = ADO_PAGE_CLASS (klass);

  object_class->constructed = ado_client_page_constructed;
  object_class->dispose = ado_client_page_dispose;

  page_class->progress_changed = ado_client_page_progress_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-client-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, console_button);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, return_urls_group);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, redirect_uri_label);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, spare_redirect_uri_box);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, spare_redirect_uri_label);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, client_id_label);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, redirect_uri_row);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, redirect_uri_message);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, client_id_message);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, AdoClientPage, client_secret_message);

  gtk_widget_class_install_action (widget_class, "client.copy-redirect-uri", NULL,
                                   copy_redirect_uri_action);
  gtk_widget_class_install_action (widget_class, "client.copy-spare-redirect-uri", NULL,
                                   copy_spare_redirect_uri_action);
  gtk_widget_class_install_action (widget_class, "client.reset-redirect-uri", NULL,
                                   reset_redirect_uri_action);
  gtk_widget_class_install_action (widget_class, "client.open-console", NULL,
                                   open_console_action);
}

static void
ado_client_page_init (AdoClientPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_client_page_new (AdoProgress *progress)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);

  return g_object_new (ADO_TYPE_CLIENT_PAGE,
                       "progress", progress,
                       "step", ADO_STEP_CLIENT,
                       NULL);
}

/**
 * ado_client_page_dup_client_secret:
 *
 * Returns: (transfer full): the client secret as typed, trimmed; empty
 *   when none was typed
 */
char *
ado_client_page_dup_client_secret (AdoClientPage *self)
{
  g_return_val_if_fail (ADO_IS_CLIENT_PAGE (self), NULL);

  return ado_trim_pasted (gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row)));
}
