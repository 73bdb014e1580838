/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-apply-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-apply-page.h"
#include "ads/ado-amazon.h"

struct _AdoApplyPage
{
  AdoPage       parent_instance;

  GtkWidget    *same_email_warning;
  GtkStack     *path_stack;
  GtkLabel     *apply_client_id_label;
  GtkWidget    *choose_path_button;
  GtkWidget    *submitted_button;
  GtkStack     *submitted_stack;
  GtkLabel     *submitted_description;
};

G_DEFINE_FINAL_TYPE (AdoApplyPage, ado_apply_page, ADO_TYPE_PAGE)

static void
update_submitted (AdoApplyPage *self)
{
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (self));
  g_autoptr(GDateTime) submitted = ado_progress_dup_submitted_at (progress);
  g_autoptr(GDateTime) expected = NULL;
  g_autoptr(GDateTime) due_end = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *submitted_text = NULL;
  g_autofree char *expected_text = NULL;
  g_autofree char *description = NULL;

  if (submitted == NULL)
    {
      gtk_stack_set_visible_child_name (self->submitted_stack, "not-submitted");
      return;
    }

  expected = ado_expected_decision_date (submitted);
  due_end = g_date_time_add_days (expected, 1);
  now = g_date_time_new_now_local ();

  /* Translators: a date, as in “Submitted on Sunday, 29 November” */
  submitted_text = g_date_time_format (submitted, _("%A, %-d %B"));
  /* Translators: a date, as in “expect an email by Monday, 30 November” */
  expected_text = g_date_time_format (expected, _("%A, %-d %B"));

  if (g_date_time_compare (now, due_end) < 0)
    description = g_strdup_printf (_("Submitted on %s. Amazon sends a confirmation email, then "
                                     "decides, usually within one business day: expect its answer "
                                     "by %s. Read the next step before you click any link in it."),
                                   submitted_text, expected_text);
  else
    description = g_strdup_printf (_("Submitted on %s. A decision was due by %s: look for "
                                     "Amazon’s email, in the spam folder too. Read the next "
                                     "step before you click any link in it."),
                                   submitted_text, expected_text);

  gtk_label_set_label (self->submitted_description, description);
  gtk_stack_set_visible_child_name (self->submitted_stack, "submitted");
}

static void
ado_apply_page_progress_changed (AdoPage *page)
{
  AdoApplyPage *self = ADO_APPLY_PAGE (page);
  AdoProgress *progress = ado_page_get_progress (page);
  g_autofree char *client_id = ado_progress_dup_client_id (progress);
  g_autoptr(GDateTime) submitted = ado_progress_dup_submitted_at (progress);

  /* Partners may register in the Partner Network with another address:
   * the same-email rule is the direct advertiser form's only */
  gtk_widget_set_visible (self->same_email_warning,
                          ado_progress_get_access_path (progress) == ADO_ACCESS_PATH_DIRECT);

  switch (ado_progress_get_access_path (progress))
    {
    case ADO_ACCESS_PATH_PARTNER:
      gtk_stack_set_visible_child_name (self->path_stack, "partner");
      break;

    case ADO_ACCESS_PATH_DIRECT:
      gtk_stack_set_visible_child_name (self->path_stack, "direct");
      break;

    case ADO_ACCESS_PATH_UNSET:
    default:
      gtk_stack_set_visible_child_name (self->path_stack, "unset");
      break;
    }

  if (client_id[0] != '\0')
    gtk_label_set_label (self->apply_client_id_label, client_id);
  else
    gtk_label_set_label (self->apply_client_id_label, _("The client from the previous step"));

  update_submitted (self);
  /* Nothing to submit before the path is chosen */
  gtk_widget_set_visible (GTK_WIDGET (self->submitted_stack),
                          submitted != NULL ||
                          ado_progress_get_access_path (progress) != ADO_ACCESS_PATH_UNSET);
  ado_page_set_complete (page, submitted != NULL);

  /* Choose (before the path is chosen) or "I Have Submitted" leads until
   * the application is submitted; then Next does */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? self->choose_path_button : self->submitted_button;

      if (submitted != NULL)
        gtk_widget_remove_css_class (button, "suggested-action");
      else
        gtk_widget_add_css_class (button, "suggested-action");
    }
}

/* The page's links: each action opens one of Amazon's pages */
static const struct
{
  const char *action;
  const char *url;
} links[] = {
  { "apply.open-partner-network", ADO_URL_PARTNER_NETWORK },
  { "apply.open-direct-form", ADO_URL_DIRECT_FORM },
  { "apply.open-about-api", ADO_URL_ABOUT_API },
  { "apply.open-license", ADO_URL_LICENSE },
  { "apply.open-data-policy", ADO_URL_DATA_POLICY },
  { "apply.open-support", ADO_URL_API_SUPPORT },
};

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      if (g_str_equal (action_name, links[i].action))
        {
          ado_page_open_uri (ADO_PAGE (widget), links[i].url);
          return;
        }
    }

  g_assert_not_reached ();
}

static void
submitted_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AdoProgress *progress = ado_page_get_progress (ADO_PAGE (widget));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  ado_progress_set_submitted_at (progress, now);
}

static void
undo_submitted_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  ado_progress_set_submitted_at (ado_page_get_progress (ADO_PAGE (widget)), NULL);
}

static void
ado_apply_page_class_init (AdoApplyPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdoPageClass *page_class = ADO_PAGE_CLASS (klass);

  page_class->progress_changed = ado_apply_page_progress_changed;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "ui/ado-apply-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AdoApplyPage, same_email_warning);
  gtk_widget_class_bind_template_child (widget_class, AdoApplyPage, path_stack);
  gtk_widget_class_bind_template_child (widget_class, AdoApplyPage, apply_client_id_label);
  gtk_widget_class_bind_template_child (widget_class, AdoApplyPage, choose_path_button);
  gtk_widget_class_bind_template_child (widget_class, AdoApplyPage, submitted_button);
  gtk_widget_class_bind_template_child (widget_class, AdoApplyPage, submitted_stack);
  gtk_widget_class_bind_template_child (widget_class, AdoApplyPage, submitted_description);

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    gtk_widget_class_install_action (widget_class, links[i].action, NULL, open_link_action);
  gtk_widget_class_install_action (widget_class, "apply.submitted", NULL, submitted_action);
  gtk_widget_class_install_action (widget_class, "apply.undo-submitted", NULL,
                                   undo_submitted_action);
}

static void
ado_apply_page_init (AdoApplyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ado_apply_page_new (AdoProgress *progress)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (progress), NULL);

  return g_object_new (ADO_TYPE_APPLY_PAGE,
                       "progress", progress,
                       "step", ADO_STEP_APPLY,
                       NULL);
}
