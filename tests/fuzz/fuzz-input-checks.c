/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ado-amazon.h"
#include "ado-checks.h"
#include "ado-data-provider.h"
#include "ado-error.h"
#include "fuzz-common.h"

#define CLIENT_ID_HEX_DIGITS 32

static void
check_client_id (const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize prefix_length = strlen (ADO_CLIENT_ID_PREFIX);

  if (!ado_check_client_id (text, &error))
    {
      fuzz_assert_failure (error, ADO_ERROR_INVALID_CLIENT_ID);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, ADO_CLIENT_ID_PREFIX));
  g_assert_cmpuint (strlen (text), ==, prefix_length + CLIENT_ID_HEX_DIGITS);
  for (const char *p = text + prefix_length; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));
}

static void
check_client_secret (const char *text)
{
  g_autofree char *warning = NULL;
  g_autofree char *other_warning = NULL;
  AdoSecretShape shape = ado_check_client_secret (text, &warning);

  g_assert_true (shape == ADO_SECRET_SHAPE_EMPTY || shape == ADO_SECRET_SHAPE_USUAL ||
                 shape == ADO_SECRET_SHAPE_UNUSUAL);
  g_assert_true ((shape == ADO_SECRET_SHAPE_EMPTY) == (text[0] == '\0'));
  g_assert_true ((warning != NULL) == (shape == ADO_SECRET_SHAPE_UNUSUAL));

  /* The secret itself never appears in the warning: it is the same for
   * another unusual secret of the same kind */
  if (warning != NULL)
    {
      ado_check_client_secret (g_str_has_prefix (text, ADO_CLIENT_ID_PREFIX)
                               ? ADO_CLIENT_ID_PREFIX "x" : "x",
                               &other_warning);
      g_assert_cmpstr (warning, ==, other_warning);
    }
}

static void
check_redirect_uri (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  if (!ado_check_redirect_uri (text, &error))
    {
      fuzz_assert_failure (error, ADO_ERROR_INVALID_REDIRECT_URI);
      g_assert_false (ado_redirect_uri_is_loopback (text));
      return;
    }

  g_assert_no_error (error);
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);
  g_assert_nonnull (g_uri_get_host (uri));
  g_assert_cmpstr (g_uri_get_host (uri), !=, "");
  g_assert_null (g_uri_get_fragment (uri));
  g_assert_null (g_uri_get_userinfo (uri));

  /* Plain http only to a port of this computer that the app can listen on */
  if (ado_redirect_uri_is_loopback (text))
    {
      g_assert_cmpint (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http"), ==, 0);
      g_assert_cmpint (g_uri_get_port (uri), >=, 1024);
      g_assert_cmpint (g_uri_get_port (uri), <=, 65535);
    }
  else
    {
      g_assert_cmpint (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https"), ==, 0);
    }
}

static void
check_iam_arns (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arns = ado_iam_arns_parse (text, &error);

  if (arns == NULL)
    {
      fuzz_assert_failure (error, ADO_ERROR_INVALID_INPUT);
      return;
    }

  g_assert_no_error (error);
  for (guint i = 0; arns[i] != NULL; i++)
    {
      g_assert_true (ado_iam_arn_check (arns[i]));
      g_assert_null (strpbrk (arns[i], " \t\r\n,;"));
      g_assert_nonnull (strstr (text, arns[i]));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (arns[i], !=, arns[j]);
    }
}

static void
check_approval_link (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  if (!ado_approval_link_check (text, &error))
    {
      fuzz_assert_failure (error, ADO_ERROR_INVALID_INPUT);
      return;
    }

  g_assert_no_error (error);
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (uri);
  g_assert_cmpint (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https"), ==, 0);
  g_assert_nonnull (g_uri_get_host (uri));
}

/*
 * The small checks of what the user types or pastes in the assistant: the
 * client ID and secret, the return URL, the IAM ARNs, the approval link.
 * Each gets the input as typed, and trimmed as the assistant passes it.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);
  g_autofree char *trimmed = ado_trim_pasted (text);

  g_assert_nonnull (trimmed);
  g_assert_cmpuint (strlen (trimmed), <=, strlen (text));
  g_assert_false (g_ascii_isspace (trimmed[0]));

  for (int i = 0; i < 2; i++)
    {
      const char *input = i == 0 ? text : trimmed;

      check_client_id (input);
      check_client_secret (input);
      check_redirect_uri (input);
      check_iam_arns (input);
      check_approval_link (input);
    }

  return 0;
}
