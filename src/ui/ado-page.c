/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-page.h"
#include "common/ado-browser.h"

/*
 * AdoPage is the base of the assistant's pages: each shows one step,
 * knows the progress, and says whether the step is complete enough for
 * Next.
 */

typedef struct
{
  AdoProgress  *progress;
  GCancellable *cancellable;
  AdoStep       step;
  GdkFrameClock *focus_clock;
  gulong        after_paint;
  guint         complete : 1;
} AdoPagePrivate;

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_STEP,
  PROP_COMPLETE,
  N_PROPS
};

G_DEFINE_TYPE_WITH_PRIVATE (AdoPage, ado_page, ADW_TYPE_BIN)

static GParamSpec *properties [N_PROPS];

static void
progress_changed_cb (AdoPage     *self,
                     AdoProgress *progress)
{
  if (ADO_PAGE_GET_CLASS (self)->progress_changed != NULL)
    ADO_PAGE_GET_CLASS (self)->progress_changed (self);
}

static void
open_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(AdoPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ado_browser_open_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ado_page_toast (self, error->message);
    }
}

/* The frame clock may have dropped its handlers already (its surface went) */
static void
stop_waiting_for_paint (AdoPage *self)
{
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  if (priv->focus_clock != NULL && priv->after_paint != 0 &&
      g_signal_handler_is_connected (priv->focus_clock, priv->after_paint))
    g_signal_handler_disconnect (priv->focus_clock, priv->after_paint);
  priv->after_paint = 0;
  g_clear_object (&priv->focus_clock);
}

/* Focus goes where Tab would go first, which GTK finds by the widgets'
 * positions: once the page is laid out, after the frame that shows it */
static void
after_paint_cb (AdoPage       *self,
                GdkFrameClock *clock)
{
  GtkWidget *scroller;
  GtkWidget *focus;
  graphene_rect_t bounds;

  stop_waiting_for_paint (self);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);

  /* The page opens at its top, its first sentence in view, whenever the
   * control fits on the first screen: the viewport scrolls to the focus */
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  scroller = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  if (scroller != NULL && gtk_widget_is_ancestor (scroller, GTK_WIDGET (self)))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));

      if (gtk_widget_compute_bounds (focus, content, &bounds) &&
          bounds.origin.y + bounds.size.height <= gtk_adjustment_get_page_size (adjustment))
        gtk_adjustment_set_value (adjustment, 0);
    }
}

static void
ado_page_constructed (GObject *object)
{
  AdoPage *self = (AdoPage *)object;
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  G_OBJECT_CLASS (ado_page_parent_class)->constructed (object);

  g_assert (ADO_IS_PROGRESS (priv->progress));

  g_signal_connect_object (priv->progress,
                           "changed",
                           G_CALLBACK (progress_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  progress_changed_cb (self, priv->progress);
}

static void
ado_page_dispose (GObject *object)
{
  AdoPage *self = (AdoPage *)object;
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  stop_waiting_for_paint (self);
  g_clear_object (&priv->progress);

  G_OBJECT_CLASS (ado_page_parent_class)->dispose (object);
}

static void
ado_page_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  AdoPage *self = ADO_PAGE (object);
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_object (value, priv->progress);
      break;

    case PROP_STEP:
      g_value_set_uint (value, priv->step);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_page_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  AdoPage *self = ADO_PAGE (object);
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      priv->progress = g_value_dup_object (value);
      break;

    case PROP_STEP:
      priv->step = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_page_class_init (AdoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ado_page_constructed;
  object_class->dispose = ado_page_dispose;
  object_class->get_property = ado_page_get_property;
  object_class->set_property = ado_page_set_property;

  properties [PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL,
                         ADO_TYPE_PROGRESS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL,
                       0, ADO_N_STEPS - 1, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ado_page_init (AdoPage *self)
{
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
}

AdoProgress *
ado_page_get_progress (AdoPage *self)
{
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  g_return_val_if_fail (ADO_IS_PAGE (self), NULL);

  return priv->progress;
}

AdoStep
ado_page_get_step (AdoPage *self)
{
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  g_return_val_if_fail (ADO_IS_PAGE (self), ADO_STEP_WELCOME);

  return priv->step;
}

/**
 * ado_page_get_complete:
 *
 * Returns: whether the step has what it needs for the assistant to move on
 */
gboolean
ado_page_get_complete (AdoPage *self)
{
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  g_return_val_if_fail (ADO_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
ado_page_set_complete (AdoPage  *self,
                       gboolean  complete)
{
  AdoPagePrivate *priv = ado_page_get_instance_private (self);

  g_return_if_fail (ADO_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COMPLETE]);
}

/**
 * ado_page_toast:
 * @message: a short sentence
 *
 * Shows @message in the window's toast overlay.
 */
void
ado_page_toast (AdoPage    *self,
                const char *message)
{
  g_return_if_fail (ADO_IS_PAGE (self));
  g_return_if_fail (message != NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/**
 * ado_page_copy:
 * @text: what to put on the clipboard
 * @toast: (nullable): what to say about it
 */
void
ado_page_copy (AdoPage    *self,
               const char *text,
               const char *toast)
{
  GdkClipboard *clipboard;

  g_return_if_fail (ADO_IS_PAGE (self));
  g_return_if_fail (text != NULL);

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  gdk_clipboard_set_text (clipboard, text);

  ado_page_toast (self, toast != NULL ? toast : _("Copied"));
}

/**
 * ado_page_open_uri:
 * @uri: a web address
 *
 * Opens @uri in the user's browser; a failure is told in a toast.
 */
void
ado_page_open_uri (AdoPage    *self,
                   const char *uri)
{
  AdoPagePrivate *priv = ado_page_get_instance_private (self);
  g_autoptr(GdkAppLaunchContext) context = NULL;

  g_return_if_fail (ADO_IS_PAGE (self));
  g_return_if_fail (uri != NULL);

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  ado_browser_open_async (uri,
                          G_APP_LAUNCH_CONTEXT (context),
                          priv->cancellable,
                          open_uri_cb,
                          g_object_ref (self));
}

/**
 * ado_page_focus_first_control:
 *
 * Puts the keyboard focus on the page's first control once the page is
 * laid out: after Next, Back or a jump, a keyboard user starts there.
 */
void
ado_page_focus_first_control (AdoPage *self)
{
  AdoPagePrivate *priv = ado_page_get_instance_private (self);
  GtkRoot *root;
  GdkFrameClock *clock;

  g_return_if_fail (ADO_IS_PAGE (self));

  /* Not left on the button that was pressed, nor on the page left behind */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root != NULL)
    gtk_root_set_focus (root, NULL);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock == NULL || priv->focus_clock != NULL)
    return;

  priv->focus_clock = g_object_ref (clock);
  /* Disconnected in after_paint_cb or dispose, whichever comes first */
  priv->after_paint = g_signal_connect_swapped (clock, "after-paint",
                                                G_CALLBACK (after_paint_cb), self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
