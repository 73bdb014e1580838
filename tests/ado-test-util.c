/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "ado-test-util.h"

/* What the window tests share: waiting without hanging, finding template
 * children, the clipboard, screenshots, free ports. */

static gboolean
timeout_cb (gpointer data)
{
  gboolean *flag = data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

void
ado_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
ado_test_wait_until (AdoTestCondition  condition,
                     gpointer          data,
                     const char       *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

gboolean
ado_test_is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

GtkWidget *
ado_test_find_by_id (GtkWidget  *root,
            const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *child_id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (child));
      GtkWidget *found;

      if (g_strcmp0 (child_id, id) == 0)
        return child;
      if ((found = ado_test_find_by_id (child, id)) != NULL)
        return found;
    }

  return NULL;
}

/**
 * ado_test_free_port:
 *
 * Returns: a TCP port on 127.0.0.1 that nothing listens on right now
 */
int
ado_test_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any_port, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *)data)->done;
}

char *
ado_test_read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget),
                                 NULL, clipboard_read_cb, &read);
  ado_test_wait_until (clipboard_read_done, &read, "the clipboard");
  return read.text;
}

void
ado_test_save_screenshot (GtkWidget  *widget,
                          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) back = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* Let the last change reach the screen first */
  ado_test_spin (400);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  /* A slow machine (or a sanitizer build) may not have drawn yet: the
   * paintable is empty until the window's next frame */
  for (guint attempt = 0; node == NULL && attempt < 50; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_to_node (snapshot);
      if (node == NULL)
        {
          gtk_widget_queue_draw (widget);
          ado_test_spin (100);
          width = gtk_widget_get_width (widget);
          height = gtk_widget_get_height (widget);
        }
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  back = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (back);
  g_assert_cmpint (gdk_texture_get_width (back), ==, width);
  g_test_message ("Screenshot: %s", path);
}

