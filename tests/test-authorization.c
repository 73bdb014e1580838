/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "ado-error.h"
#include "ads/ado-endpoints.h"
#include "auth/ado-authorization.h"
#include "auth/ado-pkce.h"

#define STATE "St4te-value_with.all~chars"

static void
test_pkce_rfc7636_vector (void)
{
  /* RFC 7636, appendix B */
  g_autofree char *challenge = ado_pkce_challenge_s256 ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_random_tokens (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(GError) error = NULL;
      char *verifier = ado_random_token (ADO_VERIFIER_BYTES, &error);
      g_autofree char *state = ado_random_token (ADO_STATE_BYTES, &error);

      g_assert_no_error (error);
      /* 256 bits: 43 characters, inside RFC 7636's 43–128 */
      g_assert_cmpuint (strlen (verifier), ==, 43);
      g_assert_true (ado_pkce_verifier_check (verifier));
      /* 128 bits of state */
      g_assert_cmpuint (strlen (state), ==, 22);
      g_assert_false (g_hash_table_contains (seen, verifier));
      g_hash_table_add (seen, verifier);
    }
}

static void
test_verifier_check (void)
{
  g_assert_false (ado_pkce_verifier_check (NULL));
  g_assert_false (ado_pkce_verifier_check ("short"));
  g_assert_false (ado_pkce_verifier_check ("0123456789012345678901234567890123456789 12"));
  g_assert_true (ado_pkce_verifier_check ("0123456789012345678901234567890123456789-._~"));
}

static void
test_url_build (void)
{
  g_autofree char *url = ado_authorization_url_build ("https://www.amazon.com/ap/oa",
                                                      "amzn1.application-oa2-client.abc",
                                                      "advertising::campaign_management advertising::audiences",
                                                      "http://127.0.0.1:31416/callback",
                                                      "s+t&a=te",
                                                      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (uri);
  g_assert_cmpstr (g_uri_get_host (uri), ==, "www.amazon.com");
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/ap/oa");
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "amzn1.application-oa2-client.abc");
  g_assert_cmpstr (g_hash_table_lookup (params, "scope"), ==,
                   "advertising::campaign_management advertising::audiences");
  g_assert_cmpstr (g_hash_table_lookup (params, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, "http://127.0.0.1:31416/callback");
  g_assert_cmpstr (g_hash_table_lookup (params, "state"), ==, "s+t&a=te");
  g_assert_cmpstr (g_hash_table_lookup (params, "code_challenge_method"), ==, "S256");
  /* The double colon is escaped, the return URL fully */
  g_assert_nonnull (strstr (url, "redirect_uri=http%3A%2F%2F127.0.0.1%3A31416%2Fcallback"));
}

static void
test_parse_query_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoCallback) callback = NULL;

  callback = ado_callback_parse_query ("code=ANdNAVhyhqirUelHGEHA&scope=advertising%3A%3Acampaign_management"
                                       "&state=" STATE "&extra=ignored",
                                       STATE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (callback->code, ==, "ANdNAVhyhqirUelHGEHA");
  g_assert_cmpstr (callback->scope, ==, "advertising::campaign_management");
  g_assert_null (callback->error);
  g_assert_true (ado_callback_check (callback, NULL, &error));
}

static void
test_parse_query_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refusal = NULL;
  g_autoptr(AdoCallback) callback = NULL;
  g_autoptr(AdoCallback) scope_callback = NULL;

  callback = ado_callback_parse_query ("error=access_denied&error_description=The+user+denied%0Athe+request"
                                       "&state=" STATE, STATE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (callback->error, ==, "access_denied");
  /* Control characters from outside are not kept */
  g_assert_cmpstr (callback->error_description, ==, "The user denied the request");
  g_assert_false (ado_callback_check (callback, NULL, &refusal));
  g_assert_error (refusal, ADO_ERROR, ADO_ERROR_ACCESS_DENIED);
  g_clear_error (&refusal);

  /* Amazon's sentence, full stop and all, inside ours: one full stop */
  g_clear_pointer (&callback, ado_callback_free);
  callback = ado_callback_parse_query ("error=access_denied&error_description=The+user+denied+the+request."
                                       "&state=" STATE, STATE, &error);
  g_assert_no_error (error);
  g_assert_false (ado_callback_check (callback, NULL, &refusal));
  g_assert_nonnull (strstr (refusal->message, "(The user denied the request). "));
  g_assert_null (strstr (refusal->message, ".)."));
  g_clear_error (&refusal);

  scope_callback = ado_callback_parse_query ("error=invalid_scope&state=" STATE, STATE, &error);
  g_assert_false (ado_callback_check (scope_callback, "advertising::campaign_management", &refusal));
  g_assert_error (refusal, ADO_ERROR, ADO_ERROR_INVALID_SCOPE);
  g_assert_nonnull (strstr (refusal->message, "cpc_advertising:campaign_management"));
}

