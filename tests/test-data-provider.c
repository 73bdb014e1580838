/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "ado-error.h"
#include "ads/ado-data-provider.h"

#define CLIENT_ID "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"

static void
test_arn_check (void)
{
  static const char *good[] = {
    "arn:aws:iam::123456789012:user/reports",
    "arn:aws:iam::123456789012:role/billing-reader",
    "arn:aws:iam::123456789012:role/team/sub/billing.reader@x",
  };
  static const char *bad[] = {
    "",
    "arn:aws:iam::12345678901:user/short-account",
    "arn:aws:iam::1234567890123:user/long-account",
    "arn:aws:iam::123456789012:group/not-a-user",
    "arn:aws:iam::123456789012:user/",
    "arn:aws:iam::123456789012:role/trailing/",
    "arn:aws:s3:::bucket",
    "arn:aws:iam::123456789012:user/has space",
    "arn:aws:iam::123456789012:user/bad*char",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (ado_iam_arn_check (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad ARN “%s”", bad[i]);
      g_assert_false (ado_iam_arn_check (bad[i]));
    }
}

static void
test_arns_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arns = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) bad = NULL;

  arns = ado_iam_arns_parse ("  arn:aws:iam::123456789012:user/a\n\n"
                             "arn:aws:iam::123456789012:role/b, arn:aws:iam::123456789012:user/a\r\n",
                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (arns), ==, 2);
  g_assert_cmpstr (arns[0], ==, "arn:aws:iam::123456789012:user/a");
  g_assert_cmpstr (arns[1], ==, "arn:aws:iam::123456789012:role/b");

  none = ado_iam_arns_parse (" \n ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  bad = ado_iam_arns_parse ("arn:aws:iam::123456789012:user/a\nnonsense\narn:aws:iam::1:user/x",
                            &error);
  g_assert_null (bad);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "“nonsense”"));
  g_assert_nonnull (strstr (error->message, "“arn:aws:iam::1:user/x”"));
  g_assert_null (strstr (error->message, "user/a”"));
}

static void
test_ticket (void)
{
  g_autofree char *partner = ado_data_provider_ticket_compose (CLIENT_ID, TRUE);
  g_autofree char *direct = ado_data_provider_ticket_compose (NULL, FALSE);

  g_assert_true (g_str_has_prefix (partner, "Symptom Path: /dp Data Provider\n"));
  g_assert_nonnull (strstr (partner, "client ID: " CLIENT_ID "\n"));
  g_assert_nonnull (strstr (partner, "advertising::audiences"));
  g_assert_nonnull (strstr (partner, "Partner"));
  g_assert_nonnull (strstr (direct, "client ID: <client ID>\n"));
  g_assert_nonnull (strstr (direct, "Direct advertiser"));
}

static void
test_billing_ticket (void)
{
  const char *arns[] = {
    "arn:aws:iam::123456789012:user/a",
    "arn:aws:iam::123456789012:role/b",
    NULL
  };
  g_autofree char *text = ado_billing_ticket_compose (CLIENT_ID, arns);

  g_assert_true (g_str_has_prefix (text, "Title: [Access Request - Billing] Request Access to "
                                         "Billing Reports\n"));
  g_assert_nonnull (strstr (text, "- arn:aws:iam::123456789012:user/a\n"
                                  "- arn:aws:iam::123456789012:role/b\n"));
  g_assert_nonnull (strstr (text, CLIENT_ID));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ado/data-provider/arn-check", test_arn_check);
  g_test_add_func ("/ado/data-provider/arns-parse", test_arns_parse);
  g_test_add_func ("/ado/data-provider/ticket", test_ticket);
  g_test_add_func ("/ado/data-provider/billing-ticket", test_billing_ticket);

  return g_test_run ();
}
