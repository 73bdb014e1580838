/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-application.h"
#include "store/ado-progress.h"
#include "ui/ado-window.h"

struct _AdoApplication
{
  AdwApplication  parent_instance;

  AdoProgress        *progress;
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  gboolean            demo;
};

G_DEFINE_FINAL_TYPE (AdoApplication, ado_application, ADW_TYPE_APPLICATION)

static void
ado_application_startup (GApplication *application)
{
  AdoApplication *self = ADO_APPLICATION (application);

  G_APPLICATION_CLASS (ado_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (APP_ID);
  self->progress = ado_progress_new (NULL);
  self->store = ado_credential_store_new (self->demo);
  self->registry = ado_account_registry_new (self->demo);
}

static void
registry_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AdoApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  /* A damaged registry is kept aside; the Accounts page tells about it */
  if (!ado_account_registry_load_finish (ADO_ACCOUNT_REGISTRY (object), result, &error))
    g_debug ("Accounts not loaded: %s", error->message);

  /* Once an account exists, the app opens where the accounts are */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->registry)) > 0)
    ado_progress_set_current_step (self->progress, ADO_STEP_ACCOUNTS);

  window = GTK_WINDOW (ado_window_new (ADW_APPLICATION (self), self->progress,
                                       self->store, self->registry));
  gtk_window_present (window);
  g_application_release (G_APPLICATION (self));
}

static void
ado_application_activate (GApplication *application)
{
  AdoApplication *self = ADO_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  g_application_hold (application);
  ado_account_registry_load_async (self->registry, NULL, registry_loaded_cb, g_object_ref (self));
}

static void
ado_application_shutdown (GApplication *application)
{
  AdoApplication *self = ADO_APPLICATION (application);

  G_APPLICATION_CLASS (ado_application_parent_class)->shutdown (application);

  g_clear_object (&self->progress);
  g_clear_object (&self->store);
  g_clear_object (&self->registry);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  AdoApplication *self = user_data;
  static const char *developers[] = { "Ads Onboarding developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APP_ID,
                        "application-name", _("Ads Onboarding"),
                        "developer-name", _("Ads Onboarding developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Connect to the Amazon Ads API: from a Login with Amazon "
                                      "client to credentials your scripts can use."),
                        "website", "https://github.com/adsonboarding/ads-onboarding",
                        "issue-url", "https://github.com/adsonboarding/ads-onboarding/issues",
                        "developers", developers,
                        "copyright", "© 2026 Ads Onboarding developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Amazon Ads API"),
                                      NULL,
                                      GTK_LICENSE_CUSTOM,
                                      _("Use of the Amazon Ads API is governed by Amazon’s API "
                                        "License Agreement and data protection policy. This "
                                        "application is not made or endorsed by Amazon."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
ado_application_class_init (AdoApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->startup = ado_application_startup;
  application_class->activate = ado_application_activate;
  application_class->shutdown = ado_application_shutdown;
}

static void
ado_application_init (AdoApplication *self)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *close_accels[] = { "<primary>w", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
}

/**
 * ado_application_new:
 * @demo: whether to run against the built-in imitation of Amazon
 */
AdoApplication *
ado_application_new (gboolean demo)
{
  AdoApplication *self;

  self = g_object_new (ADO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/adsonboarding/AdsOnboarding",
                       NULL);
  self->demo = demo;

  return self;
}
