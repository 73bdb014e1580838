/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-connect-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-connect-page-private.h"
#include "ado-error.h"
#include "ado-error-text.h"
#include "ads/ado-amazon.h"
#include "ads/ado-endpoints.h"
#include "auth/ado-checks.h"

/*
 * The Connect step's sign-in attempt: the client secret (typed, or the
 * one stored), the sign-in started and the browser opened, the waiting
 * state with the time left, and the tokens kept as an account once Amazon
 * handed the browser back (on the checklist, as the region's account);
 * the error card when it fails, and the actions that start, cancel and
 * follow an attempt.
 */

/* Splits a message into the plain words and the technical detail Amazon
 * gave, which the message carries in parentheses: “Access was not allowed on
 * Amazon’s page (The user denied the request). Sign in again…” reads
 * “Access was not allowed on Amazon’s page. Sign in again…”, with “The user
 * denied the request” behind Details */
static char *
split_details (const char  *message,
               char       **details)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GString) detail = g_string_new (NULL);
  const char *p = message;

  while (*p != '\0')
    {
      const char *open = strstr (p, " (");
      const char *close = open != NULL ? strchr (open, ')') : NULL;

      if (open == NULL || close == NULL)
        {
          g_string_append (plain, p);
          break;
        }

      g_string_append_len (plain, p, open - p);
      if (detail->len > 0)
        g_string_append_c (detail, '\n');
      g_string_append_len (detail, open + 2, close - open - 2);
      p = close + 1;
      /* “….).” keeps one full stop */
      if (*p == '.' && plain->len > 0 && plain->str[plain->len - 1] == '.')
        p++;
    }

  *details = detail->len > 0 ? g_string_free (g_steal_pointer (&detail), FALSE) : NULL;
  return g_string_free (g_steal_pointer (&plain), FALSE);
}

/* @details: (nullable): the technical detail, else taken from @message */
static void
show_error_full (AdoConnectPage *self,
                 const char     *message,
                 const char     *given_details)
{
  g_autofree char *details = NULL;
  g_autofree char *plain = NULL;

  if (given_details != NULL)
    {
      plain = g_strdup (message);
      details = g_strdup (given_details);
    }
  else if (message != NULL)
    plain = split_details (message, &details);

  gtk_label_set_label (self->error_label, plain != NULL ? plain : "");
  gtk_label_set_label (self->error_details_label, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_details), details != NULL);
  gtk_expander_set_expanded (self->error_details, FALSE);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);

  /* A failed sign-in is not a done step: the sidebar says so, Next waits */
  if (message != NULL && !_ado_connect_page_is_checklist (self))
    ado_progress_set_step_done (ado_page_get_progress (ADO_PAGE (self)), ADO_STEP_CONNECT, FALSE);
  _ado_connect_page_update_complete (self);
}

static void
show_error (AdoConnectPage *self,
            const char     *message)
{
  show_error_full (self, message, NULL);
}

void
_ado_connect_page_stop_ticking (AdoConnectPage *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
tick_cb (gpointer data)
{
  AdoConnectPage *self = data;
  gint64 left;
  g_autofree char *text = NULL;

  if (self->sign_in == NULL)
    return G_SOURCE_CONTINUE;

  left = (ado_sign_in_get_deadline (self->sign_in) - g_get_monotonic_time ()) / G_USEC_PER_SEC;
  if (left < 0)
    left = 0;

  /* Translators: minutes and seconds left to sign in, e.g. “4:05 left” */
  text = g_strdup_printf (_("%d:%02d left"), (int)(left / 60), (int)(left % 60));
  gtk_label_set_label (self->time_left_label, text);

  return G_SOURCE_CONTINUE;
}

static void
end_attempt_full (AdoConnectPage *self,
                  const char     *error_message,
                  const char     *details)
{
  _ado_connect_page_stop_ticking (self);
  g_clear_object (&self->sign_in);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->client_secret, ado_secret_free);

  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->mode_stack, "form");
  show_error_full (self, error_message, details);
  _ado_connect_page_update_sign_in (self);

  /* Back on the form: the keyboard stays on the page, at Sign In (or at
   * Try Again, which the error card shows first) */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (error_message != NULL ? GTK_WIDGET (self->retry_button)
                                                 : GTK_WIDGET (self->sign_in_button));
}

