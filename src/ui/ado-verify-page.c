/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-verify-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-verify-page.h"
#include "ado-profile-row.h"
#include "ado-region-status-row.h"
#include "ado-error.h"
#include "ado-error-text.h"
#include "ads/ado-amazon.h"
#include "ads/ado-endpoints.h"

/*
 * Step 5: the advertising profiles this sign-in reaches, asked of all
 * three regions at once, each region's outcome shown on its own; a
 * default profile for exports; and a first call to copy.
 */

struct _AdoVerifyPage
{
  AdoPage             parent_instance;

  AdoAccounts        *accounts;
  GCancellable       *cancellable;
  char               *account_id;
  AdoAccount         *account;
  AdoProfilesResult  *result;

  GtkLabel           *account_label;
  AdoRegionStatusRow *region_rows[ADO_N_REGIONS];
  GtkListBox         *profiles_list;
  GtkStack           *profiles_stack;
  GtkTextView        *curl_view;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  AdoRegionStatusRow *na_row;
  AdoRegionStatusRow *eu_row;
  AdoRegionStatusRow *fe_row;

  guint               updating : 1;
};

G_DEFINE_FINAL_TYPE (AdoVerifyPage, ado_verify_page, ADO_TYPE_PAGE)

static void
show_error (AdoVerifyPage *self,
            const char    *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* The command, shown as code: it wraps anywhere, never with a hyphen that
 * would look like part of an ID */
static void
set_curl_text (AdoVerifyPage *self,
               const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->curl_view);
  GtkTextIter start, end;

  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag_by_name (buffer, "code", &start, &end);
}

static char *
dup_curl_text (AdoVerifyPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->curl_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_region_row (AdoVerifyPage *self,
                AdoRegion      region,
                const char    *icon_name,
                const char    *style,
                const char    *text)
{
  ado_region_status_row_set_status (self->region_rows[region], icon_name, style, text);
}

static AdoProfile *
find_profile (AdoVerifyPage *self,
              const char    *profile_id,
              const char    *region_id)
{
  AdoRegion region;
  GPtrArray *profiles;

  if (self->result == NULL || !ado_region_from_id (region_id, &region))
    return NULL;

  profiles = ado_profiles_result_get_profiles (self->result, region);
  for (guint i = 0; profiles != NULL && i < profiles->len; i++)
    {
      AdoProfile *profile = g_ptr_array_index (profiles, i);

      if (g_str_equal (ado_profile_get_profile_id (profile), profile_id))
        return profile;
    }

  return NULL;
}

static void
update_curl (AdoVerifyPage *self)
{
  const char *profile_id = NULL;
  const char *region_id = NULL;
  g_autoptr(GString) text = NULL;
  AdoRegion region = ADO_REGION_NA;

  if (self->account == NULL)
    return;

  profile_id = ado_account_get_default_profile_id (self->account);
  region_id = ado_account_get_default_profile_region (self->account);
  if (region_id == NULL)
    region_id = ado_account_get_region (self->account);
  ado_region_from_id (region_id, &region);

  /* The real host, even when the tests point elsewhere: this is for people */
  text = g_string_new ("curl \\\n");
  g_string_append_printf (text, "  -H \"Amazon-Advertising-API-ClientId: %s\" \\\n",
                          ado_account_get_client_id (self->account));
  g_string_append_printf (text, "  -H \"Authorization: Bearer $(ads-onboarding --print-access-token "
                                "--account %s)\" \\\n",
                          ado_account_get_id (self->account));
  if (profile_id != NULL)
    {
      g_string_append_printf (text, "  -H \"Amazon-Advertising-API-Scope: %s\" \\\n", profile_id);
      g_string_append_printf (text, "  %s/v2/profiles/%s\n",
                              ado_region_get_info (region)->api_url, profile_id);
    }
  else
    g_string_append_printf (text, "  %s/v2/profiles\n", ado_region_get_info (region)->api_url);

  set_curl_text (self, text->str);
}

static GtkWidget *
create_profile_row (AdoVerifyPage *self,
                    AdoProfile    *profile,
                    AdoProfileRow *group)
{
  GtkWidget *row = ado_profile_row_new (profile);
  const char *default_id = ado_account_get_default_profile_id (self->account);
  const char *default_region = ado_account_get_default_profile_region (self->account);

  if (group != NULL)
    ado_profile_row_set_group (ADO_PROFILE_ROW (row), group);
  ado_profile_row_set_default (ADO_PROFILE_ROW (row),
                               g_strcmp0 (default_id, ado_profile_get_profile_id (profile)) == 0 &&
                               (default_region == NULL ||
                                g_strcmp0 (default_region, ado_profile_get_region (profile)) == 0));

  return row;
}

static void
show_profiles (AdoVerifyPage *self)
{
  g_autoptr(GPtrArray) profiles = ado_profiles_result_dup_all_profiles (self->result);
  AdoProfileRow *group = NULL;
  GtkWidget *child;

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->profiles_list))) != NULL)
    gtk_list_box_remove (self->profiles_list, child);

  for (guint i = 0; i < profiles->len; i++)
    {
      GtkWidget *row = create_profile_row (self, g_ptr_array_index (profiles, i), group);

      if (group == NULL)
        group = ADO_PROFILE_ROW (row);
      gtk_list_box_append (self->profiles_list, row);
    }
  self->updating = FALSE;

  gtk_stack_set_visible_child_name (self->profiles_stack, profiles->len > 0 ? "profiles" : "none");
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdoVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AdoProfilesResult *profiles;

  profiles = ado_accounts_list_profiles_finish (ADO_ACCOUNTS (object), result, &error);
  if (profiles == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      for (AdoRegion region = 0; region < ADO_N_REGIONS; region++)
        set_region_row (self, region, "dialog-warning-symbolic", "warning", _("Not asked"));
      text = ado_error_text (error);
      show_error (self, text);
      return;
    }

  g_clear_object (&self->result);
  self->result = profiles;

  for (AdoRegion region = 0; region < ADO_N_REGIONS; region++)
    {
      const GError *region_error = ado_profiles_result_get_error (self->result, region);
      GPtrArray *list = ado_profiles_result_get_profiles (self->result, region);
      g_autofree char *region_text = region_error != NULL ? ado_error_text (region_error) : NULL;

      if (region_error != NULL)
        set_region_row (self, region, "dialog-warning-symbolic", "warning", region_text);
      else if (list != NULL && list->len == 0)
        {
          g_autofree char *empty = ado_profiles_dup_empty_message (region);

          set_region_row (self, region, "action-unavailable-symbolic", "dim-label", empty);
        }
      else if (list != NULL)
        {
          g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%u profile",
                                                                 "%u profiles",
                                                                 list->len),
                                                    list->len);

          set_region_row (self, region, "emblem-ok-symbolic", "success", count);
        }
    }

  show_profiles (self);
  update_curl (self);
  ado_page_set_complete (ADO_PAGE (self), TRUE);

  /* Verified once some region answered */
  if (ado_profiles_result_get_n_failed (self->result) < ado_profiles_result_get_n_regions (self->result))
    ado_progress_set_step_done (ado_page_get_progress (ADO_PAGE (self)), ADO_STEP_VERIFY, TRUE);
}

