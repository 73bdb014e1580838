/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-browser"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-browser.h"
#include "ado-secret.h"
#include "ado-error.h"

/*
 * Opens a web page in the user's browser. The default handler for the URI
 * is used (inside Flatpak GIO goes through the OpenURI portal); when
 * ADS_ONBOARDING_BROWSER is set, it is a command line, split as a shell
 * would, to which the URI is appended as the last argument.
 */

/* What the app was given to hold never reaches the browser, nor what
 * the browser starts: the client secret from the environment */
static const char * const secret_variables[] = { ADO_CLIENT_SECRET_ENV };

static void
forget_secrets (GSubprocessLauncher *launcher)
{
  for (guint i = 0; i < G_N_ELEMENTS (secret_variables); i++)
    g_subprocess_launcher_unsetenv (launcher, secret_variables[i]);
}

static void
launch_default_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_BROWSER,
                                 _("No web browser could be opened (%s). "
                                   "Copy the address and open it yourself."),
                                 error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
wait_check_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    g_debug ("The browser command from %s ended: %s", ADO_BROWSER_ENV, error->message);
}

static void
launch_command (GTask      *task,
                const char *command,
                const char *uri)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;

  if (!g_shell_parse_argv (command, NULL, &words, &error))
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_BROWSER,
                               _("%s is not a valid command line (%s)."),
                               ADO_BROWSER_ENV, error->message);
      return;
    }

  argv = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    g_ptr_array_add (argv, words[i]);
  g_ptr_array_add (argv, (gpointer)uri);
  g_ptr_array_add (argv, NULL);

  g_debug ("Opening the browser with the command from %s", ADO_BROWSER_ENV);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  forget_secrets (launcher);
  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  if (subprocess == NULL)
    {
      g_task_return_new_error (task, ADO_ERROR, ADO_ERROR_BROWSER,
                               _("The browser command in %s could not be started (%s)."),
                               ADO_BROWSER_ENV, error->message);
      return;
    }

  /* A browser may keep running for as long as the user browses, so the
   * page is on its way once the process started; it is reaped later. */
  g_subprocess_wait_check_async (subprocess, NULL, wait_check_cb, NULL);
  g_task_return_boolean (task, TRUE);
}

/**
 * ado_browser_open_async:
 * @uri: the address to open
 * @context: (nullable): the launch context of the display, for startup
 *   notification and the window to raise
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the browser was started
 * @user_data: data for @callback
 */
void
ado_browser_open_async (const char          *uri,
                        GAppLaunchContext   *context,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAppLaunchContext) own_context = NULL;
  const char *command;

  g_return_if_fail (uri != NULL);
  g_return_if_fail (context == NULL || G_IS_APP_LAUNCH_CONTEXT (context));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ado_browser_open_async);

  command = g_getenv (ADO_BROWSER_ENV);
  if (command != NULL && command[0] != '\0')
    {
      launch_command (task, command, uri);
      return;
    }

  /* The desktop's handler starts the browser with this environment */
  if (context == NULL)
    context = own_context = g_app_launch_context_new ();
  for (guint i = 0; i < G_N_ELEMENTS (secret_variables); i++)
    g_app_launch_context_unsetenv (context, secret_variables[i]);

  g_app_info_launch_default_for_uri_async (uri,
                                           context,
                                           cancellable,
                                           launch_default_cb,
                                           g_steal_pointer (&task));
}

gboolean
ado_browser_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ado_browser_open_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
