/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-connect-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-connect-page-private.h"
#include "ado-error.h"
#include "ado-error-text.h"
#include "ads/ado-amazon.h"
#include "ads/ado-endpoints.h"
#include "common/ado-browser.h"
#include "auth/ado-checks.h"

/*
 * Step 4: sign in with Amazon. The browser opens Amazon's consent page;
 * the page waits, with the time left, the address to copy, a field for
 * the address bar's contents, and Cancel; then the credentials go to the
 * keyring and the assistant moves on to Verify.
 *
 * On the data provider path Amazon asks for the audiences grant once per
 * regional authorization URL, so the page shows the three regions as a
 * checklist and signs in to each in turn. Each region's sign-in is kept as
 * an account of its own (data providers sign in with a separate account in
 * each region); signing in to a region again reconnects that account.
 * The checklist and the scopes are in ado-connect-page-regions.c, the
 * sign-in attempt and its error card in ado-connect-page-attempt.c.
 */

G_DEFINE_FINAL_TYPE (AdoConnectPage, ado_connect_page, ADO_TYPE_PAGE)


static const AdoRegion region_order[] = { ADO_REGION_NA, ADO_REGION_EU, ADO_REGION_FE };

GSettings *
_ado_connect_page_get_settings (AdoConnectPage *self)
{
  return ado_progress_get_settings (ado_page_get_progress (ADO_PAGE (self)));
}

char *
_ado_connect_page_dup_typed (GtkEditable *editable)
{
  return ado_trim_pasted (gtk_editable_get_text (editable));
}

static gboolean
error_shown (AdoConnectPage *self)
{
  return gtk_revealer_get_reveal_child (self->error_revealer);
}

/* An error message below a field: described by it, and invalid, while shown */
static void
set_field_message (GtkWidget  *field,
                   GtkLabel   *message,
                   const char *text,
                   gboolean    invalid)
{
  gtk_label_set_label (message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (message), text != NULL);

  if (text != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, message, NULL,
                                    -1);
  else
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);

  if (invalid)
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_widget_add_css_class (field, "error");
    }
  else
    {
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_widget_remove_css_class (field, "error");
    }
}

/* The return URL and its spare, one a line */
char *
_ado_connect_page_dup_redirect_text (AdoConnectPage *self)
{
  GSettings *settings = _ado_connect_page_get_settings (self);
  g_autofree char *uri = g_settings_get_string (settings, "redirect-uri");
  g_autofree char *spare = ado_spare_redirect_uri (uri);

  return spare != NULL ? g_strconcat (uri, "\n", spare, NULL) : g_steal_pointer (&uri);
}

/* The pasted address's problem, with Sign In Again beside it */
void
_ado_connect_page_set_paste_error (AdoConnectPage *self,
                                   const char     *message)
{
  gtk_widget_set_visible (self->paste_error_box, message != NULL);
  set_field_message (GTK_WIDGET (self->paste_row), self->paste_message, message, message != NULL);
}

