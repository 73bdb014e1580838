/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"

/*
 * A main() for a fuzz harness where there is no libFuzzer (gcc, every
 * build): every input of the seed corpus, then a fixed series of mutations
 * of them (byte flips, insertions, deletions, copies, splices, tokens
 * that parsers care about) from a fixed seed, until a number of inputs or
 * a time limit is reached. The output is TAP.
 *
 *   fuzz-…-driver [--mutations N] [--seconds S] [--seed N] CORPUS-DIR-OR-FILE…
 *
 * When an input breaks an invariant, it is written to
 * $G_TEST_BUILDDIR/crash-<harness> (else ./crash-<harness>) before the
 * program dies; give that file as the only argument to run it again. A
 * leak shows only at exit: find the smallest --mutations that leaks, and
 * --save-last writes that last input to a file.
 */

#define MAX_MUTANT_SIZE (64 * 1024)

static const char * const tokens[] = {
  "&", "=", "?", "#", "%", "%00", "%25", "%2", "%ff", "%C3%A9", "+", "&&", "==",
  "code=", "state=", "scope=", "error=", "error_description=", "state=fuzz-state-0123456789",
  "http://", "https://", "127.0.0.1", "[::1]", ":31416", "/callback", "@", "localhost",
  "\"", "\\", "\\u", "\\u0000", "\\ud800", "\\\"", "{", "}", "[", "]", ":", ",", "null",
  "true", "false", "-", "0", "1e999", "-0.0", "18446744073709551616", "9223372036854775807",
  "\"profileId\":", "\"accountInfo\":{", "\"access_token\":\"", "\"refresh_token\":\"",
  "\"expires_in\":", "\"token_type\":\"bearer\"", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80",
  "\xef\xbb\xbf", "\r\n", "\t", " ", "arn:aws:iam::", ":role/", ":user/", "amazon.",
  "amzn1.application-oa2-client.", "amzn1.oa2-cs.v1.",
};

static char crash_path[4096];
static const guint8 *current_data;
static volatile gsize current_size;

/* Async-signal-safe: open(), write(), close() only */
static void
save_current_input (int signum)
{
  if (current_data != NULL && crash_path[0] != '\0')
    {
      int fd = open (crash_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

      if (fd >= 0)
        {
          gsize done = 0;

          while (done < current_size)
            {
              ssize_t n = write (fd, current_data + done, current_size - done);

              if (n <= 0)
                break;
              done += (gsize)n;
            }
          close (fd);
        }
    }

  signal (signum, SIG_DFL);
  raise (signum);
}

static void
run_one (const guint8 *data,
         gsize         size)
{
  current_data = data;
  current_size = size;
  LLVMFuzzerTestOneInput (data, size);
  current_data = NULL;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Every file of @path (a directory, in name order) or @path itself */
static gboolean
load_corpus (const char  *path,
             GPtrArray   *inputs,
             GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, error);
      const char *name;

      if (dir == NULL)
        return FALSE;

      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (files, g_build_filename (path, name, NULL));
      g_ptr_array_sort (files, compare_paths);
    }
  else
    {
      g_ptr_array_add (files, g_strdup (path));
    }

  for (guint i = 0; i < files->len; i++)
    {
      char *contents;
      gsize length;

      if (!g_file_get_contents (g_ptr_array_index (files, i), &contents, &length, error))
        return FALSE;

      g_ptr_array_add (inputs, g_bytes_new_take (contents, length));
    }

  return TRUE;
}

static void
insert_bytes (GByteArray   *buffer,
              guint         at,
              const guint8 *bytes,
              guint         n)
{
  guint len = buffer->len;

  g_byte_array_set_size (buffer, len + n);
  memmove (buffer->data + at + n, buffer->data + at, len - at);
  memcpy (buffer->data + at, bytes, n);
}

