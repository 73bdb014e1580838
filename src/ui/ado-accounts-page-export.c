/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-accounts-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-accounts-page-private.h"
#include "ado-error.h"
#include "ado-error-text.h"
#include "ads/ado-export.h"

/*
 * The Accounts step's Export…: a file chooser (accounts.export) or a path
 * (accounts.export-to), the credentials collected and rendered in the
 * format, written readable by the owner only.
 */

typedef struct
{
  AdoAccountsPage *self;
  AdoExportFormat  format;
  AdoExportNotes   notes;
  GFile           *file;
  char            *text;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->file);
  g_clear_pointer (&job->text, ado_export_text_free);
  g_free (job);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ExportJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ado_accounts_page_show_error (job->self, error->message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (job->file);
      g_autofree char *toast = NULL;

      if (job->notes & ADO_EXPORT_NOTE_AGENCY_PROFILE)
        /* Translators: %s is a file name */
        toast = g_strdup_printf (_("Saved “%s”. Its profile is an agency’s: campaign calls "
                                   "need an advertiser’s profile"), name);
      else if (job->notes & ADO_EXPORT_NOTE_NO_PROFILE)
        /* Translators: %s is a file name */
        toast = g_strdup_printf (_("Saved “%s” without a profile: choose a default profile in "
                                   "Verify"), name);
      else
        /* Translators: %s is a file name */
        toast = g_strdup_printf (_("Saved “%s”, readable only by you"), name);

      ado_page_toast (ADO_PAGE (job->self), toast);
    }

  export_job_free (job);
}

static void
collected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ExportJob *job = user_data;
  g_autoptr(GError) error = NULL;
  AdoExportCredentials *credentials;

  credentials = ado_accounts_export_finish (ADO_ACCOUNTS (object), result, &error);
  if (g_error_matches (error, ADO_ERROR, ADO_ERROR_PROFILE_REQUIRED))
    {
      _ado_accounts_page_show_error (job->self,
                                     _("python-amazon-ad-api cannot use credentials without an "
                                       "advertising profile. Choose a default profile in "
                                       "Verify, then export again."));
      export_job_free (job);
      return;
    }
  if (credentials == NULL)
    {
      g_autofree char *text = ado_error_text (error);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ado_accounts_page_show_error (job->self, text);
      export_job_free (job);
      return;
    }

  job->notes = ado_export_get_notes (job->format, credentials);
  job->text = ado_export_render (job->format, credentials);
  ado_export_credentials_free (credentials);

  /* Private: created readable by the owner only, replaced atomically */
  g_file_replace_contents_async (job->file, job->text, strlen (job->text), NULL, FALSE,
                                 G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                 job->self->cancellable, written_cb, job);
}

static void
export_to_file (AdoAccountsPage *self,
                const char      *id,
                AdoExportFormat  format,
                GFile           *file)
{
  AdoAccount *account = _ado_accounts_page_find_account (self, id);
  ExportJob *job;

  if (account == NULL)
    return;

  job = g_new0 (ExportJob, 1);
  job->self = g_object_ref (self);
  job->format = format;
  job->file = g_object_ref (file);

  ado_accounts_export_async (self->accounts, account, format, NULL, FALSE, self->cancellable,
                             collected_cb, job);
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AdoAccountsPage *self = ADO_ACCOUNTS_PAGE (widget);
  const char *id;
  const char *format_id;
  const char *path;
  g_autoptr(GFile) file = NULL;
  AdoExportFormat format;

  g_variant_get (param, "(&s&s&s)", &id, &format_id, &path);
  if (!ado_export_format_from_string (format_id, &format))
    return;

  file = g_file_new_for_path (path);
  export_to_file (self, id, format, file);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     AdoAccountsPage *self)
{
  g_autoptr(GFile) file = NULL;
  const char *id = g_object_get_data (G_OBJECT (chooser), "ado-account-id");
  AdoExportFormat format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "ado-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        export_to_file (self, id, format, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdoAccountsPage *self = ADO_ACCOUNTS_PAGE (widget);
  GtkFileChooserNative *chooser;
  const char *id;
  const char *format_id;
  AdoExportFormat format;

  g_variant_get (param, "(&s&s)", &id, &format_id);
  if (!ado_export_format_from_string (format_id, &format))
    return;

  chooser = gtk_file_chooser_native_new (_("Export Credentials"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     ado_export_format_get_file_name (format));
  g_object_set_data_full (G_OBJECT (chooser), "ado-account-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (chooser), "ado-format", GUINT_TO_POINTER (format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* accounts.export and accounts.export-to, the last of the page's actions */
void
_ado_accounts_page_class_install_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "accounts.export", "(ss)", export_action);
  gtk_widget_class_install_action (widget_class, "accounts.export-to", "(sss)", export_to_action);
}
