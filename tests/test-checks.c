/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "ado-error.h"
#include "ads/ado-amazon.h"
#include "auth/ado-checks.h"

#define GOOD_CLIENT_ID "amzn1.application-oa2-client.0123456789abcdef0123456789ABCDEF"
#define GOOD_SECRET "amzn1.oa2-cs.v1.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void
test_client_id_good (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ado_check_client_id (GOOD_CLIENT_ID, &error));
  g_assert_no_error (error);
}

static void
test_client_id_bad (void)
{
  static const struct {
    const char *input;
    const char *expected_words;
  } cases[] = {
    { "", "Enter the client ID" },
    { "amzn1.application-oa2-client.0123456789abcdef0123456789abcde", "32 hexadecimal" },
    { "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef0", "32 hexadecimal" },
    { "amzn1.application-oa2-client.0123456789abcdef0123456789abcdeg", "32 hexadecimal" },
    { "amzn1.application-oa2-client.0123456789abcdef 123456789abcdef", "32 hexadecimal" },
    { "amzn1.application-oa2-clien.0123456789abcdef0123456789abcdef", "starts with" },
    { "0123456789abcdef0123456789abcdef", "starts with" },
    { GOOD_SECRET, "client secret" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("client ID “%s”", cases[i].input);
      g_assert_false (ado_check_client_id (cases[i].input, &error));
      g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT_ID);
      g_assert_nonnull (strstr (error->message, cases[i].expected_words));
    }
}

static void
test_client_secret_shapes (void)
{
  g_autofree char *warning = NULL;
  g_autofree char *warning_old = NULL;
  g_autofree char *warning_id = NULL;
  const char *old_secret = "0f3c2b1a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";

  g_assert_cmpint (ado_check_client_secret (NULL, NULL), ==, ADO_SECRET_SHAPE_EMPTY);
  g_assert_cmpint (ado_check_client_secret ("", &warning), ==, ADO_SECRET_SHAPE_EMPTY);
  g_assert_null (warning);

  g_assert_cmpint (ado_check_client_secret (GOOD_SECRET, &warning), ==, ADO_SECRET_SHAPE_USUAL);
  g_assert_null (warning);

  /* An older secret is kept with a warning, and the warning never quotes it */
  g_assert_cmpint (ado_check_client_secret (old_secret, &warning_old), ==,
                   ADO_SECRET_SHAPE_UNUSUAL);
  g_assert_nonnull (warning_old);
  g_assert_null (strstr (warning_old, old_secret));
  g_assert_null (strstr (warning_old, "0f3c2b1a"));

  g_assert_cmpint (ado_check_client_secret (GOOD_CLIENT_ID, &warning_id), ==,
                   ADO_SECRET_SHAPE_UNUSUAL);
  g_assert_nonnull (strstr (warning_id, "client ID"));

  /* One digit short is unusual, not usual */
  g_assert_cmpint (ado_check_client_secret ("amzn1.oa2-cs.v1.0123456789abcdef0123456789abcdef"
                                            "0123456789abcdef0123456789abcde", NULL), ==,
                   ADO_SECRET_SHAPE_UNUSUAL);
}

static void
test_trim (void)
{
  g_autofree char *a = ado_trim_pasted ("  " GOOD_CLIENT_ID "\n");
  g_autofree char *b = ado_trim_pasted ("\t\r\n");
  g_autofree char *c = ado_trim_pasted (NULL);

  g_assert_cmpstr (a, ==, GOOD_CLIENT_ID);
  g_assert_cmpstr (b, ==, "");
  g_assert_cmpstr (c, ==, "");
}

