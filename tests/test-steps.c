/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first steps of the assistant (Welcome, the client, Apply, Assign, the
 * data provider API) as their users meet them: by mouse, keyboard and
 * screen reader. */
#include "config.h"

#include <adwaita.h>

#include "auth/ado-checks.h"
#include "ui/ado-page.h"
#include "ui/ado-window.h"

#include "ado-test-util.h"

#define GOOD_CLIENT_ID "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
#define APPROVAL_LINK "https://advertising.amazon.com/api-access/assign?token=t0k3n"
#define SPARE_REDIRECT_URI "http://127.0.0.1:31417/callback"

/* The most words a page may show before its first control */
#define MAX_LEAD_WORDS 20

static AdwApplication *app;

typedef AdoTestWindowFixture Fixture;

/* The pages of this program, each in the state it is measured in */
static const struct
{
  AdoStep     step;
  const char *access_path;
  const char *first_control;
} pages[] = {
  { ADO_STEP_WELCOME, "unset", "partner_check" },
  { ADO_STEP_CLIENT, "partner", "console_button" },
  { ADO_STEP_APPLY, "unset", "choose_path_button" },
  { ADO_STEP_APPLY, "partner", "partner_open_button" },
  { ADO_STEP_APPLY, "direct", "direct_open_button" },
  { ADO_STEP_ASSIGN, "partner", "signed_out_switch" },
  { ADO_STEP_DATA_PROVIDER, "partner", "copy_ticket_button" },
};

/* Helpers */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  ado_test_window_fixture_set_up (f, "ado-steps-XXXXXX", FALSE);
  /* The data provider step is among the steps */
  g_settings_set_boolean (f->settings, "data-provider", TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ado_test_window_fixture_tear_down (f);
}

static GtkWidget *
page_child (Fixture    *f,
            AdoStep     step,
            const char *id)
{
  return ado_test_page_child (f->window, step, id);
}

/* Shows @step with the access path @path chosen */
static GtkWidget *
show_step (Fixture    *f,
           AdoStep     step,
           const char *path)
{
  g_settings_set_string (f->settings, "access-path", path);
  ado_test_activate (f->window, NULL,
                     "win.go-to-step", g_variant_new_string (ado_step_get_id (step)));
  ado_test_spin (50);
  g_assert_cmpint (ado_window_get_visible_step (f->window), ==, step);
  return ado_window_get_page (f->window, step);
}

static gboolean
is_row_header_of_expander (GtkWidget *row)
{
  GtkWidget *expander = gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW);
  GtkWidget *revealer = gtk_widget_get_ancestor (row, GTK_TYPE_REVEALER);

  return expander != NULL && (revealer == NULL || gtk_widget_is_ancestor (expander, revealer));
}

/* Whether @widget does something when the person uses it: a button, a
 * check or radio button, a switch, a text field, an expander, or a row
 * that activates an action, a widget, or expands */
static gboolean
is_control (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
      GTK_IS_TEXT (widget) || GTK_IS_TEXT_VIEW (widget) || GTK_IS_EXPANDER (widget))
    return TRUE;

  if (GTK_IS_LIST_BOX_ROW (widget) && gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget)))
    {
      if (GTK_IS_ACTIONABLE (widget) &&
          gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL)
        return TRUE;
      if (ADW_IS_ACTION_ROW (widget) &&
          adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) != NULL)
        return TRUE;
      return is_row_header_of_expander (widget);
    }

  return FALSE;
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      for (const char *p = words[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          if (g_unichar_isalnum (g_utf8_get_char (p)))
            {
              n++;
              break;
            }
        }
    }

  return n;
}

/* Adds the words of the labels shown under @widget, in the order they are
 * read, until the first control; returns TRUE once that is reached */
static gboolean
count_words_before_control (GtkWidget *widget,
                            guint     *words)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  if (is_control (widget))
    return TRUE;

  if (GTK_IS_LABEL (widget))
    *words += count_words (gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (count_words_before_control (child, words))
        return TRUE;
    }

  return FALSE;
}

/* Visible widgets under @widget with the CSS class @name */
static guint
count_shown_with_class (GtkWidget  *widget,
                        const char *name)
{
  guint n;

  if (!gtk_widget_get_mapped (widget))
    return 0;

  n = gtk_widget_has_css_class (widget, name);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_shown_with_class (child, name);

  return n;
}

