/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ado-error.h"
#include "common/ado-browser.h"
#include "common/ado-secret.h"
#include "auth/ado-checks.h"

#include "ado-test-core.h"

#define URI "https://www.amazon.com/ap/oa?client_id=x&state=s3cr3tstate"

typedef struct
{
  GError   *error;
  gboolean  opened;
  gboolean  done;
} Wait;

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->opened = ado_browser_open_finish (result, &wait->error);
  wait->done = TRUE;
}

static gboolean
open_uri (const char  *uri,
          GError     **error)
{
  Wait wait = { NULL, FALSE, FALSE };

  ado_browser_open_async (uri, NULL, NULL, open_cb, &wait);
  ado_test_wait_for_flag (&wait.done, "the browser command to start");

  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.opened;
}

static void
test_command_gets_uri_last (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ado-browser-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "opened", NULL);
  g_autofree char *quoted = g_shell_quote (out);
  g_autofree char *command = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  /* Split like a shell: the quoted first argument stays one argument */
  command = g_strdup_printf ("sh -c 'printf \"%%s|%%s\" \"$1\" \"$2\" > %s' sh 'first arg'",
                             quoted);
  g_setenv (ADO_BROWSER_ENV, command, TRUE);

  g_assert_true (open_uri (URI, &error));
  g_assert_no_error (error);

  contents = ado_test_wait_for_browser (out);
  g_assert_cmpstr (contents, ==, "first arg|" URI);

  g_unsetenv (ADO_BROWSER_ENV);
  g_assert_cmpint (g_unlink (out), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The browser, and what it starts, never sees the client secret that a
 * script handed the command line */
static void
test_no_secret_in_environment (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ado-browser-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "environment", NULL);
  g_autofree char *quoted = g_shell_quote (out);
  g_autofree char *command = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv (ADO_CLIENT_SECRET_ENV, "amzn1.oa2-cs.v1.not-for-the-browser", TRUE);
  command = g_strdup_printf ("sh -c 'env > %s.part && mv %s.part %s' sh", quoted, quoted, quoted);
  g_setenv (ADO_BROWSER_ENV, command, TRUE);

  g_assert_true (open_uri (URI, &error));
  g_assert_no_error (error);

  contents = ado_test_wait_for_browser (out);
  g_assert_nonnull (strstr (contents, "PATH="));
  g_assert_null (strstr (contents, ADO_CLIENT_SECRET_ENV));
  g_assert_null (strstr (contents, "not-for-the-browser"));

  g_unsetenv (ADO_BROWSER_ENV);
  g_unsetenv (ADO_CLIENT_SECRET_ENV);
  g_assert_cmpint (g_unlink (out), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_bad_command_line (void)
{
  g_autoptr(GError) error = NULL;

  g_setenv (ADO_BROWSER_ENV, "sh -c 'unterminated", TRUE);
  g_assert_false (open_uri (URI, &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_BROWSER);
  g_assert_nonnull (strstr (error->message, ADO_BROWSER_ENV));
  g_assert_null (strstr (error->message, "s3cr3tstate"));
  g_unsetenv (ADO_BROWSER_ENV);
}

static void
test_missing_program (void)
{
  g_autoptr(GError) error = NULL;

  g_setenv (ADO_BROWSER_ENV, "/nonexistent/browser --flag", TRUE);
  g_assert_false (open_uri (URI, &error));
  g_assert_error (error, ADO_ERROR, ADO_ERROR_BROWSER);
  g_assert_nonnull (strstr (error->message, ADO_BROWSER_ENV));
  g_assert_null (strstr (error->message, "s3cr3tstate"));
  g_unsetenv (ADO_BROWSER_ENV);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ado/browser/command-gets-uri-last", test_command_gets_uri_last);
  g_test_add_func ("/ado/browser/no-secret-in-environment", test_no_secret_in_environment);
  g_test_add_func ("/ado/browser/bad-command-line", test_bad_command_line);
  g_test_add_func ("/ado/browser/missing-program", test_missing_program);

  return g_test_run ();
}
