/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-accounts-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-accounts-page-private.h"
#include "ado-account-row.h"
#include "ado-error.h"
#include "ado-error-text.h"
#include "ads/ado-amazon.h"
#include "ads/ado-export.h"

/*
 * Step 6: every connected account, with its state — access token valid
 * until when, reconnect needed, keyring locked — and the age of its
 * sign-in; Reconnect, Export… and Forget. On later launches the app
 * opens here.
 */

G_DEFINE_FINAL_TYPE (AdoAccountsPage, ado_accounts_page, ADO_TYPE_PAGE)

void
_ado_accounts_page_show_error (AdoAccountsPage *self,
                               const char      *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* Rows */

typedef struct
{
  GWeakRef  row;
  char     *text;
} RowUpdate;

static void
access_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) row = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;
  AdoAccount *account;
  g_autofree char *subtitle = NULL;
  const char *icon_name;
  const char *style;
  gint64 expires_at = 0;

  g_weak_ref_clear (user_data);
  g_free (user_data);

  /* Only the expiry: the token itself never comes into the window */
  ado_accounts_peek_access_token_finish (ADO_ACCOUNTS (object), result, &expires_at, &error);

  if (row == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  account = ado_account_row_get_account (ADO_ACCOUNT_ROW (row));

  if (ado_account_get_state (account) == ADO_ACCOUNT_STATE_RECONNECT_NEEDED)
    {
      subtitle = g_strdup (_("Reconnect needed: Amazon no longer accepts this sign-in"));
      icon_name = "dialog-warning-symbolic";
      style = "warning";
    }
  else if (g_error_matches (error, ADO_ERROR, ADO_ERROR_KEYRING_LOCKED))
    {
      subtitle = g_strdup (_("Keyring locked: unlock it to use this account"));
      icon_name = "changes-prevent-symbolic";
      style = "warning";
    }
  else if (error != NULL)
    {
      subtitle = g_strdup (error->message);
      icon_name = "dialog-warning-symbolic";
      style = "warning";
    }
  else if (expires_at > g_get_real_time () / G_USEC_PER_SEC)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (expires_at);
      g_autofree char *time = g_date_time_format (until, "%H:%M");

      /* Translators: %s is a time of day */
      subtitle = g_strdup_printf (_("Connected · access token valid until %s"), time);
      icon_name = "emblem-ok-symbolic";
      style = "success";
    }
  else
    {
      subtitle = g_strdup (_("Connected · a new access token is fetched when needed"));
      icon_name = "emblem-ok-symbolic";
      style = "success";
    }

  ado_account_row_set_state (ADO_ACCOUNT_ROW (row), icon_name, style, subtitle);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  AdoAccountsPage *self = user_data;
  AdoAccount *account = item;
  GtkWidget *row = ado_account_row_new (account);
  GWeakRef *weak;

  /* The state comes from the keyring */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, row);
  ado_accounts_peek_access_token_async (self->accounts, account, self->cancellable,
                                        access_token_cb, weak);

  return row;
}

/* Loading */

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdoAccountsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_accounts;

  if (!ado_accounts_load_finish (ADO_ACCOUNTS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _ado_accounts_page_show_error (self, error->message);
    }

  n_accounts = ado_accounts_get_n_accounts (self->accounts);
  gtk_stack_set_visible_child_name (self->content_stack, n_accounts > 0 ? "accounts" : "empty");

  /* The step is done while any account is connected */
  ado_progress_set_step_done (ado_page_get_progress (ADO_PAGE (self)), ADO_STEP_ACCOUNTS,
                              n_accounts > 0);
}

/**
 * ado_accounts_page_reload:
 *
 * Reads the accounts again, with their states.
 */