static void
assert_field_error (GtkWidget *field,
                    GtkWidget *message,
                    gboolean   invalid)
{
  g_assert_true (gtk_widget_get_visible (message));
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (field),
                                       GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, message, NULL);
  if (invalid)
    gtk_test_accessible_assert_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID,
                                      GTK_ACCESSIBLE_INVALID_TRUE);
}

static void
assert_field_fine (GtkWidget *field,
                   GtkWidget *message)
{
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (field),
                                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (field),
                                                 GTK_ACCESSIBLE_STATE_INVALID));
}

/* A client ID, a URL: shown whole at any width, in a monospace font, to be
 * selected, never with a hyphen Pango inserts where it breaks the line */
static void
assert_code_label (GtkWidget  *label,
                   const char *text,
                   int         max_width)
{
  PangoAttrList *attrs = gtk_label_get_attributes (GTK_LABEL (label));
  g_autoptr(GSList) list = NULL;
  gboolean no_hyphens = FALSE;

  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (ado_test_is_drawn (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, text);
  g_assert_true (gtk_widget_has_css_class (label, "monospace"));
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (label)));
  g_assert_cmpint (gtk_label_get_wrap_mode (GTK_LABEL (label)), ==, PANGO_WRAP_CHAR);
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_NONE);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
  g_assert_false (gtk_widget_get_can_focus (label));
  g_assert_cmpint (gtk_widget_get_width (label), <=, max_width);

  g_assert_nonnull (attrs);
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_INSERT_HYPHENS && !((PangoAttrInt *)attr)->value)
        no_hyphens = TRUE;
    }
  g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify)pango_attribute_destroy);
  g_assert_true (no_hyphens);
}

/* Tests */

/* The voice: one short sentence before the first control, no title that
 * repeats the header bar's */
static void
test_lead_words (Fixture       *f,
                 gconstpointer  data)
{
  guint most = 0;
  guint titles = 0;

  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  ado_test_window_fixture_new_window (f, 1280, 800);

  /* All of them measured before any is judged: the counts go in the log */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = show_step (f, pages[i].step, pages[i].access_path);
      guint words = 0;

      g_assert_true (count_words_before_control (page, &words));
      g_test_message ("%s (%s): %u words before the first control",
                      ado_step_get_id (pages[i].step), pages[i].access_path, words);
      most = MAX (most, words);
      titles += count_shown_with_class (page, "title-1");
    }

  g_assert_cmpuint (titles, ==, 0);
  g_assert_cmpuint (most, <=, MAX_LEAD_WORDS);
}

/* Tab from the start of a page lands on its first control, and every Tab
 * stop on the page is a control, not a row that only informs */
static void
test_tab_stops (Fixture       *f,
                gconstpointer  data)
{
  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  ado_test_window_fixture_new_window (f, 1280, 800);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = show_step (f, pages[i].step, pages[i].access_path);
      GtkWidget *first = page_child (f, pages[i].step, pages[i].first_control);
      GtkWidget *focus;
      guint stops = 0;

      gtk_root_set_focus (GTK_ROOT (f->window), NULL);
      g_assert_true (gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_assert_nonnull (focus);
      g_test_message ("%s (%s): first Tab stop %s %s", ado_step_get_id (pages[i].step),
                      pages[i].access_path, G_OBJECT_TYPE_NAME (focus),
                      gtk_buildable_get_buildable_id (GTK_BUILDABLE (focus)));
      g_assert_true (focus == first || gtk_widget_is_ancestor (focus, first));

      do
        {
          GtkWidget *before = focus;

          focus = gtk_root_get_focus (GTK_ROOT (f->window));
          if (stops > 0 && focus == before)
            g_error ("%s (%s): Tab is stuck after %s %s", ado_step_get_id (pages[i].step),
                     pages[i].access_path, G_OBJECT_TYPE_NAME (focus),
                     gtk_buildable_get_buildable_id (GTK_BUILDABLE (focus)));
          if (!is_control (focus))
            g_error ("%s (%s): Tab stop %u is a %s that does nothing",
                     ado_step_get_id (pages[i].step), pages[i].access_path, stops,
                     G_OBJECT_TYPE_NAME (focus));
          g_test_message ("  stop %u: %s %s", stops, G_OBJECT_TYPE_NAME (focus),
                            gtk_buildable_get_buildable_id (GTK_BUILDABLE (focus)));
          stops++;
        }
      while (gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD) && stops < 100);
      g_test_message ("%s (%s): %u Tab stops", ado_step_get_id (pages[i].step),
                      pages[i].access_path, stops);
    }
}