static AdoAccount *
pick_account (AdoVerifyPage *self)
{
  GListModel *model = G_LIST_MODEL (self->accounts);
  AdoAccount *latest = NULL;

  if (self->account_id != NULL)
    {
      AdoAccount *chosen = ado_accounts_get_account (self->accounts, self->account_id);

      if (chosen != NULL)
        return g_object_ref (chosen);
    }

  /* Else the most recent sign-in */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AdoAccount) account = g_list_model_get_item (model, i);

      if (latest == NULL || ado_account_get_obtained_at (account) > ado_account_get_obtained_at (latest))
        g_set_object (&latest, account);
    }

  return latest;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdoVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (!ado_accounts_load_finish (ADO_ACCOUNTS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, error->message);
    }

  g_clear_object (&self->account);
  self->account = pick_account (self);
  if (self->account == NULL)
    {
      gtk_label_set_label (self->account_label, _("Sign in first: no account is connected yet."));
      set_curl_text (self, _("# The command appears here once you are signed in."));
      for (AdoRegion region = 0; region < ADO_N_REGIONS; region++)
        set_region_row (self, region, "action-unavailable-symbolic", "dim-label", _("Not asked"));
      gtk_stack_set_visible_child_name (self->profiles_stack, "none");
      return;
    }

  /* Translators: %s is an account's name */
  label = g_strdup_printf (_("Choose the default profile of “%s”."),
                           ado_account_get_name (self->account));
  gtk_label_set_label (self->account_label, label);

  ado_accounts_list_profiles_async (self->accounts, self->account, NULL, 0, self->cancellable,
                                    listed_cb, g_object_ref (self));
}

/**
 * ado_verify_page_reload:
 *
 * Asks the three regions again.
 */