void
ado_accounts_page_reload (AdoAccountsPage *self)
{
  g_return_if_fail (ADO_IS_ACCOUNTS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  _ado_accounts_page_show_error (self, NULL);
  ado_accounts_load_async (self->accounts, self->cancellable, loaded_cb, g_object_ref (self));
}

/* Actions */

AdoAccount *
_ado_accounts_page_find_account (AdoAccountsPage *self,
                                 const char      *id)
{
  return ado_accounts_get_account (self->accounts, id);
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ado_page_copy (ADO_PAGE (widget), g_variant_get_string (param, NULL), _("Account ID copied"));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ado_accounts_page_reload (ADO_ACCOUNTS_PAGE (widget));
}

static void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AdoAccountsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ado_accounts_forget_finish (ADO_ACCOUNTS (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ado_accounts_page_show_error (self, error->message);
      return;
    }

  ado_page_toast (ADO_PAGE (self), _("Account forgotten on this computer"));
  ado_accounts_page_reload (self);
}

static void
forget_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AdoAccountsPage  *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "ado-account-id");
  AdoAccount *account;

  if (!g_str_equal (response, "forget"))
    return;

  account = _ado_accounts_page_find_account (self, id);
  if (account == NULL)
    return;

  ado_accounts_forget_async (self->accounts, account, self->cancellable, forgotten_cb,
                             g_object_ref (self));
}

static void
forget_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdoAccountsPage *self = ADO_ACCOUNTS_PAGE (widget);
  const char *id = g_variant_get_string (param, NULL);
  AdoAccount *account = _ado_accounts_page_find_account (self, id);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (account == NULL)
    return;

  /* Translators: %s is the account's name */
  heading = g_strdup_printf (_("Forget “%s”?"), ado_account_get_name (account));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading, NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Its refresh and access tokens are removed from this "
                                    "computer, and scripts can no longer use them.\n\n"
                                    "This does not revoke the app’s access at Amazon. The Amazon "
                                    "user who signed in can remove it on their account’s “Manage "
                                    "apps & services with data access” page (%s)."),
                                  "https://www.amazon.com/ap/adam");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ado-account-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What an operation's end says: @toast when it worked, else its error */
static void
report_outcome (AdoAccountsPage *self,
                gboolean         done,
                const GError    *error,
                const char      *toast)
{
  if (done)
    ado_page_toast (ADO_PAGE (self), toast);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = ado_error_text (error);

      _ado_accounts_page_show_error (self, text);
    }
}

static void
renamed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AdoAccountsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = ado_accounts_save_finish (ADO_ACCOUNTS (object), result, &error);

  report_outcome (self, done, error, _("Account renamed"));
}

static void
rename_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AdoAccountsPage *self = ADO_ACCOUNTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  const char *id;
  const char *name;
  AdoAccount *account;

  g_variant_get (param, "(&s&s)", &id, &name);
  account = _ado_accounts_page_find_account (self, id);
  if (account == NULL)
    return;

  if (!ado_accounts_rename (self->accounts, account, name, &error))
    {
      _ado_accounts_page_show_error (self, error->message);
      return;
    }

  _ado_accounts_page_show_error (self, NULL);
  ado_accounts_save_async (self->accounts, self->cancellable, renamed_cb, g_object_ref (self));
}

/* Dialogs with one field: the response is possible once something is
 * typed, and Enter gives it */
static void
entry_changed_cb (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, g_object_get_data (G_OBJECT (dialog),
                                                                      "ado-response"),
                                           text[0] != '\0');
}

static void
entry_activate_cb (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  const char *response = g_object_get_data (G_OBJECT (dialog), "ado-response");

  if (adw_message_dialog_get_response_enabled (dialog, response))
    {
      adw_message_dialog_response (dialog, response);
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

/* A dialog about the account @account_id: @entry under @body, a Cancel
 * button and @response, which @response_cb handles */
static void
present_entry_dialog (AdoAccountsPage *self,
                      const char      *account_id,
                      const char      *heading,
                      const char      *body,
                      GtkWidget       *entry,
                      const char      *response,
                      const char      *response_label,
                      GCallback        response_cb)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, NULL));

  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    response, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, response);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ado-account-id", g_strdup (account_id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "ado-response", g_strdup (response), g_free);
  entry_changed_cb (GTK_EDITABLE (entry), dialog);
  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (entry_activate_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", response_cb, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    AdoAccountsPage  *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "rename"))
    gtk_widget_activate_action (GTK_WIDGET (self), "accounts.rename-to", "(ss)",
                                g_object_get_data (G_OBJECT (dialog), "ado-account-id"),
                                gtk_editable_get_text (entry));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdoAccountsPage *self = ADO_ACCOUNTS_PAGE (widget);
  const char *id = g_variant_get_string (param, NULL);
  AdoAccount *account = _ado_accounts_page_find_account (self, id);
  GtkWidget *entry;

  if (account == NULL)
    return;

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), ado_account_get_name (account));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Account name"), -1);
  present_entry_dialog (self, id, _("Rename Account"),
                        _("Scripts can use the new name with --account."),
                        entry, "rename", _("_Rename"), G_CALLBACK (rename_response_cb));
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdoAccountsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = ado_accounts_set_client_secret_finish (ADO_ACCOUNTS (object), result, &error);

  report_outcome (self, done, error, _("Client secret updated in your keyring"));
}