static gboolean
focus_in_page (gpointer data)
{
  AdoWindow *window = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *page = ado_window_get_page (window, ado_window_get_visible_step (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, page);
}

/* Pressing Next: the keyboard lands on the next page's first control, once
 * that page is laid out */
static GtkWidget *
press_next (Fixture *f)
{
  GtkWidget *next = ado_test_find_by_id (GTK_WIDGET (f->window), "next_button");

  g_assert_true (gtk_widget_get_sensitive (next));
  gtk_widget_grab_focus (next);
  g_signal_emit_by_name (next, "clicked");
  /* A few frames at most */
  for (guint i = 0; i < 40 && !focus_in_page (f->window); i++)
    ado_test_spin (25);
  ado_test_spin (50);
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

static void
assert_focus_on (GtkWidget *focus,
                 GtkWidget *control)
{
  g_assert_nonnull (focus);
  if (focus != control && !gtk_widget_is_ancestor (focus, control))
    g_error ("The focus is on %s %s, not on %s", G_OBJECT_TYPE_NAME (focus),
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (focus)),
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (control)));
}

static void
test_next_focus (Fixture       *f,
                 gconstpointer  data)
{
  ado_test_window_fixture_new_window (f, 1280, 800);

  ado_test_activate (f->window, page_child (f, ADO_STEP_WELCOME, "partner_check"),
                     "onboarding.access-path", g_variant_new_string ("partner"));
  assert_focus_on (press_next (f), page_child (f, ADO_STEP_CLIENT, "console_button"));

  gtk_editable_set_text (GTK_EDITABLE (page_child (f, ADO_STEP_CLIENT, "client_id_row")),
                         GOOD_CLIENT_ID);
  ado_test_spin (10);
  assert_focus_on (press_next (f), page_child (f, ADO_STEP_APPLY, "partner_open_button"));

  ado_test_activate (f->window, ado_window_get_page (f->window, ADO_STEP_APPLY),
                     "apply.submitted", NULL);
  assert_focus_on (press_next (f), page_child (f, ADO_STEP_ASSIGN, "signed_out_switch"));

  gtk_switch_set_active (GTK_SWITCH (page_child (f, ADO_STEP_ASSIGN, "signed_out_switch")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (page_child (f, ADO_STEP_ASSIGN, "assigned_switch")), TRUE);
  ado_test_spin (10);
  assert_focus_on (press_next (f), page_child (f, ADO_STEP_DATA_PROVIDER, "copy_ticket_button"));
}

/* Partner or Direct Advertiser: one choice of two, as screen readers say */
static void
test_welcome_radios (Fixture       *f,
                     gconstpointer  data)
{
  const char *ids[] = { "partner_check", "direct_check" };

  ado_test_window_fixture_new_window (f, 1280, 800);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *check = page_child (f, ADO_STEP_WELCOME, ids[i]);

      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (check),
                                                   GTK_ACCESSIBLE_ROLE_RADIO));
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           i == 0 ? "Partner" : "Direct Advertiser");
    }

  ado_test_activate (f->window, page_child (f, ADO_STEP_WELCOME, "direct_check"),
                     "onboarding.access-path", g_variant_new_string ("direct"));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (page_child (f, ADO_STEP_WELCOME,
                                                                            "direct_check"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (page_child (f, ADO_STEP_WELCOME,
                                                                             "partner_check"))));
}

/* Two return URLs to register: the one used and a spare on the next port,
 * each copied on its own; only one for an https return URL */