void
ado_verify_page_reload (AdoVerifyPage *self)
{
  g_return_if_fail (ADO_IS_VERIFY_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_error (self, NULL);
  for (AdoRegion region = 0; region < ADO_N_REGIONS; region++)
    set_region_row (self, region, NULL, NULL, _("Asking…"));

  ado_accounts_load_async (self->accounts, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
default_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdoVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ado_accounts_set_default_profile_finish (ADO_ACCOUNTS (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  /* An agency's own profile cannot run campaign calls */
  if (self->account != NULL && ado_account_get_default_profile_type (self->account) != NULL &&
      g_ascii_strcasecmp (ado_account_get_default_profile_type (self->account), "agency") == 0)
    ado_page_toast (ADO_PAGE (self), _("Default profile saved. It is an agency’s: campaign "
                                       "calls need one of its advertisers’ profiles"));
  else
    ado_page_toast (ADO_PAGE (self), _("Default profile saved"));
}

static void
set_default_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AdoVerifyPage *self = ADO_VERIFY_PAGE (widget);
  const char *profile_id;
  const char *region_id;
  AdoProfile *profile;

  g_variant_get (param, "(&s&s)", &profile_id, &region_id);
  profile = find_profile (self, profile_id, region_id);
  if (self->updating || self->account == NULL || profile == NULL)
    return;

  if (g_strcmp0 (ado_account_get_default_profile_id (self->account), profile_id) == 0 &&
      g_strcmp0 (ado_account_get_default_profile_region (self->account), region_id) == 0)
    return;

  ado_accounts_set_default_profile_async (self->accounts, self->account, profile,
                                          self->cancellable, default_saved_cb,
                                          g_object_ref (self));
  update_curl (self);
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ado_page_copy (ADO_PAGE (widget), g_variant_get_string (param, NULL), _("Profile ID copied"));
}

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AdoVerifyPage *self = ADO_VERIFY_PAGE (widget);
  g_autofree char *text = dup_curl_text (self);

  ado_page_copy (ADO_PAGE (self), text, _("Command copied"));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ado_verify_page_reload (ADO_VERIFY_PAGE (widget));
}

static void
ado_verify_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ado_verify_page_parent_class)->map (widget);

  ado_verify_page_reload (ADO_VERIFY_PAGE (widget));
}

static void
ado_verify_page_dispose (GObject *object)
{
  AdoVerifyPage *self = (AdoVerifyPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->result);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (ado_verify_page_parent_class)->dispose (object);
}

static void
ado_verify_page_finalize (GObject *object)
{
  AdoVerifyPage *self = (AdoVerifyPage *)object;

  g_clear_object (&self->accounts);
  g_free (self->account_id);

  G_OBJECT_CLASS (ado_verify_page_parent_class)->finalize (object);
}

static void
ado_verify_page_class_init (AdoVerifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ado_verify_page_dispose;
  object_class->finalize = ado_verify_page_finalize;
  widget_class->map = ado_verify_page_map;

  g_type_ensure (ADO_TYPE_REGION_STATUS_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-verify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, account_label);
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, profiles_list);
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, profiles_stack);
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, curl_view);
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, na_row);
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, eu_row);
  gtk_widget_class_bind_template_child (widget_class, AdoVerifyPage, fe_row);

  gtk_widget_class_install_action (widget_class, "verify.set-default", "(ss)", set_default_action);
  gtk_widget_class_install_action (widget_class, "verify.copy-id", "s", copy_id_action);
  gtk_widget_class_install_action (widget_class, "verify.copy-curl", NULL, copy_curl_action);
  gtk_widget_class_install_action (widget_class, "verify.refresh", NULL, refresh_action);
}

static void
ado_verify_page_init (AdoVerifyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->curl_view), "code",
                              "insert-hyphens", FALSE,
                              NULL);

  self->region_rows[ADO_REGION_NA] = self->na_row;
  self->region_rows[ADO_REGION_EU] = self->eu_row;
  self->region_rows[ADO_REGION_FE] = self->fe_row;
}

GtkWidget *
ado_verify_page_new (AdoProgress *progress,
                     AdoAccounts *accounts)
{
  AdoVerifyPage *self;

  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ADO_IS_ACCOUNTS (accounts), NULL);

  self = g_object_new (ADO_TYPE_VERIFY_PAGE,
                       "progress", progress,
                       "step", ADO_STEP_VERIFY,
                       NULL);
  self->accounts = g_object_ref (accounts);

  return GTK_WIDGET (self);
}

/**
 * ado_verify_page_set_account:
 * @account_id: (nullable): the account to verify, %NULL for the latest sign-in
 */
void
ado_verify_page_set_account (AdoVerifyPage *self,
                             const char    *account_id)
{
  g_return_if_fail (ADO_IS_VERIFY_PAGE (self));

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);
}