static void
mutate (GRand      *rand,
        GByteArray *buffer,
        GPtrArray  *inputs)
{
  guint len = buffer->len;
  guint at = len > 0 ? (guint)g_rand_int_range (rand, 0, (gint32)len) : 0;

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0: /* flip a bit */
      if (len > 0)
        buffer->data[at] ^= (guint8)(1u << g_rand_int_range (rand, 0, 8));
      break;

    case 1: /* any byte */
      if (len > 0)
        buffer->data[at] = (guint8)g_rand_int_range (rand, 0, 256);
      break;

    case 2: /* insert a byte */
      {
        guint8 byte = (guint8)g_rand_int_range (rand, 0, 256);

        insert_bytes (buffer, at, &byte, 1);
      }
      break;

    case 3: /* delete a run */
      if (len > 0)
        {
          guint longest = MIN (len - at, 64);

          g_byte_array_remove_range (buffer, at,
                                     (guint)g_rand_int_range (rand, 1, (gint32)longest + 1));
        }
      break;

    case 4: /* repeat a run */
      if (len > 0 && len < MAX_MUTANT_SIZE / 2)
        {
          guint n = (guint)g_rand_int_range (rand, 1, (gint32)(len - at) + 1);
          guint times = (guint)g_rand_int_range (rand, 1, 9);
          g_autofree guint8 *run = g_memdup2 (buffer->data + at, n);

          for (guint i = 0; i < times; i++)
            insert_bytes (buffer, at, run, n);
        }
      break;

    case 5: /* truncate */
      g_byte_array_set_size (buffer, at);
      break;

    case 6: /* splice: this input's start, another one's end */
      {
        GBytes *other = g_ptr_array_index (inputs,
                                           g_rand_int_range (rand, 0, (gint32)inputs->len));
        gsize other_len;
        const guint8 *other_data = g_bytes_get_data (other, &other_len);
        gsize from = other_len > 0 ? (gsize)g_rand_int_range (rand, 0, (gint32)other_len) : 0;

        g_byte_array_set_size (buffer, at);
        g_byte_array_append (buffer, other_data + from, (guint)(other_len - from));
      }
      break;

    default: /* a token that a parser looks for */
      {
        const char *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];

        insert_bytes (buffer, at, (const guint8 *)token, (guint)strlen (token));
      }
      break;
    }

  if (buffer->len > MAX_MUTANT_SIZE)
    g_byte_array_set_size (buffer, MAX_MUTANT_SIZE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *harness = g_path_get_basename (argv[0]);
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  int mutations = 100000;
  int seconds = 10;
  int seed = 20240611;
  int done = 0;
  g_autofree char *save_last = NULL;
  gint64 deadline;
  const GOptionEntry entries[] = {
    { "mutations", 0, 0, G_OPTION_ARG_INT, &mutations, "How many mutated inputs to run", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Stop the mutations after this time", "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "The seed of the mutations", "N" },
    { "save-last", 0, 0, G_OPTION_ARG_FILENAME, &save_last, "Write the last input to FILE",
      "FILE" },
    { NULL }
  };

  context = g_option_context_new ("CORPUS-DIR-OR-FILE…");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "Give a corpus directory or file.");
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      if (!load_corpus (argv[i], inputs, &error))
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
    }
  if (inputs->len == 0)
    {
      g_printerr ("The corpus is empty.\n");
      return 2;
    }

  g_snprintf (crash_path, sizeof crash_path, "%s/crash-%s", dir != NULL ? dir : ".", harness);
  signal (SIGABRT, save_current_input);
  signal (SIGTRAP, save_current_input);
#ifndef __SANITIZE_ADDRESS__
  /* AddressSanitizer reports these itself */
  signal (SIGSEGV, save_current_input);
  signal (SIGBUS, save_current_input);
  signal (SIGFPE, save_current_input);
#endif

  g_print ("1..2\n");

  for (guint i = 0; i < inputs->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (inputs, i), &size);

      run_one (data, size);
    }
  g_print ("ok 1 - %u inputs of the corpus\n", inputs->len);

  rand = g_rand_new_with_seed ((guint32)seed);
  deadline = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;

  for (done = 0; done < mutations; done++)
    {
      GBytes *base = g_ptr_array_index (inputs, g_rand_int_range (rand, 0, (gint32)inputs->len));
      gsize size;
      const guint8 *data = g_bytes_get_data (base, &size);
      int rounds = g_rand_int_range (rand, 1, 6);

      /* The time is looked at now and then: a slow machine runs fewer */
      if (done % 256 == 0 && g_get_monotonic_time () > deadline)
        break;

      g_byte_array_set_size (buffer, 0);
      g_byte_array_append (buffer, data, (guint)size);
      for (int r = 0; r < rounds; r++)
        mutate (rand, buffer, inputs);

      run_one (buffer->data, buffer->len);
    }
  g_print ("ok 2 - %d mutated inputs (seed %d)\n", done, seed);

  if (save_last != NULL && !g_file_set_contents (save_last, (const char *)buffer->data,
                                                 buffer->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  return 0;
}