static void
test_client_return_urls (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *page;
  GtkWidget *spare_box;
  g_autofree char *copied = NULL;
  g_autofree char *copied_spare = NULL;
  g_autofree char *custom_spare = NULL;
  g_autoptr(GString) all = g_string_new (NULL);

  ado_test_window_fixture_new_window (f, 1280, 800);
  page = show_step (f, ADO_STEP_CLIENT, "partner");
  spare_box = page_child (f, ADO_STEP_CLIENT, "spare_redirect_uri_box");

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_child (f, ADO_STEP_CLIENT,
                                                              "redirect_uri_label"))),
                   ==, DEFAULT_REDIRECT_URI);
  g_assert_true (gtk_widget_get_mapped (spare_box));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_child (f, ADO_STEP_CLIENT,
                                                              "spare_redirect_uri_label"))),
                   ==, SPARE_REDIRECT_URI);

  ado_test_activate (f->window, page, "client.copy-redirect-uri", NULL);
  copied = ado_test_read_clipboard (GTK_WIDGET (f->window));
  g_assert_cmpstr (copied, ==, DEFAULT_REDIRECT_URI);
  ado_test_activate (f->window, page, "client.copy-spare-redirect-uri", NULL);
  copied_spare = ado_test_read_clipboard (GTK_WIDGET (f->window));
  g_assert_cmpstr (copied_spare, ==, SPARE_REDIRECT_URI);

  /* Each Copy button says which address it copies */
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page_child (f, ADO_STEP_CLIENT,
                                                                   "copy_redirect_uri_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy the return URL");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (page_child (f, ADO_STEP_CLIENT,
                                                                   "copy_spare_redirect_uri_button")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Copy the spare return URL");

  /* Why a second one, one tap away; how Amazon's form takes several */
  ado_test_append_text (page, FALSE, all);
  g_assert_nonnull (strstr (all->str, "another program"));
  g_assert_nonnull (strstr (all->str, "Add another"));
  g_assert_nonnull (ado_test_find_by_id (page, "why_two_expander"));

  /* Another loopback return URL: its spare follows it */
  g_settings_set_string (f->settings, "redirect-uri", "http://localhost:8765/Return");
  ado_test_spin (20);
  custom_spare = ado_spare_redirect_uri ("http://localhost:8765/Return");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_child (f, ADO_STEP_CLIENT,
                                                              "spare_redirect_uri_label"))),
                   ==, custom_spare);

  /* An https return URL is pasted back: no spare */
  g_settings_set_string (f->settings, "redirect-uri", "https://amazon.com");
  ado_test_spin (20);
  g_assert_false (gtk_widget_get_mapped (spare_box));
  g_assert_false (gtk_widget_get_sensitive (page_child (f, ADO_STEP_CLIENT,
                                                       "copy_spare_redirect_uri_button")));
}

/* An error under a field is tied to it, and the field is marked invalid
 * while it shows */
static void
test_field_errors (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *field;
  GtkWidget *message;
  GtkTextBuffer *buffer;

  ado_test_window_fixture_new_window (f, 1280, 800);
  show_step (f, ADO_STEP_CLIENT, "partner");

  field = page_child (f, ADO_STEP_CLIENT, "client_id_row");
  message = page_child (f, ADO_STEP_CLIENT, "client_id_message");
  gtk_editable_set_text (GTK_EDITABLE (field), "amzn1.application-oa2-client.123");
  ado_test_spin (10);
  assert_field_error (field, message, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (field), GOOD_CLIENT_ID);
  ado_test_spin (10);
  assert_field_fine (field, message);

  /* An unusual secret is a warning: described, not invalid */
  field = page_child (f, ADO_STEP_CLIENT, "client_secret_row");
  message = page_child (f, ADO_STEP_CLIENT, "client_secret_message");
  gtk_editable_set_text (GTK_EDITABLE (field), "not-a-usual-secret");
  ado_test_spin (10);
  assert_field_error (field, message, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (field), "");
  ado_test_spin (10);
  assert_field_fine (field, message);

  field = page_child (f, ADO_STEP_CLIENT, "redirect_uri_row");
  message = page_child (f, ADO_STEP_CLIENT, "redirect_uri_message");
  gtk_editable_set_text (GTK_EDITABLE (field), "http://example.com:8080/cb");
  g_signal_emit_by_name (field, "apply");
  ado_test_spin (10);
  assert_field_error (field, message, TRUE);
  ado_test_activate (f->window, ado_window_get_page (f->window, ADO_STEP_CLIENT),
                     "client.reset-redirect-uri", NULL);
  assert_field_fine (field, message);

  show_step (f, ADO_STEP_ASSIGN, "partner");
  field = page_child (f, ADO_STEP_ASSIGN, "link_row");
  message = page_child (f, ADO_STEP_ASSIGN, "link_message");
  gtk_editable_set_text (GTK_EDITABLE (field), "https://amazon.com.example.net/assign");
  ado_test_spin (10);
  assert_field_error (field, message, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (field), APPROVAL_LINK);
  ado_test_spin (10);
  assert_field_fine (field, message);

  show_step (f, ADO_STEP_DATA_PROVIDER, "partner");
  field = page_child (f, ADO_STEP_DATA_PROVIDER, "arns_view");
  message = page_child (f, ADO_STEP_DATA_PROVIDER, "arns_message");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
  gtk_text_buffer_set_text (buffer, "not-an-arn", -1);
  ado_test_spin (10);
  assert_field_error (field, message, TRUE);
  /* The request's card says what it waits for: never an empty label */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (page_child (f, ADO_STEP_DATA_PROVIDER,
                                                              "billing_label"))), !=, "");
  gtk_text_buffer_set_text (buffer, "arn:aws:iam::123456789012:role/reader", -1);
  ado_test_spin (10);
  assert_field_fine (field, message);
}

