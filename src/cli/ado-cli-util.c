/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "ado-cli-util.h"
#include "ado-cli-remedy.h"
#include "ado-error.h"

/**
 * ado_cli_exit_for_error:
 *
 * Returns: the exit status that tells scripts what kind of failure @error is
 */
AdoExit
ado_cli_exit_for_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, ADO_EXIT_FAILED);

  if (error->domain != ADO_ERROR)
    return ADO_EXIT_FAILED;

  switch ((AdoError)error->code)
    {
    case ADO_ERROR_INVALID_CLIENT_ID:
    case ADO_ERROR_INVALID_REDIRECT_URI:
    case ADO_ERROR_INVALID_INPUT:
    case ADO_ERROR_OVERRIDE_REFUSED:
    case ADO_ERROR_PORT_IN_USE:
    case ADO_ERROR_UNKNOWN_ACCOUNT:
    case ADO_ERROR_AMBIGUOUS_ACCOUNT:
    case ADO_ERROR_MISSING_CLIENT_SECRET:
    case ADO_ERROR_UNKNOWN_PROFILE:
    case ADO_ERROR_PROFILE_REQUIRED:
      return ADO_EXIT_USAGE;

    case ADO_ERROR_TIMED_OUT:
    case ADO_ERROR_STATE_MISMATCH:
    case ADO_ERROR_ACCESS_DENIED:
    case ADO_ERROR_INVALID_GRANT:
    case ADO_ERROR_INVALID_CLIENT:
    case ADO_ERROR_INVALID_SCOPE:
      return ADO_EXIT_AUTHORIZATION;

    case ADO_ERROR_NETWORK:
    case ADO_ERROR_TLS:
    case ADO_ERROR_SERVER:
    case ADO_ERROR_BAD_RESPONSE:
      return ADO_EXIT_NETWORK;

    case ADO_ERROR_KEYRING_UNAVAILABLE:
    case ADO_ERROR_KEYRING_LOCKED:
      return ADO_EXIT_KEYRING;

    case ADO_ERROR_FAILED:
    case ADO_ERROR_BROWSER:
    case ADO_ERROR_REGISTRY_DAMAGED:
    default:
      return ADO_EXIT_FAILED;
    }
}

/**
 * ado_cli_fail:
 *
 * Tells @error on stderr, with the command that puts it right where
 * there is one (ado_cli_error_message()).
 *
 * Returns: the matching exit status
 */
AdoExit
ado_cli_fail (const GError *error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (error != NULL, ADO_EXIT_FAILED);

  message = ado_cli_error_message (error);
  g_printerr ("ads-onboarding: %s\n", message);
  return ado_cli_exit_for_error (error);
}

AdoExit
ado_cli_usage_error (const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("ads-onboarding: %s\n", message);
  return ADO_EXIT_USAGE;
}

/* The terminal as it was before the prompt, for a signal to put back:
 * Ctrl-C at the prompt must not leave the shell without echo */
static int prompt_fd = -1;
static struct termios prompt_saved;
static struct sigaction previous_actions[3];
static const int restored_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void
restore_terminal_and_die (int signal_number)
{
  /* Only async-signal-safe calls here */
  if (prompt_fd >= 0)
    tcsetattr (prompt_fd, TCSAFLUSH, &prompt_saved);
  for (guint i = 0; i < G_N_ELEMENTS (restored_signals); i++)
    sigaction (restored_signals[i], &previous_actions[i], NULL);
  raise (signal_number);
}

static void
guard_terminal (int                   fd,
                const struct termios *saved)
{
  struct sigaction action = { 0 };

  prompt_saved = *saved;
  prompt_fd = fd;
  action.sa_handler = restore_terminal_and_die;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (restored_signals); i++)
    sigaction (restored_signals[i], &action, &previous_actions[i]);
}

static void
unguard_terminal (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (restored_signals); i++)
    sigaction (restored_signals[i], &previous_actions[i], NULL);
  prompt_fd = -1;
}

