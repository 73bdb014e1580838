/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-window-private.h"
#include "ado-accessible.h"
#include "ado-accounts-page.h"
#include "ado-apply-page.h"
#include "ado-assign-page.h"
#include "ado-client-page.h"
#include "ado-connect-page.h"
#include "ado-data-provider-page.h"
#include "ado-step-row.h"
#include "ado-verify-page.h"
#include "ado-welcome-page.h"

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_ACCOUNTS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (AdoWindow, ado_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties [N_PROPS];

static void
update_step_row (AdoWindow *self,
                 AdoStep    step)
{
  GtkWidget *row = self->step_rows[step];

  gtk_widget_set_visible (row, ado_progress_step_is_visible (self->progress, step));
  ado_step_row_update (ADO_STEP_ROW (row),
                       ado_progress_get_step_position (self->progress, step),
                       ado_progress_get_step_state (self->progress, step));
}

static void
update_step_menu (AdoWindow *self,
                  AdoStep    current)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *label = NULL;

  for (AdoStep step = 0; step < ADO_N_STEPS; step++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *item_label = NULL;

      if (!ado_progress_step_is_visible (self->progress, step))
        continue;

      /* Translators: a step in the step menu, e.g. “2. Apply for API Access — Done” */
      item_label = g_strdup_printf (_("%u. %s — %s"),
                                    ado_progress_get_step_position (self->progress, step),
                                    ado_step_get_title (step),
                                    ado_step_state_get_label (ado_progress_get_step_state (self->progress, step)));
      item = g_menu_item_new (item_label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.go-to-step",
                                               g_variant_new_string (ado_step_get_id (step)));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->step_menu_button, G_MENU_MODEL (menu));

  /* Translators: the button that opens the step menu on narrow windows */
  label = g_strdup_printf (_("Step %u of %u"),
                           ado_progress_get_step_position (self->progress, current),
                           ado_progress_get_n_visible_steps (self->progress));
  adw_window_title_set_title (self->step_menu_title, label);
  adw_window_title_set_subtitle (self->step_menu_title,
                                 ado_step_state_get_label (ado_progress_get_step_state (self->progress,
                                                                                        current)));
}

/* Next is the suggested button once the page has what it needs; before
 * that, the page's own main button is. The last step ends with Done. */
static void
update_navigation (AdoWindow *self)
{
  AdoStep current = ado_progress_get_current_step (self->progress);
  gboolean complete = ado_page_get_complete (ADO_PAGE (self->page_widgets[current]));
  gboolean last;
  AdoStep other;

  last = !ado_progress_get_next_step (self->progress, current, &other);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 ado_progress_get_previous_step (self->progress, current, &other));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next", last || complete);

  gtk_button_set_label (self->next_button, last ? _("_Done") : _("_Next"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button),
                               last ? _("Close the assistant") : _("Next step (Alt+Right)"));
  if (complete)
    gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->next_button), "suggested-action");
}

static void
update_all (AdoWindow *self)
{
  AdoStep current = ado_progress_get_current_step (self->progress);

  self->updating = TRUE;

  for (AdoStep step = 0; step < ADO_N_STEPS; step++)
    update_step_row (self, step);

  gtk_stack_set_visible_child (self->pages, self->page_widgets[current]);
  gtk_list_box_select_row (self->steps_list, GTK_LIST_BOX_ROW (self->step_rows[current]));

  /* The step's one title, above its page at every width */
  gtk_label_set_label (self->page_heading, ado_step_get_title (current));
  update_step_menu (self, current);
  update_navigation (self);

  self->updating = FALSE;
}

static void
progress_changed_cb (AdoWindow   *self,
                     AdoProgress *progress)
{
  update_all (self);
}

static void
page_complete_cb (AdoWindow  *self,
                  GParamSpec *pspec,
                  AdoPage    *page)
{
  update_navigation (self);
}

/* The selection shows the current step and nothing else: focus moving
 * through the list (Tab, the arrow keys) selects the row it lands on, which
 * is put back here. Only activation (a click, Enter, Space) goes there. */
static void
step_row_selected_cb (AdoWindow     *self,
                      GtkListBoxRow *row,
                      GtkListBox    *list)
{
  GtkListBoxRow *current;

  if (self->updating)
    return;

  current = GTK_LIST_BOX_ROW (self->step_rows[ado_progress_get_current_step (self->progress)]);
  if (row == current)
    return;

  self->updating = TRUE;
  gtk_list_box_select_row (list, current);
  self->updating = FALSE;
}

static void
step_row_activated_cb (AdoWindow     *self,
                       GtkListBoxRow *row,
                       GtkListBox    *list)
{
  _ado_window_go_to_step (self, ado_step_row_get_step (ADO_STEP_ROW (row)));
}

static void
add_page (AdoWindow *self,
          GtkWidget *page)
{
  AdoStep step = ado_page_get_step (ADO_PAGE (page));

  self->page_widgets[step] = page;
  gtk_stack_add_named (self->pages, page, ado_step_get_id (step));
  g_signal_connect_object (page, "notify::complete",
                           G_CALLBACK (page_complete_cb), self,
                           G_CONNECT_SWAPPED);

  self->step_rows[step] = ado_step_row_new (step);
  gtk_list_box_append (self->steps_list, self->step_rows[step]);
}