/* What a screen reader finds under @widget: no shown label is empty, and
 * every control without text of its own has a name */
static void
assert_named (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  gboolean named = gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                   gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] == '\0')
    g_error ("An empty label under %s", G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));

  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL && !named)
    g_error ("An icon button (%s) without a name", gtk_button_get_icon_name (GTK_BUTTON (widget)));

  if ((GTK_IS_SWITCH (widget) ||
       (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) == NULL)) &&
      !named)
    g_error ("A %s without a name", G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_named (child);
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  ado_test_window_fixture_new_window (f, 1280, 800);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    assert_named (show_step (f, pages[i].step, pages[i].access_path));
}

/* Enter in the approval-link field does what Open… does: it asks first */
static void
test_assign_enter_opens (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *link;
  GtkWidget *text;
  AdwMessageDialog *dialog;
  g_autofree char *opened = NULL;

  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  g_settings_set_boolean (f->settings, "signed-out-confirmed", TRUE);
  ado_test_window_fixture_new_window (f, 1280, 800);
  show_step (f, ADO_STEP_ASSIGN, "partner");

  link = page_child (f, ADO_STEP_ASSIGN, "link_row");
  gtk_editable_set_text (GTK_EDITABLE (link), APPROVAL_LINK);
  ado_test_spin (10);

  /* Enter in the text is its activate signal */
  text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (link)));
  g_assert_true (GTK_IS_TEXT (text));
  gtk_widget_grab_focus (text);
  g_signal_emit_by_name (text, "activate");
  dialog = ado_test_wait_for_dialog ("the confirmation dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be changed"));
  adw_message_dialog_response (dialog, "open");
  gtk_window_destroy (GTK_WINDOW (dialog));
  opened = ado_test_wait_for_browser (f->browser_out);
  g_assert_cmpstr (opened, ==, APPROVAL_LINK);
}

/* One suggested button at most: a page's own main button only while the
 * page is not complete (the window's Next takes over then) */
static void
test_suggested_buttons (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *page;

  ado_test_window_fixture_new_window (f, 1280, 800);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      page = show_step (f, pages[i].step, pages[i].access_path);
      g_assert_cmpuint (count_shown_with_class (page, "suggested-action"), <=,
                        ado_page_get_complete (ADO_PAGE (page)) ? 0 : 1);
    }

  /* Apply: "I Have Submitted" leads until it was pressed */
  page = show_step (f, ADO_STEP_APPLY, "partner");
  g_assert_false (ado_page_get_complete (ADO_PAGE (page)));
  g_assert_true (gtk_widget_has_css_class (page_child (f, ADO_STEP_APPLY, "submitted_button"),
                                           "suggested-action"));
  g_assert_cmpuint (count_shown_with_class (page, "suggested-action"), ==, 1);
  ado_test_activate (f->window, page, "apply.submitted", NULL);
  ado_test_spin (20);
  g_assert_true (ado_page_get_complete (ADO_PAGE (page)));
  g_assert_cmpuint (count_shown_with_class (page, "suggested-action"), ==, 0);

  /* The client step: the console leads until the client ID is in */
  page = show_step (f, ADO_STEP_CLIENT, "partner");
  g_assert_cmpuint (count_shown_with_class (page, "suggested-action"), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (page_child (f, ADO_STEP_CLIENT, "client_id_row")),
                         GOOD_CLIENT_ID);
  ado_test_spin (10);
  g_assert_true (ado_page_get_complete (ADO_PAGE (page)));
  g_assert_cmpuint (count_shown_with_class (page, "suggested-action"), ==, 0);
}