static void
test_redirect_uri (void)
{
  static const char *good[] = {
    "http://127.0.0.1:31416/callback",
    "http://localhost:8080/callback",
    "http://[::1]:31416/cb",
    "http://127.0.0.1:1024/",
    "https://amazon.com",
    "https://example.com/oauth/return?x=1",
  };
  static const struct {
    const char *uri;
    const char *expected_words;
  } bad[] = {
    { "", "Enter the return URL" },
    { "127.0.0.1:31416/callback", "not a complete URL" },
    { "http://", "not a complete URL" },
    { "http://127.0.0.1/callback", "port between 1024 and 65535" },
    { "http://127.0.0.1:80/callback", "port between 1024 and 65535" },
    { "http://example.com:8080/callback", "only for this computer" },
    { "http://127.0.0.1:31416/callback#frag", "cannot contain “#”" },
    { "https://user:pw@example.com/", "user name or password" },
    { "ftp://127.0.0.1:31416/callback", "http://" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("good return URL %s", good[i]);
      g_assert_true (ado_check_redirect_uri (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad return URL %s", bad[i].uri);
      g_assert_false (ado_check_redirect_uri (bad[i].uri, &error));
      g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI);
      g_assert_nonnull (strstr (error->message, bad[i].expected_words));
    }

  g_assert_true (ado_redirect_uri_is_loopback ("http://127.0.0.1:31416/callback"));
  g_assert_true (ado_redirect_uri_is_loopback ("http://localhost:31416/callback"));
  g_assert_false (ado_redirect_uri_is_loopback ("https://amazon.com"));
  g_assert_false (ado_redirect_uri_is_loopback ("http://example.com:8080/"));
}

static void
test_redirect_uri_for_port (void)
{
  g_autofree char *uri = ado_redirect_uri_for_port (31416);
  g_autofree char *other = ado_redirect_uri_for_port (8123);

  g_assert_cmpstr (uri, ==, DEFAULT_REDIRECT_URI);
  g_assert_cmpstr (other, ==, "http://127.0.0.1:8123/callback");
}

static void
test_spare_redirect_uri (void)
{
  g_autofree char *spare = ado_spare_redirect_uri (DEFAULT_REDIRECT_URI);
  g_autofree char *named = ado_spare_redirect_uri ("http://localhost:8080/back?x=1");

  g_assert_cmpstr (spare, ==, "http://127.0.0.1:31417/callback");
  g_assert_cmpstr (named, ==, "http://localhost:8081/back?x=1");
  g_assert_null (ado_spare_redirect_uri ("https://example.com/callback"));
  g_assert_null (ado_spare_redirect_uri ("http://127.0.0.1:65535/callback"));
  g_assert_null (ado_spare_redirect_uri ("not a url"));
}

static void
test_approval_link (void)
{
  static const char *good[] = {
    "https://advertising.amazon.com/api-access/assign?token=abc",
    "https://www.amazon.com/ap/signin",
    "https://amazon.co.uk/x",
    "https://advertising.amazon.com.au/x",
  };
  static const char *bad[] = {
    "http://advertising.amazon.com/assign",
    "https://amazon.com.evil.example/assign",
    "https://advertising-amazon.com/assign",
    "https://amazon.evil.com/assign",
    "https://example.com/?u=https://amazon.com",
    "javascript:alert(1)",
    "not a link",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("good link %s", good[i]);
      g_assert_true (ado_approval_link_check (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("bad link %s", bad[i]);
      g_assert_false (ado_approval_link_check (bad[i], &error));
      g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
    }
}

static void
test_regions (void)
{
  AdoRegion region;

  g_assert_true (ado_region_from_id ("eu", &region));
  g_assert_cmpint (region, ==, ADO_REGION_EU);
  g_assert_cmpstr (ado_region_get_info (region)->token_url, ==,
                   "https://api.amazon.co.uk/auth/o2/token");
  g_assert_cmpstr (ado_region_get_info (ADO_REGION_FE)->api_url, ==,
                   "https://advertising-api-fe.amazon.com");
  g_assert_cmpstr (ado_region_get_info (ADO_REGION_NA)->auth_url, ==,
                   "https://www.amazon.com/ap/oa");
  g_assert_false (ado_region_from_id ("us", &region));
  g_assert_false (ado_region_from_id (NULL, &region));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ado/checks/client-id/good", test_client_id_good);
  g_test_add_func ("/ado/checks/client-id/bad", test_client_id_bad);
  g_test_add_func ("/ado/checks/client-secret/shapes", test_client_secret_shapes);
  g_test_add_func ("/ado/checks/trim", test_trim);
  g_test_add_func ("/ado/checks/redirect-uri", test_redirect_uri);
  g_test_add_func ("/ado/checks/redirect-uri/for-port", test_redirect_uri_for_port);
  g_test_add_func ("/ado/checks/redirect-uri/spare", test_spare_redirect_uri);
  g_test_add_func ("/ado/checks/approval-link", test_approval_link);
  g_test_add_func ("/ado/checks/regions", test_regions);

  return g_test_run ();
}