static void
ado_window_constructed (GObject *object)
{
  AdoWindow *self = (AdoWindow *)object;
  GSettings *settings;
  g_autoptr(GSimpleActionGroup) onboarding = g_simple_action_group_new ();
  g_autoptr(GAction) access_path = NULL;

  G_OBJECT_CLASS (ado_window_parent_class)->constructed (object);

  g_assert (ADO_IS_PROGRESS (self->progress));
  settings = ado_progress_get_settings (self->progress);

  access_path = g_settings_create_action (settings, "access-path");
  g_action_map_add_action (G_ACTION_MAP (onboarding), access_path);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "onboarding", G_ACTION_GROUP (onboarding));

  add_page (self, ado_welcome_page_new (self->progress));
  add_page (self, ado_client_page_new (self->progress));
  add_page (self, ado_apply_page_new (self->progress));
  add_page (self, ado_assign_page_new (self->progress));
  add_page (self, ado_data_provider_page_new (self->progress));
  add_page (self, ado_connect_page_new (self->progress, self->accounts));
  add_page (self, ado_verify_page_new (self->progress, self->accounts));
  add_page (self, ado_accounts_page_new (self->progress, self->accounts));

  if (ado_accounts_get_demo (self->accounts))
    {
      gtk_widget_set_visible (self->demo_banner, TRUE);
      gtk_window_set_title (GTK_WINDOW (self), _("Ads Onboarding (Demo)"));
    }

  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->steps_list, "row-selected",
                           G_CALLBACK (step_row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->steps_list, "row-activated",
                           G_CALLBACK (step_row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->progress, "changed",
                           G_CALLBACK (progress_changed_cb), self,
                           G_CONNECT_SWAPPED);

  update_all (self);

  /* The pages not on screen are read too */
  ado_accessible_fix_names (GTK_WIDGET (self));
}

static void
ado_window_dispose (GObject *object)
{
  AdoWindow *self = (AdoWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ADO_TYPE_WINDOW);
  memset (self->page_widgets, 0, sizeof self->page_widgets);
  memset (self->step_rows, 0, sizeof self->step_rows);

  G_OBJECT_CLASS (ado_window_parent_class)->dispose (object);
}

static void
ado_window_finalize (GObject *object)
{
  AdoWindow *self = (AdoWindow *)object;

  g_clear_object (&self->progress);
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (ado_window_parent_class)->finalize (object);
}

static void
ado_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  AdoWindow *self = ADO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_object (value, self->progress);
      break;

    case PROP_ACCOUNTS:
      g_value_set_object (value, self->accounts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  AdoWindow *self = ADO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      self->progress = g_value_dup_object (value);
      break;

    case PROP_ACCOUNTS:
      self->accounts = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_window_class_init (AdoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ado_window_constructed;
  object_class->dispose = ado_window_dispose;
  object_class->finalize = ado_window_finalize;
  object_class->get_property = ado_window_get_property;
  object_class->set_property = ado_window_set_property;

  properties [PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL,
                         ADO_TYPE_PROGRESS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_ACCOUNTS] =
    g_param_spec_object ("accounts", NULL, NULL,
                         ADO_TYPE_ACCOUNTS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, steps_list);
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, step_menu_button);
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, step_menu_title);
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, page_heading);
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, AdoWindow, next_button);

  _ado_window_class_install_actions (widget_class);

  g_type_ensure (ADO_TYPE_PAGE);

  /* Buttons read once, without their mnemonic mark, in every window */
  ado_accessible_install_name_fixes ();
}

static void
ado_window_init (AdoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Folded, the page is what shows; the step menu replaces the list */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

AdoWindow *
ado_window_new (AdwApplication *application,
                AdoProgress    *progress,
                AdoAccounts    *accounts)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ADO_IS_ACCOUNTS (accounts), NULL);

  return g_object_new (ADO_TYPE_WINDOW,
                       "application", application,
                       "progress", progress,
                       "accounts", accounts,
                       NULL);
}

AdoProgress *
ado_window_get_progress (AdoWindow *self)
{
  g_return_val_if_fail (ADO_IS_WINDOW (self), NULL);

  return self->progress;
}

/**
 * ado_window_get_visible_step:
 *
 * Returns: the step whose page is on screen
 */
AdoStep
ado_window_get_visible_step (AdoWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (ADO_IS_WINDOW (self), ADO_STEP_WELCOME);

  child = gtk_stack_get_visible_child (self->pages);
  return ado_page_get_step (ADO_PAGE (child));
}

GtkWidget *
ado_window_get_page (AdoWindow *self,
                     AdoStep    step)
{
  g_return_val_if_fail (ADO_IS_WINDOW (self), NULL);
  g_return_val_if_fail (step < ADO_N_STEPS, NULL);

  return self->page_widgets[step];
}