static void
end_attempt (AdoConnectPage *self,
             const char     *error_message)
{
  end_attempt_full (self, error_message, NULL);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AdoConnectPage) self = user_data;
  g_autoptr(AdoAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (self));
  g_autofree char *toast = NULL;
  GtkRoot *root;

  account = ado_sign_in_save_finish (ADO_SIGN_IN (object), result, &error);
  if (account == NULL)
    {
      g_autofree char *text = ado_error_text (error);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        end_attempt (self, text);
      return;
    }

  g_free (self->last_account_id);
  self->last_account_id = g_strdup (ado_account_get_id (account));
  g_clear_pointer (&self->account_id, g_free);
  /* The secret is in the keyring now: the next region needs no typing */
  self->secret_stored = TRUE;
  _ado_connect_page_update_secret_message (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->paste_row), "");
  end_attempt (self, NULL);

  /* The browser handed the sign-in back: bring the window to the front */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_present (GTK_WINDOW (root));

  if (self->attempt_checklist)
    {
      AdoRegion next;

      ado_progress_set_region_account (progress, ado_region_get_info (self->attempt_region)->id,
                                       ado_account_get_id (account));
      if (!_ado_connect_page_all_regions_done (self) && _ado_connect_page_next_region (self, &next))
        {
          /* Translators: short, a toast is one line: the region signed in
           * to, then the region to sign in to next */
          toast = g_strdup_printf (_("%s: signed in. Next: %s"),
                                   ado_region_get_title (self->attempt_region),
                                   ado_region_get_title (next));
          ado_page_toast (ADO_PAGE (self), toast);
          return;
        }
    }

  /* Translators: short, a toast is one line; %s is the account's name */
  toast = g_strdup_printf (_("Signed in: “%s”"), ado_account_get_name (account));
  ado_page_toast (ADO_PAGE (self), toast);

  ado_progress_set_step_done (progress, ADO_STEP_CONNECT, TRUE);
  ado_progress_set_current_step (progress, ADO_STEP_VERIFY);
}

static void
save_tokens (AdoConnectPage *self,
             const char     *account_id)
{
  ado_sign_in_save_async (self->sign_in, account_id, self->cancellable, saved_cb,
                          g_object_ref (self));
}

static void
checklist_registry_loaded_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(AdoConnectPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *mapped = NULL;
  const char *account_id;

  if (!ado_accounts_load_finish (ADO_ACCOUNTS (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        end_attempt (self, error->message);
      return;
    }

  mapped = ado_progress_dup_region_account (ado_page_get_progress (ADO_PAGE (self)),
                                            ado_region_get_info (self->attempt_region)->id);
  account_id = _ado_connect_page_choose_region_account (self, mapped);

  g_debug ("Keeping the %s sign-in as %s", ado_region_get_info (self->attempt_region)->id,
           account_id != NULL ? "an existing account" : "a new account");
  save_tokens (self, account_id);
}

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AdoConnectPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ado_sign_in_run_finish (ADO_SIGN_IN (object), result, &error))
    {
      gboolean retry = self->retry;

      self->retry = FALSE;
      /* Cancel is the user's own choice, not an error */
      end_attempt (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                         ? NULL : error->message);
      if (g_error_matches (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT))
        _ado_connect_page_mark_secret_rejected (self, TRUE);
      /* Sign In Again: a new attempt, with a new address, once the port is free */
      if (retry)
        _ado_connect_page_begin_sign_in (self, self->attempt_region, self->attempt_checklist);
      return;
    }

  gtk_label_set_label (self->waiting_title, _("Storing the Credentials"));
  gtk_label_set_label (self->time_left_label, "");
  _ado_connect_page_stop_ticking (self);

  if (self->attempt_checklist)
    ado_accounts_load_async (self->accounts, self->cancellable, checklist_registry_loaded_cb,
                             g_object_ref (self));
  else
    save_tokens (self, self->account_id);
}