/* At 360 pixels the client ID is there to be read whole, on every page
 * that shows it, and so are the return URLs */
static void
test_narrow_client_id (Fixture       *f,
                       gconstpointer  data)
{
  static const struct
  {
    AdoStep     step;
    const char *label;
    const char *text;
  } cases[] = {
    { ADO_STEP_CLIENT, "client_id_label", GOOD_CLIENT_ID },
    { ADO_STEP_CLIENT, "redirect_uri_label", DEFAULT_REDIRECT_URI },
    { ADO_STEP_CLIENT, "spare_redirect_uri_label", SPARE_REDIRECT_URI },
    { ADO_STEP_APPLY, "apply_client_id_label", GOOD_CLIENT_ID },
    { ADO_STEP_ASSIGN, "assign_client_id_label", GOOD_CLIENT_ID },
  };

  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  ado_test_window_fixture_new_window (f, 360, 720);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *page = show_step (f, cases[i].step, "partner");
      GtkWidget *label = page_child (f, cases[i].step, cases[i].label);
      GtkWidget *scroller = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      graphene_point_t point;

      /* Scrolled into view, the whole of it within the page */
      g_assert_true (gtk_widget_compute_point (label, page, &GRAPHENE_POINT_INIT (0, 0), &point));
      gtk_adjustment_set_value (adjustment, point.y + gtk_adjustment_get_value (adjustment) - 100);
      ado_test_spin (50);
      assert_code_label (label, cases[i].text, gtk_widget_get_width (page));
      g_assert_true (gtk_widget_compute_point (label, page, &GRAPHENE_POINT_INIT (0, 0), &point));
      g_assert_cmpfloat (point.x, >=, 0);
      g_assert_cmpfloat (point.x + gtk_widget_get_width (label), <=, gtk_widget_get_width (page));
    }
}

/* Shorter, not poorer: the facts Amazon gives are all still on the pages */
static void
test_facts_kept (Fixture       *f,
                 gconstpointer  data)
{
  static const struct
  {
    AdoStep     step;
    const char *path;
    const char *fact;
  } facts[] = {
    { ADO_STEP_WELCOME, "unset", "several people" },
    { ADO_STEP_WELCOME, "unset", "created the Amazon Developer account" },
    { ADO_STEP_WELCOME, "unset", "business day" },
    { ADO_STEP_WELCOME, "unset", "demand-side platform" },
    { ADO_STEP_WELCOME, "unset", "come back later" },
    { ADO_STEP_CLIENT, "partner", "even if you already have one" },
    { ADO_STEP_CLIENT, "partner", "one client ID per company" },
    { ADO_STEP_CLIENT, "partner", "Show Client ID and Client Secret" },
    { ADO_STEP_CLIENT, "partner", "privacy" },
    { ADO_STEP_CLIENT, "partner", "gear icon under Manage" },
    { ADO_STEP_CLIENT, "partner", "Web Settings" },
    { ADO_STEP_CLIENT, "partner", "keyring" },
    { ADO_STEP_APPLY, "partner", "may differ from the developer account" },
    { ADO_STEP_APPLY, "partner", "API Applications" },
    { ADO_STEP_APPLY, "partner", "Advertising API tab" },
    { ADO_STEP_APPLY, "partner", "stays pending" },
    { ADO_STEP_APPLY, "partner", "created the developer account" },
    { ADO_STEP_APPLY, "direct", "same email as your developer account" },
    { ADO_STEP_APPLY, "direct", "top right" },
    { ADO_STEP_APPLY, "direct", "Submit for review" },
    { ADO_STEP_ASSIGN, "partner", "sign out of every other Amazon account" },
    { ADO_STEP_ASSIGN, "partner", "personal shopping account" },
    { ADO_STEP_ASSIGN, "partner", "only Amazon support can reset it" },
    { ADO_STEP_ASSIGN, "partner", "cannot be changed" },
    { ADO_STEP_ASSIGN, "partner", "Continue" },
    { ADO_STEP_ASSIGN, "partner", "granted scopes" },
    { ADO_STEP_ASSIGN, "partner", "Link application" },
    { ADO_STEP_DATA_PROVIDER, "partner", "/dp Data Provider" },
    { ADO_STEP_DATA_PROVIDER, "partner", "support account from your onboarding invitation" },
    { ADO_STEP_DATA_PROVIDER, "partner", "advertising::audiences" },
    { ADO_STEP_DATA_PROVIDER, "partner", "North America, Europe and the Far East" },
    { ADO_STEP_DATA_PROVIDER, "partner", "11th" },
    { ADO_STEP_DATA_PROVIDER, "partner", "IAM" },
    { ADO_STEP_DATA_PROVIDER, "partner", "separate ticket" },
    { ADO_STEP_DATA_PROVIDER, "partner", "Payee Central" },
  };

  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  ado_test_window_fixture_new_window (f, 1280, 800);

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      GtkWidget *page = show_step (f, facts[i].step, facts[i].path);
      g_autoptr(GString) all = g_string_new (NULL);

      ado_test_append_text (page, FALSE, all);
      if (strstr (all->str, facts[i].fact) == NULL)
        g_error ("%s (%s) lost “%s”", ado_step_get_id (facts[i].step), facts[i].path,
                 facts[i].fact);
    }
}

