/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib-unix.h>

#include "demo/ado-demo-server.h"

/*
 * Runs the imitation of Login with Amazon for scripts: tests and the
 * benchmark. Registers the demo client with the return URLs given as
 * arguments, prints the authorization and token URLs, one per line, and
 * serves until stdin closes or SIGTERM arrives.
 */

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
stdin_cb (int          fd,
          GIOCondition condition,
          gpointer     data)
{
  char buffer[256];

  if (read (fd, buffer, sizeof buffer) > 0)
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdoDemoServer) server = ado_demo_server_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *auth_url = NULL;
  g_autofree char *token_url = NULL;

  g_log_writer_default_set_use_stderr (TRUE);

  if (argc < 2)
    {
      g_printerr ("usage: %s RETURN-URL…\n", argv[0]);
      return 2;
    }

  if (!ado_demo_server_start (server, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  ado_demo_server_add_client (server, ADO_DEMO_CLIENT_ID, ADO_DEMO_CLIENT_SECRET,
                              (const char * const *)argv + 1);

  auth_url = ado_demo_server_dup_auth_url (server);
  token_url = ado_demo_server_dup_token_url (server);
  printf ("%s\n%s\n", auth_url, token_url);
  fflush (stdout);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, loop);
  g_main_loop_run (loop);

  ado_demo_server_stop (server);
  return 0;
}
