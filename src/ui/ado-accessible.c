/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-accessible"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "ado-accessible.h"

/*
 * What a screen reader reads for a button with a mnemonic.
 *
 * GTK 4.8 gives such a button its raw label as accessible label and
 * its label child as "labelled by" as well, and a screen reader joins
 * the two: "_Next Next", or "Copy the profile ID 1234 Copy" for a button
 * given a name of its own. A check button keeps only the raw label,
 * underscore included ("_Partner"). Here every such button, wherever it
 * is made (pages, rows, dialogs), is given its label without the
 * mnemonic mark as its one name, unless it was given a name of its own,
 * which then stands alone.
 */

/* "_Save" → "Save", "Fish __and Chips" → "Fish _and Chips" */
static char *
strip_mnemonic (const char *label)
{
  GString *plain = g_string_sized_new (strlen (label));

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (plain, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (plain, *p);
    }

  return g_string_free (plain, FALSE);
}

static const char *
mnemonic_label (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)))
    return gtk_button_get_label (GTK_BUTTON (widget));

  if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));

  return NULL;
}

static void
fix_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  const char *label = mnemonic_label (widget);
  g_autofree char *differs = NULL;
  g_autofree char *plain = NULL;

  if (GTK_IS_EXPANDER (widget))
    {
      /* GTK 4.8 names an expander after its type: its label is its name */
      label = gtk_expander_get_label (GTK_EXPANDER (widget));
      if (label == NULL)
        return;
      plain = gtk_expander_get_use_underline (GTK_EXPANDER (widget))
              ? strip_mnemonic (label) : g_strdup (label);
      gtk_accessible_update_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
      return;
    }

  if (label == NULL)
    {
      /* A check button given a name of its own is read by it, then by
       * its label or the row it sits in (AdwActionRow labels its
       * activatable widget): the name stands alone */
      if (GTK_IS_CHECK_BUTTON (widget) &&
          gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
        gtk_accessible_reset_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      return;
    }

  differs = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, label);
  if (differs == NULL)
    {
      /* GTK's own name, with the mark if any: the label as read */
      plain = strip_mnemonic (label);
      gtk_accessible_update_property (accessible,
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, plain,
                                      -1);
    }

  /* Either way the label child must not be read a second time */
  gtk_accessible_reset_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* libadwaita 1.2 leaves some of its own buttons unnamed: the ones inside
 * an entry row (apply it, show the password) and a toast's close button */
static void
name_library_button (GtkWidget *widget)
{
  const char *name = NULL;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) != NULL ||
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return;

  if (gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW) != NULL)
    {
      if (!GTK_IS_TOGGLE_BUTTON (widget))
        name = _("Apply");
      else if (gtk_widget_get_ancestor (widget, ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL)
        name = _("Show the Text");
    }
  else if (g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic") == 0 &&
           gtk_widget_get_ancestor (widget, g_type_from_name ("AdwToastWidget")) != NULL)
    {
      name = _("Dismiss");
    }

  if (name != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
}

#define WATCHED_KEY "ado-accessible-watched"

static void
label_notify_cb (GtkWidget  *widget,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  fix_name (widget);
}

/* Mends @widget's name now, and again whenever GTK sets it anew */
static void
watch (GtkWidget *widget)
{
  if (!GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget) && !GTK_IS_EXPANDER (widget))
    return;

  name_library_button (widget);

  if (g_object_get_data (G_OBJECT (widget), WATCHED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (widget), WATCHED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect_after (widget, "notify::label", G_CALLBACK (label_notify_cb), NULL);
      g_signal_connect_after (widget, "notify::use-underline", G_CALLBACK (label_notify_cb), NULL);
    }

  fix_name (widget);
}

static gboolean
map_hook_cb (GSignalInvocationHint *hint,
             guint                  n_values,
             const GValue          *values,
             gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  /* A row added later may hold buttons that are not shown yet (an
   * expander row's content, a state that comes later) */
  if (GTK_IS_LIST_BOX_ROW (widget))
    ado_accessible_fix_names (widget);
  else
    watch (widget);

  return TRUE;
}

static gboolean
enabled (void)
{
  /* Without accessibility GTK makes no names to mend (and none to read) */
  return g_strcmp0 (g_getenv ("GTK_A11Y"), "none") != 0;
}

/**
 * ado_accessible_fix_names:
 * @root: a widget
 *
 * Mends the names of the buttons below @root that are built but not shown
 * (a page not on screen, the other state of a stack): a screen reader
 * finds them in the tree all the same.
 */
void
ado_accessible_fix_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (!enabled ())
    return;

  watch (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ado_accessible_fix_names (child);
}

/**
 * ado_accessible_install_name_fixes:
 *
 * Makes every button with a mnemonic read once and without its mark from
 * the moment it is shown (rows and dialogs made later included). Call
 * once, after gtk_init().
 */
void
ado_accessible_install_name_fixes (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      if (enabled ())
        g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                    map_hook_cb, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