void
_ado_connect_page_update_sign_in (AdoConnectPage *self)
{
  g_autofree char *client_id = _ado_connect_page_dup_typed (GTK_EDITABLE (self->client_id_row));
  g_autofree char *secret = _ado_connect_page_dup_typed (GTK_EDITABLE (self->client_secret_row));
  GSettings *settings = _ado_connect_page_get_settings (self);
  g_autofree char *redirect_uri = g_settings_get_string (settings, "redirect-uri");

  gboolean ready = self->sign_in == NULL && !self->starting &&
                   ado_check_client_id (client_id, NULL) &&
                   ado_check_redirect_uri (redirect_uri, NULL) &&
                   (secret[0] != '\0' || self->secret_stored);
  AdoRegion next;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.sign-in",
                                 ready && (!_ado_connect_page_is_checklist (self) ||
                                           _ado_connect_page_next_region (self, &next)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.sign-in-region",
                                 ready && _ado_connect_page_is_checklist (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.cancel", self->sign_in != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.retry", self->sign_in != NULL);
}

/* Next may be pressed once signed in, and not beside an error; Sign In is
 * the suggested button until then, Next after */
void
_ado_connect_page_update_complete (AdoConnectPage *self)
{
  AdoPage *page = ADO_PAGE (self);
  gboolean done = _ado_connect_page_is_checklist (self)
                  ? _ado_connect_page_all_regions_done (self)
                  : ado_progress_is_step_done (ado_page_get_progress (page), ADO_STEP_CONNECT);
  gboolean complete = done && !error_shown (self);

  ado_page_set_complete (page, complete);
  if (!complete)
    gtk_label_set_label (self->lead_label, _("Sign in with the Amazon account that manages your ads."));
  else if (_ado_connect_page_is_checklist (self))
    gtk_label_set_label (self->lead_label, _("You are signed in to all three regions."));
  else
    gtk_label_set_label (self->lead_label,
                         _("You are signed in. Sign in again only to add another account."));
  if (complete)
    gtk_widget_remove_css_class (GTK_WIDGET (self->sign_in_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->sign_in_button), "suggested-action");
}

void
_ado_connect_page_update_secret_message (AdoConnectPage *self,
                                         const GError   *error)
{
  GtkWidget *message = GTK_WIDGET (self->client_secret_message);

  if (error != NULL)
    {
      gtk_widget_remove_css_class (message, "dim-label");
      gtk_widget_add_css_class (message, "error");
    }
  else
    {
      gtk_widget_remove_css_class (message, "error");
      gtk_widget_add_css_class (message, "dim-label");
    }

  set_field_message (GTK_WIDGET (self->client_secret_row), self->client_secret_message,
                     error != NULL ? error->message
                     : self->secret_stored ? _("Your keyring has the secret for this client ID. "
                                               "Type it only if it changed.")
                     : NULL,
                     error != NULL);
}

static void
secret_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdoConnectPage) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = ado_accounts_lookup_client_secret_finish (ADO_ACCOUNTS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->secret_stored = secret != NULL;
  ado_secret_free (secret);

  _ado_connect_page_update_secret_message (self, error);
  _ado_connect_page_update_sign_in (self);
}

static void
look_up_stored_secret (AdoConnectPage *self)
{
  g_autofree char *client_id = _ado_connect_page_dup_typed (GTK_EDITABLE (self->client_id_row));

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  self->secret_stored = FALSE;

  if (self->accounts == NULL || !ado_check_client_id (client_id, NULL))
    return;

  self->lookup_cancellable = g_cancellable_new ();
  ado_accounts_lookup_client_secret_async (self->accounts, client_id, self->lookup_cancellable,
                                           secret_lookup_cb, g_object_ref (self));
}

/* A known client ID is shown whole, wrapped, as text; the field to type
 * one in appears when there is none yet, it is wrong, or on Change */
static void
update_client_id_view (AdoConnectPage *self)
{
  g_autofree char *client_id = _ado_connect_page_dup_typed (GTK_EDITABLE (self->client_id_row));
  gboolean known = !self->editing_client_id && ado_check_client_id (client_id, NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* Never hide the field while typing in it */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->client_id_row)))
    known = FALSE;

  adw_action_row_set_subtitle (self->client_id_view_row, client_id);
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_view_row), known);
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_row), !known);
}

static void
change_client_id_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);

  self->editing_client_id = TRUE;
  update_client_id_view (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->client_id_row));
}

static void
client_id_changed_cb (AdoConnectPage *self,
                      AdwEntryRow    *row)
{
  g_autofree char *client_id = _ado_connect_page_dup_typed (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  if (client_id[0] == '\0' || ado_check_client_id (client_id, &error))
    {
      set_field_message (GTK_WIDGET (row), self->client_id_message, NULL, FALSE);
      if (client_id[0] != '\0')
        ado_progress_set_client_id (ado_page_get_progress (ADO_PAGE (self)), client_id);
    }
  else
    set_field_message (GTK_WIDGET (row), self->client_id_message, error->message, TRUE);
  update_client_id_view (self);

  look_up_stored_secret (self);
  _ado_connect_page_update_sign_in (self);
}

/* Amazon rejected the client ID or secret: the secret field is marked,
 * and described by the error above; typing clears the mark */
void
_ado_connect_page_mark_secret_rejected (AdoConnectPage *self,
                                        gboolean        rejected)
{
  GtkWidget *row = GTK_WIDGET (self->client_secret_row);

  if (rejected)
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->error_label, NULL,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_widget_add_css_class (row, "error");
    }
  else if (gtk_widget_has_css_class (row, "error"))
    _ado_connect_page_update_secret_message (self, NULL);
}

static void
client_secret_changed_cb (AdoConnectPage *self)
{
  _ado_connect_page_mark_secret_rejected (self, FALSE);
  _ado_connect_page_update_sign_in (self);
}