static void
start_attempt (AdoConnectPage *self)
{
  GSettings *settings = _ado_connect_page_get_settings (self);
  g_autofree char *client_id = _ado_connect_page_dup_typed (GTK_EDITABLE (self->client_id_row));
  g_autofree char *redirect_uri = g_settings_get_string (settings, "redirect-uri");
  g_autofree char *scope = _ado_connect_page_dup_scope (self);
  g_autofree char *scope_text = NULL;
  g_autofree char *redirect_text = NULL;
  g_autofree char *hint = NULL;
  g_autoptr(GError) error = NULL;
  const char *region_title = ado_region_get_title (self->attempt_region);
  AdoSignInDetails details = { 0 };

  /* Which account the tokens are for is said when they are saved */
  details.client_id = client_id;
  details.client_secret = self->client_secret;
  details.region = ado_region_get_info (self->attempt_region)->id;
  details.redirect_uri = redirect_uri;
  details.scope = scope;
  /* Another program holds the return URL's port: the spare one, which the
   * client step had registered too, asks nothing of the person */
  details.allow_spare = TRUE;
  self->sign_in = ado_accounts_sign_in (self->accounts, &details, &error);
  if (self->sign_in == NULL)
    {
      g_autofree char *spare = ado_spare_redirect_uri (redirect_uri);

      if (spare != NULL && g_error_matches (error, ADO_ERROR, ADO_ERROR_PORT_IN_USE))
        end_attempt_full (self, _("Another program is using both return URLs on this computer. "
                                  "Close other sign-ins that are still waiting, here or in a "
                                  "terminal, then try again."),
                          error->message);
      else
        end_attempt (self, error->message);
      return;
    }

  self->cancellable = g_cancellable_new ();
  show_error (self, NULL);

  adw_action_row_set_subtitle (self->url_row, ado_sign_in_get_authorization_url (self->sign_in));
  if (self->attempt_checklist)
    {
      g_autofree char *title = NULL;
      g_autofree char *text = NULL;

      /* Translators: %s is a region, e.g. “Signing In to Europe” */
      title = g_strdup_printf (_("Signing In to %s"), region_title);
      gtk_label_set_label (self->waiting_title, title);
      if (ado_sign_in_get_listening (self->sign_in))
        /* Translators: %s is a region, e.g. “Europe” */
        text = g_strdup_printf (_("In your browser, sign in with your company’s Amazon account "
                                  "for %s and choose Allow."),
                                region_title);
      else
        /* Translators: %s is a region, e.g. “Europe” */
        text = g_strdup_printf (_("In your browser, sign in with your company’s Amazon account "
                                  "for %s and choose Allow. Then paste the browser’s address "
                                  "below."),
                                region_title);
      gtk_label_set_label (self->waiting_text, text);
    }
  else
    {
      gtk_label_set_label (self->waiting_title, _("Waiting for Amazon"));
      if (ado_sign_in_get_listening (self->sign_in))
        gtk_label_set_label (self->waiting_text,
                             _("In your browser, sign in to Amazon and choose Allow."));
      else
        gtk_label_set_label (self->waiting_text,
                             _("In your browser, sign in to Amazon and choose Allow. Then copy "
                               "the whole address from the browser’s address bar and paste it "
                               "below."));
    }
  scope_text = _ado_connect_page_describe_scope (scope);
  gtk_label_set_label (self->waiting_scopes_label, scope_text);
  redirect_text = _ado_connect_page_dup_redirect_text (self);
  /* Translators: %s is one return URL a line */
  hint = g_strdup_printf (_("“Has not been whitelisted”: Amazon does not know the return URL, and "
                            "never sends the browser back. Register these exactly, in the "
                            "security profile’s Web Settings, Allowed Return URLs:\n%s"),
                          redirect_text);
  gtk_label_set_label (self->waiting_redirect_label, hint);
  _ado_connect_page_set_paste_error (self, NULL);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->mode_stack, "waiting");
  /* The keyboard follows into the waiting state: Escape cancels from there */
  gtk_widget_grab_focus (GTK_WIDGET (self->paste_row));

  ado_page_open_uri (ADO_PAGE (self), ado_sign_in_get_authorization_url (self->sign_in));
  ado_sign_in_run_async (self->sign_in, 0, self->cancellable, session_cb, g_object_ref (self));

  tick_cb (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  _ado_connect_page_update_sign_in (self);
}

