/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-data-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-data-provider.h"
#include "ado-error.h"

/*
 * The ticket texts are written to Amazon's support staff, who work in
 * English: they are not translated, unlike everything the user reads.
 */

static gboolean
is_iam_name_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("+=,.@_-/", c) != NULL;
}

/**
 * ado_iam_arn_check:
 * @arn: one line of user input
 *
 * Returns: %TRUE when @arn names an IAM user or role:
 *   `arn:aws:iam::<12 digits>:user/<name>` or `…:role/<name>`, with an
 *   optional path before the name.
 */
gboolean
ado_iam_arn_check (const char *arn)
{
  const char *prefix = "arn:aws:iam::";
  const char *p;
  const char *name;

  g_return_val_if_fail (arn != NULL, FALSE);

  if (!g_str_has_prefix (arn, prefix))
    return FALSE;

  p = arn + strlen (prefix);
  for (int i = 0; i < 12; i++, p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  if (g_str_has_prefix (p, ":user/"))
    name = p + strlen (":user/");
  else if (g_str_has_prefix (p, ":role/"))
    name = p + strlen (":role/");
  else
    return FALSE;

  if (*name == '\0' || name[strlen (name) - 1] == '/')
    return FALSE;

  for (p = name; *p != '\0'; p++)
    {
      if (!is_iam_name_char (*p))
        return FALSE;
    }

  return TRUE;
}

/**
 * ado_iam_arns_parse:
 * @text: ARNs, one per line (commas and spaces also separate them)
 * @error: names the lines that are not IAM user or role ARNs
 *
 * Returns: (transfer full) (nullable): the ARNs, without duplicates, in
 *   the order given; %NULL with @error set when any is malformed
 */
GStrv
ado_iam_arns_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) bad = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  words = g_strsplit_set (text, " \t\r\n,;", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (word[0] == '\0')
        continue;

      if (!ado_iam_arn_check (word))
        {
          if (bad == NULL)
            bad = g_string_new (NULL);
          else
            g_string_append (bad, ", ");
          g_string_append_printf (bad, "“%s”", word);
          continue;
        }

      if (g_ptr_array_find_with_equal_func (seen, word, g_str_equal, NULL))
        continue;

      g_ptr_array_add (seen, g_strdup (word));
      g_strv_builder_add (builder, word);
    }

  if (bad != NULL)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   _("Not an IAM user or role ARN: %s. They look like "
                     "“arn:aws:iam::123456789012:role/billing-reader”."),
                   bad->str);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/**
 * ado_data_provider_ticket_compose:
 * @client_id: (nullable): the Login with Amazon client ID, when known
 * @partner: whether the company applied as a partner
 *
 * Returns: (transfer full): the text of the support ticket that asks for
 *   data provider onboarding
 */
char *
ado_data_provider_ticket_compose (const char *client_id,
                                  gboolean    partner)
{
  GString *text = g_string_new (NULL);

  g_string_append (text, "Symptom Path: " ADO_DATA_PROVIDER_SYMPTOM_PATH "\n");
  g_string_append (text, "Summary: Data provider onboarding request\n\n");
  g_string_append (text, "Hello,\n\n");
  g_string_append (text,
                   "Our Amazon Ads API access has been approved and assigned to our "
                   "Login with Amazon application. We would like to be onboarded as a "
                   "data provider (Amazon Ads data provider API, scope advertising::audiences).\n\n");
  g_string_append_printf (text, "Login with Amazon client ID: %s\n",
                          client_id != NULL && client_id[0] != '\0' ? client_id : "<client ID>");
  g_string_append_printf (text, "API access requested as: %s\n",
                          partner ? "Partner (Amazon Ads Partner Network)" : "Direct advertiser");
  g_string_append (text, "\nPlease let us know if you need anything else from us.\n\nThank you.\n");

  return g_string_free (text, FALSE);
}

/**
 * ado_billing_ticket_compose:
 * @client_id: (nullable): the Login with Amazon client ID, when known
 * @arns: the IAM user and role ARNs that may read the reports
 *
 * Returns: (transfer full): the text of the ticket that asks for the
 *   monthly audience billing reports
 */
char *
ado_billing_ticket_compose (const char         *client_id,
                            const char * const *arns)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (arns != NULL, NULL);

  g_string_append (text, "Title: " ADO_BILLING_TICKET_TITLE "\n\n");
  g_string_append (text, "Hello,\n\n");
  g_string_append (text,
                   "As an onboarded data provider we would like to receive the monthly "
                   "audience usage billing reports in Amazon S3.\n\n");
  g_string_append_printf (text, "Login with Amazon client ID: %s\n",
                          client_id != NULL && client_id[0] != '\0' ? client_id : "<client ID>");
  g_string_append (text, "IAM ARNs that should be granted access:\n");
  for (guint i = 0; arns[i] != NULL; i++)
    g_string_append_printf (text, "- %s\n", arns[i]);
  g_string_append (text, "\nThank you.\n");

  return g_string_free (text, FALSE);
}