static void
region_toggled_cb (GtkCheckButton *check,
                   AdoConnectPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (region_order); i++)
    if (self->region_checks[i] == check && gtk_check_button_get_active (check))
      g_settings_set_string (_ado_connect_page_get_settings (self), "region",
                             ado_region_get_info (region_order[i])->id);
}

static void
legacy_scope_cb (AdoConnectPage *self)
{
  ado_progress_set_legacy_scope (ado_page_get_progress (ADO_PAGE (self)),
                                 gtk_switch_get_active (self->legacy_scope_switch));
}

static void
secret_activated_cb (AdoConnectPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "connect.sign-in", NULL);
}

static void
copy_redirect_uri_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (widget);
  GSettings *settings = _ado_connect_page_get_settings (self);
  g_autofree char *uri = g_settings_get_string (settings, "redirect-uri");

  ado_page_copy (ADO_PAGE (self), uri, _("Return URL copied"));
}

static void
ado_connect_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ado_connect_page_parent_class)->map (widget);

  /* A secret may have been stored meanwhile, by the command line too */
  if (ADO_CONNECT_PAGE (widget)->sign_in == NULL)
    look_up_stored_secret (ADO_CONNECT_PAGE (widget));
}

static void
ado_connect_page_progress_changed (AdoPage *page)
{
  AdoConnectPage *self = ADO_CONNECT_PAGE (page);
  GSettings *settings = _ado_connect_page_get_settings (self);
  g_autofree char *redirect_text = _ado_connect_page_dup_redirect_text (self);
  g_autofree char *client_id = g_settings_get_string (settings, "client-id");
  g_autofree char *typed = _ado_connect_page_dup_typed (GTK_EDITABLE (self->client_id_row));
  g_autofree char *region_id = g_settings_get_string (settings, "region");
  AdoRegion region;

  adw_action_row_set_subtitle (self->redirect_uri_row, redirect_text);

  /* Another page or instance set the client ID: show it unless typing here */
  if (!g_str_equal (client_id, typed) && client_id[0] != '\0' &&
      !gtk_widget_has_focus (GTK_WIDGET (self->client_id_row)))
    gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id);

  if (ado_region_from_id (region_id, &region))
    for (guint i = 0; i < G_N_ELEMENTS (region_order); i++)
      if (region_order[i] == region && !gtk_check_button_get_active (self->region_checks[i]))
        gtk_check_button_set_active (self->region_checks[i], TRUE);

  /* Done once an account exists, on the data provider path once every
   * region is signed in; Next leads to Verify */
  _ado_connect_page_update_complete (self);
  _ado_connect_page_update_regions (self);
  _ado_connect_page_update_sign_in (self);
}

