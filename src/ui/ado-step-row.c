/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-step-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-step-row.h"

/*
 * A step in the window's list: a badge with its number (or a check mark,
 * or a warning), its title, and its state in words.
 */

struct _AdoStepRow
{
  GtkListBoxRow  parent_instance;

  AdoStep        step;

  GtkStack      *badge;
  GtkLabel      *number_label;
  GtkLabel      *title_label;
  GtkLabel      *state_label;
};

enum {
  PROP_0,
  PROP_STEP,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (AdoStepRow, ado_step_row, GTK_TYPE_LIST_BOX_ROW)

static GParamSpec *properties [N_PROPS];

static const char *
state_css_class (AdoStepState state)
{
  switch (state)
    {
    case ADO_STEP_STATE_NOT_STARTED:
      return "not-started";
    case ADO_STEP_STATE_IN_PROGRESS:
      return "in-progress";
    case ADO_STEP_STATE_DONE:
      return "done";
    case ADO_STEP_STATE_NEEDS_ATTENTION:
      return "needs-attention";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
ado_step_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AdoStepRow *self = ADO_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_step_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AdoStepRow *self = ADO_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      self->step = g_value_get_uint (value);
      gtk_label_set_label (self->title_label, ado_step_get_title (self->step));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_step_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ADO_TYPE_STEP_ROW);

  G_OBJECT_CLASS (ado_step_row_parent_class)->dispose (object);
}

static void
ado_step_row_class_init (AdoStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ado_step_row_get_property;
  object_class->set_property = ado_step_row_set_property;
  object_class->dispose = ado_step_row_dispose;

  properties [PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL,
                       0, ADO_N_STEPS - 1, ADO_STEP_WELCOME,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoStepRow, badge);
  gtk_widget_class_bind_template_child (widget_class, AdoStepRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, AdoStepRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, AdoStepRow, state_label);
}

static void
ado_step_row_init (AdoStepRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_step_row_new (AdoStep step)
{
  g_return_val_if_fail (step < ADO_N_STEPS, NULL);

  return g_object_new (ADO_TYPE_STEP_ROW,
                       "step", step,
                       NULL);
}

AdoStep
ado_step_row_get_step (AdoStepRow *self)
{
  g_return_val_if_fail (ADO_IS_STEP_ROW (self), ADO_STEP_WELCOME);

  return self->step;
}

/**
 * ado_step_row_update:
 * @position: the step's number among the steps shown
 * @state: where the step stands
 *
 * Shows the step's number and state, to the eye and to a screen reader.
 */
void
ado_step_row_update (AdoStepRow   *self,
                     guint         position,
                     AdoStepState  state)
{
  g_autofree char *number_text = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (ADO_IS_STEP_ROW (self));

  number_text = g_strdup_printf ("%u", position);
  gtk_label_set_label (self->number_label, number_text);
  gtk_label_set_label (self->state_label, ado_step_state_get_label (state));

  for (AdoStepState s = ADO_STEP_STATE_NOT_STARTED; s <= ADO_STEP_STATE_NEEDS_ATTENTION; s++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), state_css_class (s));
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), state_css_class (state));

  if (state == ADO_STEP_STATE_DONE)
    gtk_stack_set_visible_child_name (self->badge, "done");
  else if (state == ADO_STEP_STATE_NEEDS_ATTENTION)
    gtk_stack_set_visible_child_name (self->badge, "needs-attention");
  else
    gtk_stack_set_visible_child_name (self->badge, "number");

  /* Translators: read by screen readers for a step in the list, e.g.
   * “Step 2, Create a Login with Amazon Client: Done” */
  accessible = g_strdup_printf (_("Step %u, %s: %s"),
                                position,
                                ado_step_get_title (self->step),
                                ado_step_state_get_label (state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}
