/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-demo-server"

#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>

#include "ado-demo-server-private.h"

/*
 * What the endpoints of the imitation share: random codes and tokens, the
 * HTML pages, the token answers held back (slow or silent), and answers
 * dribbled a piece every second.
 */

/* A dribbled answer: a piece every second, all of it in this many */
#define DRIBBLE_SECONDS 90

/* A token request answered late (slow) or never (silent) */
typedef struct
{
  AdoDemoServer     *self;
  SoupServerMessage *msg;
  GSource           *timeout;
  gulong             finished_id;
} AdoDemoHeld;

/* An answer sent a piece at a time on a connection taken from libsoup */
typedef struct
{
  AdoDemoServer *self;
  GIOStream     *stream;
  GBytes        *response;
  gsize          sent;
  gsize          piece;
  GSource       *timer;
} AdoDemoDribble;

void
ado_demo_grant_request_free (AdoDemoGrantRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->client_id);
  g_free (request->redirect_uri);
  g_free (request->state);
  g_free (request->scope);
  g_free (request->challenge);
  g_free (request);
}

static void
fill_random (guint8 *buffer,
             gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;

          /* An imitation can live with a weaker source */
          g_debug ("getrandom() failed (%s), using GRand", g_strerror (errno));
          for (; done < length; done++)
            buffer[done] = (guint8)g_random_int_range (0, 256);
          return;
        }

      done += (gsize)n;
    }
}

/* A random string of @length characters from @alphabet, without bias. */
char *
ado_demo_random_string (const char *alphabet,
                        gsize       length)
{
  gsize n_symbols = strlen (alphabet);
  guint limit;
  GString *out;

  g_assert (n_symbols > 0 && n_symbols <= 256);

  limit = 256 - (256 % (guint)n_symbols);
  out = g_string_sized_new (length);

  while (out->len < length)
    {
      guint8 buffer[64];

      fill_random (buffer, sizeof buffer);
      for (gsize i = 0; i < sizeof buffer && out->len < length; i++)
        {
          if (buffer[i] < limit)
            g_string_append_c (out, alphabet[buffer[i] % n_symbols]);
        }
    }

  return g_string_free (out, FALSE);
}

void
ado_demo_set_html (SoupServerMessage *msg,
                   guint              status,
                   const char        *title,
                   const char        *body_html)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *demo = g_markup_escape_text (_("Demo: an imitation of Login with Amazon on "
                                                  "this computer. No Amazon account is used."),
                                                -1);
  char *page;

  page = g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"en\">\n"
                          "<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width\">\n"
                          "<title>%s</title>\n"
                          "</head>\n"
                          "<body>\n"
                          "<p><strong>%s</strong></p>\n"
                          "%s\n"
                          "</body>\n"
                          "</html>\n",
                          escaped_title, demo, body_html);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "text/html; charset=utf-8",
                                    SOUP_MEMORY_TAKE, page, strlen (page));
}

void
ado_demo_held_free (gpointer data)
{
  AdoDemoHeld *held = data;

  if (held->timeout != NULL)
    {
      g_source_destroy (held->timeout);
      g_source_unref (held->timeout);
    }
  g_clear_signal_handler (&held->finished_id, held->msg);
  g_object_unref (held->msg);
  g_free (held);
}

static void
held_finished_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  AdoDemoHeld *held = user_data;

  /* The client went away, or the server is closing */
  g_debug ("A held token request ended without an answer");
  g_ptr_array_remove_fast (held->self->held, held);
}

static gboolean
held_timeout_cb (gpointer user_data)
{
  AdoDemoHeld *held = user_data;
  AdoDemoServer *self = held->self;
  g_autoptr(SoupServerMessage) msg = g_object_ref (held->msg);

  g_debug ("Answering a slow token request");
  g_ptr_array_remove_fast (self->held, held);

  ado_demo_server_answer_token (self, msg);
  soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

/* Pauses @msg; answers it after @delay_ms, or never when @delay_ms is 0
 * (until the server stops). Server thread only. */
void
ado_demo_server_hold (AdoDemoServer     *self,
                      SoupServerMessage *msg,
                      guint              delay_ms)
{
  AdoDemoHeld *held = g_new0 (AdoDemoHeld, 1);

  held->self = self;
  held->msg = g_object_ref (msg);
  held->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (held_finished_cb), held);

  if (delay_ms > 0)
    {
      held->timeout = g_timeout_source_new (delay_ms);
      g_source_set_callback (held->timeout, held_timeout_cb, held, NULL);
      g_source_set_static_name (held->timeout, "[ado-demo-server] slow answer");
      g_source_attach (held->timeout, self->context);
    }

  g_ptr_array_add (self->held, held);
  soup_server_message_pause (msg);
}

