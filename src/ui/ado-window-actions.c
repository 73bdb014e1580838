/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-window-private.h"
#include "ado-client-page.h"
#include "ado-connect-page.h"
#include "ado-verify-page.h"

/*
 * The window's actions: moving between the steps (Back, Next, a step by
 * its ID, reconnecting or verifying an account), Start Over, the help and
 * toasts, and their keys.
 */

void
_ado_window_go_to_step (AdoWindow *self,
                        AdoStep    step)
{
  if (step == ADO_STEP_CONNECT)
    {
      g_autofree char *secret = NULL;

      /* A secret typed in the client step needs no typing again */
      secret = ado_client_page_dup_client_secret (ADO_CLIENT_PAGE (self->page_widgets[ADO_STEP_CLIENT]));
      ado_connect_page_set_client_secret (ADO_CONNECT_PAGE (self->page_widgets[ADO_STEP_CONNECT]),
                                          secret);
      memset (secret, 0, strlen (secret));
    }

  ado_progress_set_current_step (self->progress, step);
  /* Keyboard users land on the new page, not on the button they pressed */
  ado_page_focus_first_control (ADO_PAGE (self->page_widgets[step]));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);
  AdoStep previous;

  if (ado_progress_get_previous_step (self->progress,
                                      ado_progress_get_current_step (self->progress),
                                      &previous))
    _ado_window_go_to_step (self, previous);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);
  AdoStep current = ado_progress_get_current_step (self->progress);
  AdoStep next;

  if (!ado_progress_get_next_step (self->progress, current, &next))
    {
      /* Done: the accounts stay in the keyring, the window can go */
      if (ado_page_get_complete (ADO_PAGE (self->page_widgets[current])))
        ado_progress_set_step_done (self->progress, current, TRUE);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (!ado_page_get_complete (ADO_PAGE (self->page_widgets[current])))
    return;

  ado_progress_set_step_done (self->progress, current, TRUE);
  _ado_window_go_to_step (self, next);
}

static void
go_to_step_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);
  AdoStep step;

  if (!ado_step_from_id (g_variant_get_string (param, NULL), &step) ||
      !ado_progress_step_is_visible (self->progress, step))
    {
      g_debug ("Ignoring a request for unknown step “%s”", g_variant_get_string (param, NULL));
      return;
    }

  _ado_window_go_to_step (self, step);
}

static void
skip_to_connect_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);
  GSettings *settings = ado_progress_get_settings (self->progress);

  g_settings_set_boolean (settings, "has-access", TRUE);
  ado_progress_set_step_done (self->progress, ADO_STEP_WELCOME, TRUE);
  _ado_window_go_to_step (self, ADO_STEP_CONNECT);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);

  /* Step 4 again, for this account: new tokens, same account */
  ado_connect_page_set_account (ADO_CONNECT_PAGE (self->page_widgets[ADO_STEP_CONNECT]),
                                g_variant_get_string (param, NULL));
  _ado_window_go_to_step (self, ADO_STEP_CONNECT);
}

static void
verify_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);

  ado_verify_page_set_account (ADO_VERIFY_PAGE (self->page_widgets[ADO_STEP_VERIFY]),
                               g_variant_get_string (param, NULL));
  _ado_window_go_to_step (self, ADO_STEP_VERIFY);
}

static void
start_over_response_cb (AdoWindow  *self,
                        const char *response)
{
  if (g_str_equal (response, "start-over"))
    ado_progress_reset (self->progress);
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Start Over?"),
                                   _("The assistant forgets the steps you completed and the "
                                     "choices you made. Your client ID, the return URL and "
                                     "anything stored in your keyring are kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "start-over", _("_Start Over"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "start-over",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (start_over_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* F1: the help, open at the step on screen */
static void
help_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *row_id = NULL;
  GtkWindow *help;
  GObject *row;

  builder = gtk_builder_new_from_resource (RESOURCE_BASE "ui/ado-help-window.ui");
  help = GTK_WINDOW (gtk_builder_get_object (builder, "help_window"));

  row_id = g_strconcat ("help_", ado_step_get_id (ado_progress_get_current_step (self->progress)),
                        NULL);
  row = gtk_builder_get_object (builder, row_id);
  if (row != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  gtk_window_set_transient_for (help, GTK_WINDOW (self));
  gtk_window_present (help);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  AdoWindow *self = ADO_WINDOW (widget);
  AdwToast *toast = adw_toast_new (g_variant_get_string (param, NULL));

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * _ado_window_class_install_actions:
 *
 * Installs the win.* actions and their keys: Alt+Left, Alt+Right, F1.
 */
void
_ado_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-step", "s", go_to_step_action);
  gtk_widget_class_install_action (widget_class, "win.skip-to-connect", NULL,
                                   skip_to_connect_action);
  gtk_widget_class_install_action (widget_class, "win.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", "s", reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.verify-account", "s", verify_account_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, help_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.help", NULL);
}