static void
stored_secret_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdoConnectPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->starting = FALSE;
  self->client_secret = ado_accounts_lookup_client_secret_finish (ADO_ACCOUNTS (object), result,
                                                                  &error);
  if (self->client_secret == NULL)
    {
      end_attempt (self, error != NULL
                         ? error->message
                         : _("Enter the client secret of the security profile."));
      return;
    }

  start_attempt (self);
}

void
_ado_connect_page_begin_sign_in (AdoConnectPage *self,
                                 AdoRegion       region,
                                 gboolean        checklist)
{
  g_autofree char *typed = _ado_connect_page_dup_typed (GTK_EDITABLE (self->client_secret_row));
  g_autofree char *client_id = _ado_connect_page_dup_typed (GTK_EDITABLE (self->client_id_row));

  /* Once: a second Sign In while the stored secret is looked up would start
   * a second attempt over the first */
  if (self->sign_in != NULL || self->starting)
    return;

  self->attempt_region = region;
  self->attempt_checklist = checklist;

  g_clear_pointer (&self->client_secret, ado_secret_free);
  if (typed[0] != '\0')
    {
      self->client_secret = g_steal_pointer (&typed);
      start_attempt (self);
      return;
    }

  self->starting = TRUE;
  _ado_connect_page_update_sign_in (self);
  ado_accounts_lookup_client_secret_async (self->accounts, client_id, NULL, stored_secret_cb,
                                           g_object_ref (self));
}

/* The attempt's actions */

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);
  g_autofree char *region_id = NULL;
  AdoRegion region = ADO_REGION_NA;

  /* The data provider path: the checklist's next region */
  if (_ado_connect_page_is_checklist (self))
    {
      if (_ado_connect_page_next_region (self, &region))
        _ado_connect_page_begin_sign_in (self, region, TRUE);
      return;
    }

  region_id = g_settings_get_string (_ado_connect_page_get_settings (self), "region");
  ado_region_from_id (region_id, &region);
  _ado_connect_page_begin_sign_in (self, region, FALSE);
}

static void
sign_in_region_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);
  AdoRegion region;

  if (!_ado_connect_page_is_checklist (self) ||
      !ado_region_from_id (g_variant_get_string (param, NULL), &region))
    return;

  _ado_connect_page_begin_sign_in (self, region, TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);

  if (self->sign_in == NULL)
    return;

  self->retry = TRUE;
  g_cancellable_cancel (self->cancellable);
}

/* Escape, while the focus is on this page and it waits */
static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);

  if (self->sign_in == NULL || !gtk_widget_get_mapped (widget))
    return FALSE;

  g_cancellable_cancel (self->cancellable);
  return TRUE;
}

void
_ado_connect_page_paste_apply_cb (AdoConnectPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = _ado_connect_page_dup_typed (GTK_EDITABLE (self->paste_row));

  if (self->sign_in == NULL)
    return;

  if (!ado_sign_in_submit_pasted (self->sign_in, text, &error))
    {
      _ado_connect_page_set_paste_error (self, error->message);
      return;
    }

  _ado_connect_page_set_paste_error (self, NULL);
}

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);

  if (self->sign_in != NULL)
    ado_page_copy (ADO_PAGE (self), ado_sign_in_get_authorization_url (self->sign_in),
                   _("Sign-in address copied"));
}

static void
open_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);

  if (self->sign_in != NULL)
    ado_page_open_uri (ADO_PAGE (self), ado_sign_in_get_authorization_url (self->sign_in));
}

/**
 * _ado_connect_page_class_install_attempt:
 *
 * Installs the actions that start, cancel and follow a sign-in, and Escape.
 */
void
_ado_connect_page_class_install_attempt (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "connect.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "connect.sign-in-region", "s",
                                   sign_in_region_action);
  gtk_widget_class_install_action (widget_class, "connect.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "connect.retry", NULL, retry_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
  gtk_widget_class_install_action (widget_class, "connect.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "connect.open-url", NULL, open_url_action);
}