void
ado_demo_dribble_free (gpointer data)
{
  AdoDemoDribble *dribble = data;

  if (dribble->timer != NULL)
    {
      g_source_destroy (dribble->timer);
      g_source_unref (dribble->timer);
    }
  g_clear_object (&dribble->stream);
  g_bytes_unref (dribble->response);
  g_free (dribble);
}

/* Sends the next piece: FALSE once all was said or the client went */
static gboolean
dribble_next (AdoDemoDribble *dribble,
              gsize           count)
{
  GOutputStream *output = g_io_stream_get_output_stream (dribble->stream);
  gsize length;
  const char *response = g_bytes_get_data (dribble->response, &length);
  gssize written;

  count = MIN (count, length - dribble->sent);
  if (count == 0)
    return FALSE;

  written = g_output_stream_write (output, response + dribble->sent, count, NULL, NULL);
  if (written <= 0)
    return FALSE;

  dribble->sent += (gsize)written;
  return dribble->sent < length;
}

static gboolean
dribble_cb (gpointer user_data)
{
  AdoDemoDribble *dribble = user_data;

  if (dribble_next (dribble, dribble->piece))
    return G_SOURCE_CONTINUE;

  g_debug ("A dribbled answer ended after %" G_GSIZE_FORMAT " bytes", dribble->sent);
  /* Frees it and destroys its timer (GLib keeps the source itself until
   * this returns) */
  g_ptr_array_remove_fast (dribble->self->dribbles, dribble);
  return G_SOURCE_REMOVE;
}

/**
 * ado_demo_server_dribble:
 * @body: JSON; padded with spaces at the end to at least one byte a second
 *
 * Answers @msg with @status and @body, well formed, but slowly: the head
 * at once, then the body a piece every second, so that each read gets
 * something (no per-read timeout trips) and the whole takes 90 s or a
 * little more. The connection is taken from libsoup, which would otherwise
 * send it at once. Server thread only.
 */
void
ado_demo_server_dribble (AdoDemoServer     *self,
                         SoupServerMessage *msg,
                         guint              status,
                         const char        *content_type,
                         const char        *body)
{
  g_autoptr(GString) padded = g_string_new (body);
  g_autoptr(GString) response = NULL;
  AdoDemoDribble *dribble;
  gsize head;

  while (padded->len < DRIBBLE_SECONDS)
    g_string_append_c (padded, ' ');

  response = g_string_new (NULL);
  g_string_append_printf (response,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: %s\r\n"
                          "Cache-Control: no-store\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "\r\n",
                          status, soup_status_get_phrase (status), content_type, padded->len);
  head = response->len;
  g_string_append_len (response, padded->str, padded->len);

  dribble = g_new0 (AdoDemoDribble, 1);
  dribble->self = self;
  /* Rounded down: the last piece comes after DRIBBLE_SECONDS or later */
  dribble->piece = padded->len / DRIBBLE_SECONDS;
  dribble->response = g_string_free_to_bytes (g_steal_pointer (&response));
  dribble->stream = soup_server_message_steal_connection (msg);
  if (dribble->stream == NULL || !dribble_next (dribble, head))
    {
      ado_demo_dribble_free (dribble);
      return;
    }

  dribble->timer = g_timeout_source_new (1000);
  g_source_set_callback (dribble->timer, dribble_cb, dribble, NULL);
  g_source_set_static_name (dribble->timer, "[ado-demo-server] dribbled answer");
  g_source_attach (dribble->timer, self->context);
  g_ptr_array_add (self->dribbles, dribble);
}
