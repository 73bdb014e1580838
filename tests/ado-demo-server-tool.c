/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "demo/ado-demo-server.h"

/*
 * Runs the imitation of Login with Amazon for scripts: tests and the
 * benchmark. Registers the demo client with the return URLs given as
 * arguments, prints the authorization, token and Ads API URLs, one per
 * line, and serves until stdin closes or SIGTERM arrives.
 *
 * A line on stdin `fail-profiles REGION FAILURE TIMES` (FAILURE: expired,
 * rate-limited, server-error, truncated, malformed, dribbled) injects a
 * failure into that region's profiles; `fail-token FAILURE TIMES` (FAILURE:
 * server-error, unavailable, rate-limited, malformed, truncated, huge, slow,
 * silent, invalid-grant, invalid-client, wrong-content-type, redirect,
 * dribbled; none clears) into the next token requests; `set-profiles REGION
 * TEXT` makes TEXT (the rest of the line) that region's GET /v2/profiles
 * answer. `ok` on stdout says it was applied.
 */

typedef struct
{
  AdoDemoServer *server;
  GMainLoop     *loop;
  GString       *input;
} Tool;

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* The failures' names on stdin, in the order of their enums */
static const char * const profiles_failures[] = {
  "none", "expired", "rate-limited", "server-error", "truncated", "malformed", "dribbled",
};

static const struct
{
  const char     *name;
  AdoDemoFailure  failure;
} token_failures[] = {
  { "none", ADO_DEMO_FAILURE_NONE },
  { "server-error", ADO_DEMO_FAILURE_TOKEN_SERVER_ERROR },
  { "unavailable", ADO_DEMO_FAILURE_TOKEN_SERVICE_UNAVAILABLE },
  { "rate-limited", ADO_DEMO_FAILURE_TOKEN_RATE_LIMITED },
  { "malformed", ADO_DEMO_FAILURE_TOKEN_MALFORMED_JSON },
  { "truncated", ADO_DEMO_FAILURE_TOKEN_TRUNCATED },
  { "huge", ADO_DEMO_FAILURE_TOKEN_HUGE_BODY },
  { "slow", ADO_DEMO_FAILURE_TOKEN_SLOW },
  { "silent", ADO_DEMO_FAILURE_TOKEN_SILENT },
  { "invalid-grant", ADO_DEMO_FAILURE_TOKEN_INVALID_GRANT },
  { "invalid-client", ADO_DEMO_FAILURE_TOKEN_INVALID_CLIENT },
  { "wrong-content-type", ADO_DEMO_FAILURE_TOKEN_WRONG_CONTENT_TYPE },
  { "redirect", ADO_DEMO_FAILURE_TOKEN_REDIRECT },
  { "dribbled", ADO_DEMO_FAILURE_TOKEN_DRIBBLE },
};

static void
applied (void)
{
  printf ("ok\n");
  fflush (stdout);
}

static void
run_command (Tool       *tool,
             const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  guint n_words = g_strv_length (words);

  if (n_words >= 3 && g_str_equal (words[0], "set-profiles"))
    {
      g_auto(GStrv) parts = g_strsplit (line, " ", 3);

      ado_demo_server_set_profiles (tool->server, parts[1], parts[2]);
      applied ();
      return;
    }

  if (n_words == 3 && g_str_equal (words[0], "fail-token"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (token_failures); i++)
        {
          if (g_str_equal (words[1], token_failures[i].name))
            {
              ado_demo_server_fail_next (tool->server, token_failures[i].failure,
                                         (guint)g_ascii_strtoull (words[2], NULL, 10));
              applied ();
              return;
            }
        }

      g_printerr ("Unknown failure: %s\n", words[1]);
      return;
    }

  if (n_words != 4 || !g_str_equal (words[0], "fail-profiles"))
    {
      g_printerr ("Unknown command: %s\n", line);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (profiles_failures); i++)
    {
      if (g_str_equal (words[2], profiles_failures[i]))
        {
          ado_demo_server_fail_profiles_next (tool->server, words[1], (AdoDemoProfilesFailure)i,
                                              (guint)g_ascii_strtoull (words[3], NULL, 10));
          applied ();
          return;
        }
    }

  g_printerr ("Unknown failure: %s\n", words[2]);
}

static gboolean
stdin_cb (int          fd,
          GIOCondition condition,
          gpointer     data)
{
  Tool *tool = data;
  char buffer[256];
  gssize n;
  char *end;

  n = read (fd, buffer, sizeof buffer);
  if (n <= 0)
    {
      g_main_loop_quit (tool->loop);
      return G_SOURCE_REMOVE;
    }

  g_string_append_len (tool->input, buffer, n);
  while ((end = strchr (tool->input->str, '\n')) != NULL)
    {
      g_autofree char *line = g_strndup (tool->input->str, end - tool->input->str);

      g_string_erase (tool->input, 0, end - tool->input->str + 1);
      run_command (tool, line);
    }

  return G_SOURCE_CONTINUE;
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
  g_autofree char *api_url = NULL;
  g_autoptr(GString) input = g_string_new (NULL);
  Tool tool = { server, loop, input };

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
  api_url = ado_demo_server_dup_api_url (server);
  /* Lines 1 and 2 are read by other scripts: the API URL comes third */
  printf ("%s\n%s\n%s\n", auth_url, token_url, api_url);
  fflush (stdout);

  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, &tool);
  g_main_loop_run (loop);

  ado_demo_server_stop (server);
  return 0;
}