static void
test_parse_query_refused (void)
{
  static const struct {
    const char *query;
    int         code;
  } cases[] = {
    { NULL, ADO_ERROR_INVALID_INPUT },
    { "", ADO_ERROR_INVALID_INPUT },
    { "code=abc", ADO_ERROR_STATE_MISMATCH },
    { "code=abc&state=other", ADO_ERROR_STATE_MISMATCH },
    { "code=abc&state=" STATE "x", ADO_ERROR_STATE_MISMATCH },
    { "code=abc&state=", ADO_ERROR_STATE_MISMATCH },
    { "state=" STATE, ADO_ERROR_INVALID_INPUT },
    { "code=&state=" STATE, ADO_ERROR_INVALID_INPUT },
    { "code=a&code=b&state=" STATE, ADO_ERROR_INVALID_INPUT },
    { "code=a&state=" STATE "&state=" STATE, ADO_ERROR_INVALID_INPUT },
    { "code=%ZZ&state=" STATE, ADO_ERROR_INVALID_INPUT },
    { "code=%00abc&state=" STATE, ADO_ERROR_INVALID_INPUT },
    { "code=%FF%FE&state=" STATE, ADO_ERROR_INVALID_INPUT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdoCallback) callback = NULL;

      g_test_message ("query %s", cases[i].query);
      callback = ado_callback_parse_query (cases[i].query, STATE, &error);
      g_assert_null (callback);
      g_assert_error (error, ADO_ERROR, cases[i].code);
    }
}

static void
test_parse_query_huge (void)
{
  g_autoptr(GString) query = g_string_new ("state=" STATE "&code=");
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoCallback) callback = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (query, 'a');

  callback = ado_callback_parse_query (query->str, STATE, &error);
  g_assert_null (callback);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
}

static void
test_parse_pasted (void)
{
  static const char *good[] = {
    "http://127.0.0.1:31416/callback?code=C0DE&scope=advertising%3A%3Acampaign_management&state=" STATE,
    "  https://amazon.com/?code=C0DE&state=" STATE "\n",
    "https://www.amazon.com/?code=C0DE&scope=x&state=" STATE "#fragment",
    "?code=C0DE&state=" STATE,
    "code=C0DE&state=" STATE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AdoCallback) callback = NULL;

      g_test_message ("pasted %s", good[i]);
      callback = ado_callback_parse_pasted (good[i], STATE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (callback->code, ==, "C0DE");
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_null (ado_callback_parse_pasted ("C0DE", STATE, &error));
    g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "not only the code"));
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (ado_callback_parse_pasted ("https://amazon.com/", STATE, &error));
    g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (ado_callback_parse_pasted ("https://amazon.com/?code=C0DE&state=old", STATE, &error));
    g_assert_error (error, ADO_ERROR, ADO_ERROR_STATE_MISMATCH);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (ado_callback_parse_pasted ("   ", STATE, &error));
    g_assert_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT);
  }
}

static void
test_endpoints (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoEndpoints) plain = NULL;
  g_autoptr(AdoEndpoints) overridden = NULL;

  g_unsetenv (ADO_AUTH_URL_ENV);
  g_unsetenv (ADO_TOKEN_URL_ENV);
  g_unsetenv (ADO_API_URL_ENV);

  plain = ado_endpoints_resolve (ADO_REGION_EU, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain->auth_url, ==, "https://eu.account.amazon.com/ap/oa");
  g_assert_cmpstr (plain->token_url, ==, "https://api.amazon.co.uk/auth/o2/token");
  g_assert_cmpstr (plain->api_url, ==, "https://advertising-api-eu.amazon.com");

  g_setenv (ADO_AUTH_URL_ENV, "http://127.0.0.1:4000/ap/oa", TRUE);
  g_setenv (ADO_TOKEN_URL_ENV, "http://localhost:4000/auth/o2/token", TRUE);
  g_setenv (ADO_API_URL_ENV, "http://[::1]:4000/{region}/api", TRUE);
  overridden = ado_endpoints_resolve (ADO_REGION_FE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (overridden->auth_url, ==, "http://127.0.0.1:4000/ap/oa");
  g_assert_cmpstr (overridden->token_url, ==, "http://localhost:4000/auth/o2/token");
  g_assert_cmpstr (overridden->api_url, ==, "http://[::1]:4000/fe/api");

  /* Never off this computer */
  {
    static const char *refused[] = {
      "https://api.amazon.com/auth/o2/token",
      "http://127.0.0.1.example.com/token",
      "http://user@127.0.0.1:4000/token",
      "http://10.0.0.1:4000/token",
      "file:///etc/passwd",
      "not a url",
    };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(GError) refusal = NULL;
        AdoEndpoints *none;

        g_setenv (ADO_TOKEN_URL_ENV, refused[i], TRUE);
        none = ado_endpoints_resolve (ADO_REGION_NA, &refusal);
        g_assert_null (none);
        g_assert_error (refusal, ADO_ERROR, ADO_ERROR_OVERRIDE_REFUSED);
        g_assert_nonnull (strstr (refusal->message, ADO_TOKEN_URL_ENV));
      }
  }

  g_unsetenv (ADO_AUTH_URL_ENV);
  g_unsetenv (ADO_TOKEN_URL_ENV);
  g_unsetenv (ADO_API_URL_ENV);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ado/authorization/pkce-rfc7636-vector", test_pkce_rfc7636_vector);
  g_test_add_func ("/ado/authorization/random-tokens", test_random_tokens);
  g_test_add_func ("/ado/authorization/verifier-check", test_verifier_check);
  g_test_add_func ("/ado/authorization/url-build", test_url_build);
  g_test_add_func ("/ado/authorization/parse-query-code", test_parse_query_code);
  g_test_add_func ("/ado/authorization/parse-query-error", test_parse_query_error);
  g_test_add_func ("/ado/authorization/parse-query-refused", test_parse_query_refused);
  g_test_add_func ("/ado/authorization/parse-query-huge", test_parse_query_huge);
  g_test_add_func ("/ado/authorization/parse-pasted", test_parse_pasted);
  g_test_add_func ("/ado/authorization/endpoints", test_endpoints);

  return g_test_run ();
}