static void
ado_connect_page_constructed (GObject *object)
{
  AdoConnectPage *self = (AdoConnectPage *)object;
  GSettings *settings = _ado_connect_page_get_settings (self);
  g_autofree char *region_id = g_settings_get_string (settings, "region");
  g_autofree char *client_id = g_settings_get_string (settings, "client-id");
  AdoRegion region = ADO_REGION_NA;

  /* One row a region, its countries in full below it: a radio group, so
   * that nothing is cut as in a drop-down */
  ado_region_from_id (region_id, &region);
  for (guint i = 0; i < G_N_ELEMENTS (region_order); i++)
    {
      const AdoRegionInfo *info = ado_region_get_info (region_order[i]);
      const char *title = ado_region_get_title (region_order[i]);
      /* Translators: a region and its countries, e.g. “North America (US, CA, MX, BR)” */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), title, info->countries);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                       "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                       "valign", GTK_ALIGN_CENTER,
                                       NULL);

      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->region_checks[0]);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), region_order[i] == region);
      g_signal_connect_object (check, "toggled", G_CALLBACK (region_toggled_cb), self, 0);
      self->region_checks[i] = GTK_CHECK_BUTTON (check);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), info->countries);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      /* The radio button is the one Tab stop of the row */
      gtk_widget_set_focusable (row, FALSE);
      adw_preferences_group_add (self->region_group, row);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id);
  update_client_id_view (self);

  g_signal_connect_object (self->client_secret_row, "entry-activated",
                           G_CALLBACK (secret_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client_id_row, "changed",
                           G_CALLBACK (client_id_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client_secret_row, "changed",
                           G_CALLBACK (client_secret_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paste_row, "apply",
                           G_CALLBACK (_ado_connect_page_paste_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paste_row, "entry-activated",
                           G_CALLBACK (_ado_connect_page_paste_apply_cb), self, G_CONNECT_SWAPPED);

  _ado_connect_page_update_regions (self);
  g_signal_connect_object (self->legacy_scope_switch, "notify::active",
                           G_CALLBACK (legacy_scope_cb), self, G_CONNECT_SWAPPED);

  G_OBJECT_CLASS (ado_connect_page_parent_class)->constructed (object);
}

static void
ado_connect_page_dispose (GObject *object)
{
  AdoConnectPage *self = (AdoConnectPage *)object;

  _ado_connect_page_stop_ticking (self);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->sign_in);

  if (self->client_secret_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");

  G_OBJECT_CLASS (ado_connect_page_parent_class)->dispose (object);
}

static void
ado_connect_page_finalize (GObject *object)
{
  AdoConnectPage *self = (AdoConnectPage *)object;

  g_clear_object (&self->accounts);
  g_clear_pointer (&self->client_secret, ado_secret_free);
  g_free (self->account_id);
  g_free (self->last_account_id);

  G_OBJECT_CLASS (ado_connect_page_parent_class)->finalize (object);
}

static void
ado_connect_page_class_init (AdoConnectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdoPageClass *page_class = ADO_PAGE_CLASS (klass);

  object_class->constructed = ado_connect_page_constructed;
  object_class->dispose = ado_connect_page_dispose;
  object_class->finalize = ado_connect_page_finalize;

  widget_class->map = ado_connect_page_map;

  page_class->progress_changed = ado_connect_page_progress_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, error_details);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, error_details_label);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, client_id_view_row);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, lead_label);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, client_id_message);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, client_secret_row);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, client_secret_message);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, redirect_uri_row);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, region_group);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, regions_group);
  _ado_connect_page_class_bind_regions (widget_class);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, campaign_scope_row);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, audiences_scope_row);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, legacy_scope_switch);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, waiting_title);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, waiting_text);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, waiting_scopes_label);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, time_left_label);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, paste_row);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, paste_message);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, paste_error_box);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, waiting_redirect_label);
  gtk_widget_class_bind_template_child (widget_class, AdoConnectPage, spinner);

  _ado_connect_page_class_install_attempt (widget_class);
  gtk_widget_class_install_action (widget_class, "connect.change-client-id", NULL,
                                   change_client_id_action);
  gtk_widget_class_install_action (widget_class, "connect.copy-redirect-uri", NULL,
                                   copy_redirect_uri_action);
}

static void
ado_connect_page_init (AdoConnectPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_connect_page_new (AdoProgress *progress,
                      AdoAccounts *accounts)
{
  AdoConnectPage *self;

  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ADO_IS_ACCOUNTS (accounts), NULL);

  /* Set before construction ends: constructed() looks up the secret */
  self = g_object_new (ADO_TYPE_CONNECT_PAGE,
                       "progress", progress,
                       "step", ADO_STEP_CONNECT,
                       NULL);
  g_set_object (&self->accounts, accounts);
  look_up_stored_secret (self);

  return GTK_WIDGET (self);
}

/**
 * ado_connect_page_set_client_secret:
 * @secret: (nullable): a secret typed earlier, in the client step
 */
void
ado_connect_page_set_client_secret (AdoConnectPage *self,
                                    const char     *secret)
{
  g_return_if_fail (ADO_IS_CONNECT_PAGE (self));

  if (secret != NULL && secret[0] != '\0' &&
      gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row))[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), secret);
}

/**
 * ado_connect_page_set_account:
 * @account_id: (nullable): the account to reconnect, or %NULL for a new one
 */
void
ado_connect_page_set_account (AdoConnectPage *self,
                              const char     *account_id)
{
  g_return_if_fail (ADO_IS_CONNECT_PAGE (self));

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);

  /* On the checklist, Sign In now leads to the region of that account */
  _ado_connect_page_update_regions (self);
  _ado_connect_page_update_sign_in (self);
}

/**
 * ado_connect_page_get_last_account_id:
 *
 * Returns: (nullable): the account the last successful sign-in stored
 */
const char *
ado_connect_page_get_last_account_id (AdoConnectPage *self)
{
  g_return_val_if_fail (ADO_IS_CONNECT_PAGE (self), NULL);

  return self->last_account_id;
}
