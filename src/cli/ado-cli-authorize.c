/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <stdio.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>

#include "ado-cli-authorize.h"
#include "ado-cli-util.h"
#include "ado-error.h"
#include "ads/ado-amazon.h"
#include "ads/ado-endpoints.h"
#include "common/ado-browser.h"
#include "common/ado-secret.h"
#include "auth/ado-checks.h"
#include "service/ado-accounts.h"
#include "service/ado-progress.h"

/*
 * ads-onboarding --authorize: the sign-in for scripts and terminals. The
 * address goes to stdout as one line before the wait begins; the answer
 * comes through the loopback listener or as the redirected address typed
 * or piped on stdin, whichever is first; the new account's ID is the
 * result.
 */


typedef struct
{
  const AdoAuthorizeOptions *options;
  GMainLoop                 *loop;
  int                        exit_status;

  GSettings                 *settings;
  AdoAccounts               *accounts;
  AdoSignIn                 *sign_in;
  GCancellable              *stdin_cancellable;
  GDataInputStream          *stdin_stream;

  char                      *client_id;
  char                      *client_secret;
  char                      *region;
  char                      *redirect_uri;
  char                      *scope;
} Authorize;

static void
finish (Authorize *self,
        int        exit_status)
{
  self->exit_status = exit_status;
  g_cancellable_cancel (self->stdin_cancellable);
  g_main_loop_quit (self->loop);
}

static void
fail (Authorize    *self,
      const GError *error)
{
  finish (self, ado_cli_fail (error));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Authorize *self = user_data;
  g_autoptr(AdoAccount) account = NULL;
  g_autoptr(AdoProgress) progress = NULL;
  g_autoptr(GError) error = NULL;

  account = ado_sign_in_save_finish (self->sign_in, result, &error);
  if (account == NULL)
    {
      fail (self, error);
      return;
    }

  /* Keep the assistant in step with what signed in here */
  progress = ado_progress_new (self->settings);
  ado_progress_set_client_id (progress, self->client_id);
  ado_progress_set_step_done (progress, ADO_STEP_CONNECT, TRUE);

  g_print ("%s\n", ado_account_get_id (account));
  g_printerr (_("Signed in. The credentials are stored in the keyring as account %s (%s).\n"),
              ado_account_get_id (account), ado_account_get_name (account));
  finish (self, ADO_EXIT_OK);
}

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Authorize *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ado_sign_in_run_finish (self->sign_in, result, &error))
    {
      fail (self, error);
      return;
    }

  g_cancellable_cancel (self->stdin_cancellable);
  ado_sign_in_save_async (self->sign_in, NULL, NULL, saved_cb, self);
}

static void read_stdin_line (Authorize *self);

static void
stdin_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Authorize *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                    &length, &error);
  if (line == NULL)
    {
      /* End of input is no answer: the listener may still bring one */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Not reading stdin any more: %s", error->message);
      return;
    }

  g_strstrip (line);
  if (line[0] != '\0' &&
      ado_sign_in_get_waiting (self->sign_in) &&
      !ado_sign_in_submit_pasted (self->sign_in, line, &error))
    g_printerr ("ads-onboarding: %s\n", error->message);

  read_stdin_line (self);
}

static void
read_stdin_line (Authorize *self)
{
  if (g_cancellable_is_cancelled (self->stdin_cancellable))
    return;

  g_data_input_stream_read_line_async (self->stdin_stream, G_PRIORITY_DEFAULT,
                                       self->stdin_cancellable, stdin_line_cb, self);
}

static void
browser_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The address is on stdout already: a missing browser is no failure */
  if (!ado_browser_open_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr ("ads-onboarding: %s\n", error->message);
}

static void
start_session (Authorize *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) raw_stdin = NULL;
  AdoSignInDetails details = { 0 };

  details.account_id = self->options->account;
  details.name = self->options->name;
  details.client_id = self->client_id;
  details.client_secret = self->client_secret;
  details.region = self->region;
  details.redirect_uri = self->redirect_uri;
  details.scope = self->scope;
  /* The setting's return URL with its port taken: the spare one, which the
   * assistant asks to register too; a port the person chose stays as given */
  details.allow_spare = self->options->port == 0 && self->options->redirect_uri == NULL;
  self->sign_in = ado_accounts_sign_in (self->accounts, &details, &error);
  if (self->sign_in == NULL)
    {
      fail (self, error);
      return;
    }

  /* The one line a script waits for */
  g_print ("%s\n", ado_sign_in_get_authorization_url (self->sign_in));
  fflush (stdout);

  if (ado_sign_in_get_listening (self->sign_in))
    g_printerr (_("Waiting for the sign-in at %s. You can also paste the address the browser "
                  "shows afterwards here.\n"),
                ado_sign_in_get_redirect_uri (self->sign_in));
  else
    g_printerr (_("After allowing access, copy the whole address from the browser’s address "
                  "bar and paste it here.\n"));

  if (!self->options->no_browser)
    ado_browser_open_async (ado_sign_in_get_authorization_url (self->sign_in),
                            NULL, NULL, browser_cb, NULL);

  raw_stdin = g_unix_input_stream_new (0, FALSE);
  self->stdin_stream = g_data_input_stream_new (raw_stdin);
  g_data_input_stream_set_newline_type (self->stdin_stream, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  read_stdin_line (self);

  ado_sign_in_run_async (self->sign_in,
                         self->options->timeout > 0 ? (guint)self->options->timeout : 0,
                         NULL, session_cb, self);
}