/**
 * ado_cli_prompt_secret:
 * @prompt: what to ask, shown on the terminal
 * @error: %ADO_ERROR_MISSING_CLIENT_SECRET when there is no terminal
 *
 * Asks on the controlling terminal without echo, whatever stdin and
 * stdout are connected to.
 *
 * Returns: (transfer full) (nullable): what was typed, trimmed
 */
char *
ado_cli_prompt_secret (const char  *prompt,
                       GError     **error)
{
  struct termios saved;
  struct termios quiet;
  GString *line;
  gboolean restore;
  int fd;
  char c;

  fd = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_MISSING_CLIENT_SECRET,
                   _("No client secret is stored for this client ID, and there is no terminal "
                     "to ask for it. Set ADS_ONBOARDING_CLIENT_SECRET, or run the command in a "
                     "terminal."));
      return NULL;
    }

  restore = tcgetattr (fd, &saved) == 0;
  if (restore)
    {
      quiet = saved;
      quiet.c_lflag &= ~(ECHO | ECHONL);
      quiet.c_lflag |= ICANON;
      guard_terminal (fd, &saved);
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }

  if (write (fd, prompt, strlen (prompt)) < 0)
    g_debug ("Could not write the prompt: %s", g_strerror (errno));

  line = g_string_new (NULL);
  while (read (fd, &c, 1) == 1 && c != '\n' && line->len < 4096)
    g_string_append_c (line, c);

  if (restore)
    {
      tcsetattr (fd, TCSAFLUSH, &saved);
      unguard_terminal ();
    }
  if (write (fd, "\n", 1) < 0)
    g_debug ("Could not end the prompt line");
  close (fd);

  g_strstrip (line->str);
  line->len = strlen (line->str);
  if (line->len == 0)
    {
      g_string_free (line, TRUE);
      g_set_error (error, ADO_ERROR, ADO_ERROR_MISSING_CLIENT_SECRET,
                   _("No client secret was entered. Copy it from the security profile "
                     "(Show Client ID and Client Secret) and try again."));
      return NULL;
    }

  return g_string_free (line, FALSE);
}

static void
append_cell (GString    *line,
             const char *text,
             guint       width,
             gboolean    last)
{
  g_string_append (line, text);
  if (last)
    return;

  for (glong pad = (glong)width - g_utf8_strlen (text, -1); pad > 0; pad--)
    g_string_append_c (line, ' ');
  g_string_append (line, "  ");
}

/**
 * ado_cli_table_new:
 * @header: (array length=n_columns): the columns' titles
 * @n_columns: how many columns
 *
 * Returns: (transfer full) (element-type GStrv): rows for
 *   ado_cli_print_table(), the header in them; add each row of
 *   @n_columns cells (a #GStrv) after it
 */
GPtrArray *
ado_cli_table_new (const char * const *header,
                   guint               n_columns)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  char **row = g_new0 (char *, n_columns + 1);

  for (guint c = 0; c < n_columns; c++)
    row[c] = g_strdup (header[c]);
  g_ptr_array_add (rows, row);

  return rows;
}

/**
 * ado_cli_print_table:
 * @rows: (element-type GStrv): the rows, the header first, each with
 *   @n_columns cells
 * @n_columns: how many columns
 *
 * Prints @rows on stdout as aligned columns, two spaces apart.
 */
void
ado_cli_print_table (GPtrArray *rows,
                     guint      n_columns)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);

  g_return_if_fail (rows != NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], (guint)g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        append_cell (line, row[c], widths[c], c == n_columns - 1);
      printf ("%s\n", line->str);
    }
}

/**
 * ado_cli_json_add_string:
 * @value: (nullable): the member's value, %NULL for null
 *
 * Adds a member named @name to the object @builder is building.
 */
void
ado_cli_json_add_string (JsonBuilder *builder,
                         const char  *name,
                         const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * ado_cli_print_json:
 * @builder: a builder whose root is complete
 *
 * Prints what @builder built on stdout, indented by two spaces.
 */
void
ado_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}