static void
update_secret_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           AdoAccountsPage  *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *id = g_object_get_data (G_OBJECT (dialog), "ado-account-id");
  AdoAccount *account = _ado_accounts_page_find_account (self, id);
  g_autofree char *secret = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  /* The entry is cleared whatever the answer: no copy lingers in the dialog */
  gtk_editable_set_text (entry, "");

  if (g_str_equal (response, "save") && account != NULL && secret[0] != '\0')
    ado_accounts_set_client_secret_async (self->accounts, ado_account_get_client_id (account),
                                          secret, self->cancellable, secret_stored_cb,
                                          g_object_ref (self));

  memset (secret, 0, strlen (secret));
}

static void
update_secret_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AdoAccountsPage *self = ADO_ACCOUNTS_PAGE (widget);
  const char *id = g_variant_get_string (param, NULL);
  AdoAccount *account = _ado_accounts_page_find_account (self, id);
  g_autofree char *body = NULL;
  GtkWidget *entry;

  if (account == NULL)
    return;

  body = g_strdup_printf (_("After rotating the secret in the security profile, enter the new "
                            "one for client %s. Every account of this client uses it."),
                          ado_account_get_client_id (account));
  /* A plain hidden entry: GtkPasswordEntry 4.8 warns when its dialog is destroyed */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New client secret"), -1);
  present_entry_dialog (self, id, _("Update Client Secret"), body, entry, "save", _("_Save"),
                        G_CALLBACK (update_secret_response_cb));
}

/* Overrides */

static void
ado_accounts_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ado_accounts_page_parent_class)->map (widget);

  /* States change while the app runs: read them whenever the page shows */
  ado_accounts_page_reload (ADO_ACCOUNTS_PAGE (widget));
}

static void
ado_accounts_page_progress_changed (AdoPage *page)
{
  /* The last step: nothing comes after it */
  ado_page_set_complete (page, FALSE);
}

static void
ado_accounts_page_dispose (GObject *object)
{
  AdoAccountsPage *self = (AdoAccountsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ado_accounts_page_parent_class)->dispose (object);
}

static void
ado_accounts_page_finalize (GObject *object)
{
  AdoAccountsPage *self = (AdoAccountsPage *)object;

  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (ado_accounts_page_parent_class)->finalize (object);
}

static void
ado_accounts_page_class_init (AdoAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdoPageClass *page_class = ADO_PAGE_CLASS (klass);

  object_class->dispose = ado_accounts_page_dispose;
  object_class->finalize = ado_accounts_page_finalize;

  widget_class->map = ado_accounts_page_map;

  page_class->progress_changed = ado_accounts_page_progress_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoAccountsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountsPage, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountsPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdoAccountsPage, error_label);

  gtk_widget_class_install_action (widget_class, "accounts.copy-id", "s", copy_id_action);
  gtk_widget_class_install_action (widget_class, "accounts.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "accounts.forget", "s", forget_action);
  gtk_widget_class_install_action (widget_class, "accounts.rename", "s", rename_action);
  gtk_widget_class_install_action (widget_class, "accounts.rename-to", "(ss)", rename_to_action);
  gtk_widget_class_install_action (widget_class, "accounts.update-secret", "s", update_secret_action);
  _ado_accounts_page_class_install_export (widget_class);
}

static void
ado_accounts_page_init (AdoAccountsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
ado_accounts_page_new (AdoProgress *progress,
                       AdoAccounts *accounts)
{
  AdoAccountsPage *self;

  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ADO_IS_ACCOUNTS (accounts), NULL);

  self = g_object_new (ADO_TYPE_ACCOUNTS_PAGE,
                       "progress", progress,
                       "step", ADO_STEP_ACCOUNTS,
                       NULL);
  self->accounts = g_object_ref (accounts);
  gtk_list_box_bind_model (self->accounts_list, G_LIST_MODEL (accounts),
                           create_row, self, NULL);

  return GTK_WIDGET (self);
}
