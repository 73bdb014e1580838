/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "ado-application.h"
#include "ads/ado-endpoints.h"
#include "auth/ado-checks.h"
#include "demo/ado-demo-server.h"
#include "service/ado-progress.h"
#include "ui/ado-window.h"

struct _AdoApplication
{
  AdwApplication  parent_instance;

  AdoProgress        *progress;
  AdoAccounts        *accounts;
  AdoDemoServer      *demo_server;
  gboolean            demo;
};

G_DEFINE_FINAL_TYPE (AdoApplication, ado_application, ADW_TYPE_APPLICATION)

/*
 * --demo: the whole assistant against the built-in imitation of Amazon on
 * loopback, with its own settings file, its own registry and keyring items
 * marked demo, so that nothing mixes with real credentials.
 */
static AdoProgress *
start_demo (AdoApplication *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "ads-onboarding", NULL);
  g_autofree char *path = g_build_filename (dir, "demo-settings.ini", NULL);
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect_uri = NULL;
  g_autofree char *spare_uri = NULL;
  g_autofree char *default_spare_uri = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *client_id = NULL;

  g_mkdir_with_parents (dir, 0700);
  backend = g_keyfile_settings_backend_new (path, "/", NULL);
  settings = g_settings_new_with_backend (APP_ID, backend);

  client_id = g_settings_get_string (settings, "client-id");
  if (client_id[0] == '\0')
    g_settings_set_string (settings, "client-id", ADO_DEMO_CLIENT_ID);
  redirect_uri = g_settings_get_string (settings, "redirect-uri");

  self->demo_server = ado_demo_server_new ();
  if (!ado_demo_server_start (self->demo_server, &error))
    g_warning ("The imitation of Amazon did not start: %s", error->message);

  /* Registered as the client step asks: the return URL and its spare */
  spare_uri = ado_spare_redirect_uri (redirect_uri);
  default_spare_uri = ado_spare_redirect_uri (DEFAULT_REDIRECT_URI);
  ado_demo_server_add_client (self->demo_server, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                              (const char * const[]) { redirect_uri, DEFAULT_REDIRECT_URI,
                                                       default_spare_uri, "https://amazon.com",
                                                       spare_uri, NULL });
  /* A consent page to click, as with Amazon */
  ado_demo_server_set_auto_approve (self->demo_server, FALSE);

  auth_url = ado_demo_server_dup_auth_url (self->demo_server);
  token_url = ado_demo_server_dup_token_url (self->demo_server);
  api_url = ado_demo_server_dup_api_url (self->demo_server);
  ado_endpoints_set_demo (auth_url, token_url, api_url);


  return ado_progress_new (settings);
}

static void
ado_application_startup (GApplication *application)
{
  AdoApplication *self = ADO_APPLICATION (application);

  G_APPLICATION_CLASS (ado_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (APP_ID);
  self->accounts = ado_accounts_new (self->demo);
  self->progress = self->demo ? start_demo (self) : ado_progress_new (NULL);
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
  if (!ado_accounts_load_finish (self->accounts, result, &error))
    g_debug ("Accounts not loaded: %s", error->message);

  /* Once an account exists, the app opens where the accounts are */
  if (ado_accounts_get_n_accounts (self->accounts) > 0)
    ado_progress_set_current_step (self->progress, ADO_STEP_ACCOUNTS);

  window = GTK_WINDOW (ado_window_new (ADW_APPLICATION (self), self->progress,
                                       self->accounts));
  gtk_window_present (window);
  g_application_release (G_APPLICATION (self));
}

static void
demo_secret_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(AdoApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The demo works without it too: the secret can be typed */
  if (!ado_accounts_set_client_secret_finish (self->accounts, result, &error))
    g_debug ("The demo client secret is not in the keyring: %s", error->message);

  ado_accounts_load_async (self->accounts, NULL, registry_loaded_cb, g_object_ref (self));
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

  /* In the demo, the imitation's client secret is in the (demo) keyring
   * before the window looks for it */
  if (self->demo)
    ado_accounts_set_client_secret_async (self->accounts, ADO_DEMO_CLIENT_ID,
                                          ADO_DEMO_CLIENT_SECRET, NULL, demo_secret_stored_cb,
                                          g_object_ref (self));
  else
    ado_accounts_load_async (self->accounts, NULL, registry_loaded_cb, g_object_ref (self));
}

static void
ado_application_shutdown (GApplication *application)
{
  AdoApplication *self = ADO_APPLICATION (application);

  G_APPLICATION_CLASS (ado_application_parent_class)->shutdown (application);

  g_clear_object (&self->progress);
  g_clear_object (&self->accounts);
  if (self->demo_server != NULL)
    ado_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);
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

  /* The demo runs beside the real app, never as its instance */
  self = g_object_new (ADO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", demo ? G_APPLICATION_NON_UNIQUE : G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/adsonboarding/AdsOnboarding",
                       NULL);
  self->demo = demo;

  return self;
}