static void
secret_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Authorize *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *from_env;

  self->client_secret = ado_accounts_lookup_client_secret_finish (self->accounts, result,
                                                                  &error);
  if (error != NULL)
    {
      /* Nothing could be stored afterwards either: stop before signing in */
      fail (self, error);
      return;
    }

  if (self->client_secret == NULL)
    {
      from_env = g_getenv (ADO_CLIENT_SECRET_ENV);
      if (from_env != NULL && from_env[0] != '\0')
        self->client_secret = ado_trim_pasted (from_env);
      else
        {
          self->client_secret = ado_cli_prompt_secret (_("Client secret (not shown): "), &error);
          if (self->client_secret == NULL)
            {
              fail (self, error);
              return;
            }
        }
    }

  start_session (self);
}

static void
registry_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Authorize *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ado_accounts_load_finish (self->accounts, result, &error))
    {
      fail (self, error);
      return;
    }

  if (self->options->account != NULL)
    {
      AdoAccount *account = ado_accounts_find (self->accounts, self->options->account, &error);

      if (account == NULL)
        {
          fail (self, error);
          return;
        }

      if (self->options->client_id != NULL &&
          g_strcmp0 (self->options->client_id, ado_account_get_client_id (account)) != 0)
        {
          finish (self, ado_cli_usage_error (_("Account %s belongs to another client ID; leave "
                                               "out --client-id to reconnect it."),
                                             ado_account_get_id (account)));
          return;
        }

      /* A reconnect uses the account's own client and region */
      g_free (self->client_id);
      self->client_id = g_strdup (ado_account_get_client_id (account));
      if (self->options->region == NULL)
        {
          g_free (self->region);
          self->region = g_strdup (ado_account_get_region (account));
        }
    }

  ado_accounts_lookup_client_secret_async (self->accounts, self->client_id, NULL,
                                           secret_lookup_cb, self);
}

/* Everything that does not need the keyring or the network */
static int
resolve_options (Authorize *self)
{
  const AdoAuthorizeOptions *options = self->options;
  g_autoptr(GError) error = NULL;
  AdoRegion region;

  if (options->port != 0 && options->redirect_uri != NULL)
    return ado_cli_usage_error (_("Give either --port or --redirect-uri, not both."));

  if (options->port != 0 && (options->port < 1024 || options->port > 65535))
    return ado_cli_usage_error (_("--port takes a port between 1024 and 65535."));

  if (options->timeout < 0)
    return ado_cli_usage_error (_("--timeout takes a number of seconds."));

  if (options->client_id != NULL)
    self->client_id = ado_trim_pasted (options->client_id);
  else
    self->client_id = g_settings_get_string (self->settings, "client-id");
  if (options->account == NULL || options->client_id != NULL)
    {
      if (self->client_id[0] == '\0')
        return ado_cli_usage_error (_("No client ID is set. Pass --client-id, or enter it in "
                                      "the app’s “Create a Login with Amazon Client” step."));
      if (!ado_check_client_id (self->client_id, &error))
        return ado_cli_fail (error);
    }

  if (options->region != NULL)
    self->region = g_strdup (options->region);
  else
    self->region = g_settings_get_string (self->settings, "region");
  if (!ado_region_from_id (self->region, &region))
    return ado_cli_usage_error (_("Unknown region “%s”: use na, eu or fe."), self->region);

  if (options->redirect_uri != NULL)
    self->redirect_uri = g_strdup (options->redirect_uri);
  else if (options->port != 0)
    self->redirect_uri = ado_redirect_uri_for_port (options->port);
  else
    self->redirect_uri = g_settings_get_string (self->settings, "redirect-uri");
  if (!ado_check_redirect_uri (self->redirect_uri, &error))
    return ado_cli_fail (error);

  if (options->scope != NULL && options->scope[0] != '\0')
    self->scope = g_strdup (options->scope);
  else
    self->scope = ado_scope_for (g_settings_get_boolean (self->settings, "data-provider"),
                                 g_settings_get_boolean (self->settings, "legacy-scope"));

  return -1;
}

/**
 * ado_cli_authorize:
 *
 * Returns: the exit status
 */
int
ado_cli_authorize (const AdoAuthorizeOptions *options)
{
  Authorize self = { 0 };
  g_autoptr(AdoEndpoints) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  AdoRegion region;
  int status;

  self.options = options;
  self.exit_status = ADO_EXIT_FAILED;
  self.settings = g_settings_new (APP_ID);

  status = resolve_options (&self);
  if (status >= 0)
    goto out;

  /* Refused overrides end the run before the keyring or a prompt is asked;
   * the sign-in resolves them again for the region it ends up with */
  ado_region_from_id (self.region, &region);
  endpoints = ado_endpoints_resolve (region, &error);
  if (endpoints == NULL)
    {
      status = ado_cli_fail (error);
      goto out;
    }

  self.loop = g_main_loop_new (NULL, FALSE);
  self.stdin_cancellable = g_cancellable_new ();
  self.accounts = ado_accounts_new (options->demo);
  ado_accounts_load_async (self.accounts, NULL, registry_cb, &self);
  g_main_loop_run (self.loop);
  status = self.exit_status;

out:
  g_clear_object (&self.sign_in);
  g_clear_object (&self.stdin_stream);
  g_clear_object (&self.stdin_cancellable);
  g_clear_object (&self.accounts);
  g_clear_object (&self.settings);
  g_clear_pointer (&self.loop, g_main_loop_unref);
  g_clear_pointer (&self.client_secret, ado_secret_free);
  g_free (self.client_id);
  g_free (self.region);
  g_free (self.redirect_uri);
  g_free (self.scope);
  g_settings_sync ();

  return status;
}
