/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ado-error.h"
#include "store/ado-credential-store.h"

#include "ado-test-core.h"

/*
 * For test-keyring-failures.sh: runs one credential store operation against
 * whatever keyring the environment offers and prints what came of it on
 * stdout, as one line:
 *
 *   keyring-helper [--demo] store KIND CLIENT_ID ACCOUNT_ID SECRET   ->  stored
 *   keyring-helper [--demo] lookup KIND CLIENT_ID ACCOUNT_ID         ->  found SECRET | nothing
 *   keyring-helper [--demo] clear KIND CLIENT_ID ACCOUNT_ID          ->  cleared
 *
 * or "error CODE MESSAGE" (exit status 1), CODE being KEYRING_UNAVAILABLE,
 * KEYRING_LOCKED, CANCELLED or another name. ACCOUNT_ID may be "-".
 * Printing a secret is what this test program is for.
 *
 * --cancel-after MS cancels the operation after MS milliseconds.
 *
 *   keyring-helper fake-prompter
 *
 * stands in for the desktop's password dialog (gcr's system prompter, that
 * gnome-keyring-daemon calls): it takes every prompt and never answers, as
 * a person who walked away. It prints "ready" once it owns the name.
 */

#define GUARD_SECONDS 30

static const char *
error_name (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "CANCELLED";
  if (g_error_matches (error, ADO_ERROR, ADO_ERROR_KEYRING_UNAVAILABLE))
    return "KEYRING_UNAVAILABLE";
  if (g_error_matches (error, ADO_ERROR, ADO_ERROR_KEYRING_LOCKED))
    return "KEYRING_LOCKED";
  return "OTHER";
}

static const char prompter_xml[] =
  "<node>"
  "  <interface name='org.gnome.keyring.internal.Prompter'>"
  "    <method name='BeginPrompting'>"
  "      <arg type='o' direction='in'/>"
  "    </method>"
  "    <method name='PerformPrompt'>"
  "      <arg type='o' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "    <method name='StopPrompting'>"
  "      <arg type='o' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
prompter_method_cb (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  /* Accept, and never call back with PromptReady */
  g_printerr ("keyring-helper: fake prompter: %s\n", method_name);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
prompter_bus_cb (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  static const GDBusInterfaceVTable vtable = { prompter_method_cb, NULL, NULL };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_dbus_node_info_new_for_xml (prompter_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/gnome/keyring/Prompter",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
prompter_name_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  g_print ("ready\n");
}

static void
prompter_lost_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  g_printerr ("keyring-helper: the fake prompter could not own %s\n", name);
  exit (1);
}

static int
fake_prompter (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_bus_own_name (G_BUS_TYPE_SESSION, "org.gnome.keyring.SystemPrompter",
                  G_BUS_NAME_OWNER_FLAGS_NONE,
                  prompter_bus_cb, prompter_name_cb, prompter_lost_cb,
                  NULL, NULL);
  g_main_loop_run (loop);

  return 0;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
parse_kind (const char    *id,
            AdoSecretKind *kind)
{
  for (AdoSecretKind k = ADO_SECRET_KIND_CLIENT_SECRET; k <= ADO_SECRET_KIND_ACCESS_TOKEN; k++)
    {
      if (g_str_equal (ado_secret_kind_get_id (k), id))
        {
          *kind = k;
          return TRUE;
        }
    }

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdoCredentialStore) store = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GAsyncResult *async_result = NULL;
  g_autoptr(GError) error = NULL;
  const char *command;
  const char *client_id;
  const char *account_id;
  AdoSecretKind kind;
  gboolean demo = FALSE;
  int first = 1;

  setvbuf (stdout, NULL, _IOLBF, 0);

  if (argc == 2 && g_str_equal (argv[1], "fake-prompter"))
    return fake_prompter ();

  if (argc > first + 1 && g_str_equal (argv[first], "--cancel-after"))
    {
      g_timeout_add (atoi (argv[first + 1]), cancel_cb, cancellable);
      first += 2;
    }

  if (argc > first && g_str_equal (argv[first], "--demo"))
    {
      demo = TRUE;
      first++;
    }

  if (argc - first < 4 ||
      (!parse_kind (argv[first + 1], &kind) && !g_str_equal (argv[first], "lookup-account")))
    {
      g_printerr ("usage: keyring-helper [--cancel-after MS] [--demo] store|lookup|clear KIND "
                  "CLIENT_ID ACCOUNT_ID [SECRET]\n"
                  "       keyring-helper [--cancel-after MS] [--demo] lookup-account all "
                  "CLIENT_ID ACCOUNT_ID\n"
                  "       keyring-helper fake-prompter\n");
      return 2;
    }

  command = argv[first];
  client_id = argv[first + 2];
  account_id = g_str_equal (argv[first + 3], "-") ? NULL : argv[first + 3];

  store = ado_credential_store_new (demo);
  ado_test_exit_after (GUARD_SECONDS, "keyring-helper");

  if (g_str_equal (command, "store") && argc - first == 5)
    ado_credential_store_store_async (store, kind, client_id, account_id, "na",
                                      kind == ADO_SECRET_KIND_ACCESS_TOKEN ? 4102444800 : 0,
                                      argv[first + 4], cancellable, ado_test_result_cb,
                                      &async_result);
  else if (g_str_equal (command, "lookup"))
    ado_credential_store_lookup_async (store, kind, client_id, account_id, cancellable,
                                       ado_test_result_cb, &async_result);
  else if (g_str_equal (command, "lookup-account") && account_id != NULL)
    ado_credential_store_lookup_account_async (store, client_id, account_id, ADO_CREDENTIAL_ALL,
                                               cancellable, ado_test_result_cb, &async_result);
  else if (g_str_equal (command, "clear"))
    ado_credential_store_clear_async (store, kind, client_id, account_id, cancellable,
                                      ado_test_result_cb, &async_result);
  else
    {
      g_printerr ("keyring-helper: unknown command %s\n", command);
      return 2;
    }

  ado_test_wait_for (&async_result);

  if (g_str_equal (command, "store"))
    {
      if (ado_credential_store_store_finish (store, async_result, &error))
        g_print ("stored\n");
    }
  else if (g_str_equal (command, "lookup"))
    {
      g_autoptr(AdoSecret) secret = NULL;

      secret = ado_credential_store_lookup_finish (store, async_result, NULL, &error);
      if (secret != NULL)
        g_print ("found %s\n", secret);
      else if (error == NULL)
        g_print ("nothing\n");
    }
  else if (g_str_equal (command, "lookup-account"))
    {
      g_autoptr(AdoAccountCredentials) found = NULL;

      /* The kinds found, never the secrets */
      found = ado_credential_store_lookup_account_finish (store, async_result, &error);
      if (found != NULL)
        g_print ("found%s%s%s\n",
                 found->client_secret != NULL ? " client-secret" : "",
                 found->refresh_token != NULL ? " refresh-token" : "",
                 found->access_token != NULL ? " access-token" : "");
    }
  else
    {
      if (ado_credential_store_clear_finish (store, async_result, &error))
        g_print ("cleared\n");
    }

  g_clear_object (&async_result);

  if (error != NULL)
    {
      g_print ("error %s %s\n", error_name (error), error->message);
      return 1;
    }

  return 0;
}