static void
expand_all (GtkWidget *widget,
            gboolean   expanded)
{
  if (GTK_IS_EXPANDER (widget))
    gtk_expander_set_expanded (GTK_EXPANDER (widget), expanded);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    expand_all (child, expanded);
}

static void
take_screenshots (Fixture *f,
                  int      width,
                  int      height,
                  gboolean dark)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                  : ADW_COLOR_SCHEME_FORCE_LIGHT);
  ado_test_window_fixture_new_window (f, width, height);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("steps-%s-%s-%d-%s",
                                               ado_step_get_id (pages[i].step),
                                               pages[i].access_path, width,
                                               dark ? "dark" : "light");

      GtkWidget *page = show_step (f, pages[i].step, pages[i].access_path);
      GtkWidget *scroller = gtk_widget_get_first_child (page);
      GtkAdjustment *adjustment;
      g_autofree char *middle = g_strconcat (name, "-middle", NULL);
      g_autofree char *end = g_strconcat (name, "-end", NULL);

      ado_test_save_screenshot (GTK_WIDGET (f->window), name);

      /* And the rest of the page, with what is one tap away, in two more */
      expand_all (page, TRUE);
      ado_test_spin (50);
      g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      if (gtk_adjustment_get_upper (adjustment) > 2 * gtk_adjustment_get_page_size (adjustment))
        {
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_page_size (adjustment));
          ado_test_save_screenshot (GTK_WIDGET (f->window), middle);
        }
      if (gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment))
        {
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
          ado_test_save_screenshot (GTK_WIDGET (f->window), end);
        }
      expand_all (page, FALSE);
      gtk_adjustment_set_value (adjustment, 0);
    }

  ado_test_destroy_window (&f->window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  g_settings_set_string (f->settings, "client-id", GOOD_CLIENT_ID);
  g_settings_set_string (f->settings, "iam-arns", "arn:aws:iam::123456789012:role/billing-reader");

  take_screenshots (f, 1280, 800, FALSE);
  take_screenshots (f, 360, 720, FALSE);
  take_screenshots (f, 1280, 800, TRUE);
  take_screenshots (f, 360, 720, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The accessible tree the tests read: GTK's test backend, not none */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = ado_test_application_new ("io.github.adsonboarding.AdsOnboarding.StepsTests");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ado/steps/lead-words", test_lead_words);
  ADD ("/ado/steps/tab-stops", test_tab_stops);
  ADD ("/ado/steps/next-focus", test_next_focus);
  ADD ("/ado/steps/welcome-radios", test_welcome_radios);
  ADD ("/ado/steps/client-return-urls", test_client_return_urls);
  ADD ("/ado/steps/field-errors", test_field_errors);
  ADD ("/ado/steps/names", test_names);
  ADD ("/ado/steps/assign-enter-opens", test_assign_enter_opens);
  ADD ("/ado/steps/suggested-buttons", test_suggested_buttons);
  ADD ("/ado/steps/narrow-client-id", test_narrow_client_id);
  ADD ("/ado/steps/facts-kept", test_facts_kept);
  ADD ("/ado/steps/screenshots", test_screenshots);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}
