/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ado-error.h"
#include "ads/ado-endpoints.h"
#include "ads/ado-profile.h"
#include "demo/ado-demo-server.h"
#include "store/ado-account-registry.h"
#include "store/ado-credential-store.h"
#include "service/ado-profiles-client.h"

#include "ado-test-core.h"

/*
 * The profiles: the parser (exact IDs from the raw text, bad answers) and
 * the client against the imitation of the Ads API, with accounts made
 * through a real sign-in and kept in the real keyring of the test session.
 */

#define TIMEOUT_SECONDS 30
#define REDIRECT_URI    ADO_TEST_REDIRECT_URI
#define SECRET          ADO_DEMO_CLIENT_SECRET

static AdoDemoServer *server;

typedef struct
{
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  AdoAccount         *account;
  char               *dir;
  char               *registry_path;
  char               *client_id;
} Fixture;

/* --- the parser ------------------------------------------------------------------------ */

static GPtrArray *
parse_ok (const char *text,
          const char *region)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *profiles = ado_profiles_parse (text, strlen (text), region, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profiles);

  return profiles;
}

static void
assert_bad (const char *text,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = ado_profiles_parse (text, length, "eu", &error);

  g_assert_null (profiles);
  g_assert_error (error, ADO_ERROR, ADO_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "Europe"));
}

static void
test_profile_new (void)
{
  AdoProfile *profile = ado_profile_new ("12345678901234567890123", "fe");
  g_autoptr(AdoProfile) typed = g_object_new (ADO_TYPE_PROFILE,
                                              "profile-id", "1", "region", "na",
                                              "account-type", "Vendor", NULL);

  g_assert_cmpstr (ado_profile_get_profile_id (profile), ==, "12345678901234567890123");
  g_assert_cmpstr (ado_profile_get_region (profile), ==, "fe");
  g_assert_null (ado_profile_get_account_type (profile));
  g_assert_cmpstr (ado_profile_get_account_type (typed), ==, "vendor");
  g_assert_finalize_object (profile);
}

static void
test_parse_exact_ids (void)
{
  g_autoptr(GPtrArray) profiles = NULL;
  AdoProfile *p;

  profiles = parse_ok ("[{\"profileId\":9007199254740993,\"countryCode\":\"US\","
                       "\"currencyCode\":\"USD\",\"timezone\":\"America/Los_Angeles\","
                       "\"accountInfo\":{\"marketplaceStringId\":\"ATVPDKIKX0DER\","
                       "\"id\":\"X\",\"type\":\"seller\",\"name\":\"Shop \\u00e9\","
                       "\"validPaymentMethod\":true}},"
                       " {\"profileId\": 1234567890123456789012 , \"countryCode\": \"DE\"},"
                       "{\"accountInfo\":{\"type\":\"vendor\"},\"profileId\":\"98765432109876543210\"},"
                       "{\"profileId\":18446744073709551617}]",
                       "na");
  g_assert_cmpuint (profiles->len, ==, 4);

  p = g_ptr_array_index (profiles, 0);
  g_assert_cmpstr (ado_profile_get_profile_id (p), ==, "9007199254740993");
  g_assert_cmpstr (ado_profile_get_region (p), ==, "na");
  g_assert_cmpstr (ado_profile_get_country_code (p), ==, "US");
  g_assert_cmpstr (ado_profile_get_currency_code (p), ==, "USD");
  g_assert_cmpstr (ado_profile_get_timezone (p), ==, "America/Los_Angeles");
  g_assert_cmpstr (ado_profile_get_account_name (p), ==, "Shop é");
  g_assert_cmpstr (ado_profile_get_account_type (p), ==, "seller");
  g_assert_cmpstr (ado_profile_get_marketplace_id (p), ==, "ATVPDKIKX0DER");

  p = g_ptr_array_index (profiles, 1);
  g_assert_cmpstr (ado_profile_get_profile_id (p), ==, "1234567890123456789012");
  g_assert_cmpstr (ado_profile_get_country_code (p), ==, "DE");
  g_assert_null (ado_profile_get_currency_code (p));
  g_assert_null (ado_profile_get_timezone (p));
  g_assert_null (ado_profile_get_account_name (p));
  g_assert_null (ado_profile_get_account_type (p));
  g_assert_null (ado_profile_get_marketplace_id (p));

  /* A string of digits is fine too */
  p = g_ptr_array_index (profiles, 2);
  g_assert_cmpstr (ado_profile_get_profile_id (p), ==, "98765432109876543210");
  g_assert_cmpstr (ado_profile_get_account_type (p), ==, "vendor");

  /* Beyond 2^64 */
  p = g_ptr_array_index (profiles, 3);
  g_assert_cmpstr (ado_profile_get_profile_id (p), ==, "18446744073709551617");
}

static void
test_parse_types_and_unknown_fields (void)
{
  g_autoptr(GPtrArray) profiles = NULL;

  profiles = parse_ok ("[{\"profileId\":1,\"accountInfo\":{\"type\":\"AGENCY\"},"
                       "\"future\":{\"profileId\":\"x\",\"nested\":[1,2,{\"a\":null}]},"
                       "\"dailyBudget\":1.5e3,\"countryCode\":7},"
                       "{\"profileId\":2,\"accountInfo\":{\"type\":\"Seller\"}},"
                       "{\"profileId\":3,\"accountInfo\":{\"type\":\"Marketing_Partner\"}},"
                       "{\"profileId\":4,\"accountInfo\":\"not an object\"}]",
                       "fe");
  g_assert_cmpuint (profiles->len, ==, 4);
  g_assert_cmpstr (ado_profile_get_account_type (g_ptr_array_index (profiles, 0)), ==, "agency");
  /* A field of the wrong type counts as left out */
  g_assert_null (ado_profile_get_country_code (g_ptr_array_index (profiles, 0)));
  g_assert_cmpstr (ado_profile_get_account_type (g_ptr_array_index (profiles, 1)), ==, "seller");
  g_assert_cmpstr (ado_profile_get_account_type (g_ptr_array_index (profiles, 2)), ==,
                   "marketing_partner");
  g_assert_null (ado_profile_get_account_type (g_ptr_array_index (profiles, 3)));
  g_assert_cmpstr (ado_profile_get_region (g_ptr_array_index (profiles, 3)), ==, "fe");

  g_clear_pointer (&profiles, g_ptr_array_unref);
  profiles = parse_ok (" [ ] \n", "eu");
  g_assert_cmpuint (profiles->len, ==, 0);
}

/* Found by fuzzing: an escaped key, and json-glib's lone surrogates */
static void
test_parse_escapes (void)
{
  const char *escaped_key = "[{\"profileId\":1,\"profile\\u0049d\":2}]";
  const char *surrogate = "[{\"profileId\":7,\"accountInfo\":{\"name\":\"\\udc00,\",\"type\":\"seller\"}}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  AdoProfile *profile;

  /* The last "profileId", as every JSON reader sees it */
  first = ado_profiles_parse (escaped_key, strlen (escaped_key), "na", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  profile = g_ptr_array_index (first, 0);
  g_assert_cmpstr (ado_profile_get_profile_id (profile), ==, "2");

  /* Text that is not UTF-8 is left out, not passed on */
  second = ado_profiles_parse (surrogate, strlen (surrogate), "eu", &error);
  g_assert_no_error (error);
  profile = g_ptr_array_index (second, 0);
  g_assert_cmpstr (ado_profile_get_profile_id (profile), ==, "7");
  g_assert_null (ado_profile_get_account_name (profile));
  g_assert_cmpstr (ado_profile_get_account_type (profile), ==, "seller");
}

static void
test_parse_bad (void)
{
  const char *bad[] = {
    "",
    "   ",
    "[",
    "[{\"profileId\":9007199254740993,\"countryCode\":\"U",
    "[{\"profileId\":1}",
    "[{\"profileId\":1}]]",
    "[{\"profileId\":1},]",
    "<html><body>Service Unavailable</body></html>",
    "{\"profileId\":1}",
    "\"[]\"",
    "null",
    "[1, 2]",
    "[[{\"profileId\":1}]]",
    "[{\"countryCode\":\"US\"}]",
    "[{\"profileId\":null}]",
    "[{\"profileId\":-5}]",
    "[{\"profileId\":1.5}]",
    "[{\"profileId\":1e5}]",
    "[{\"profileId\":\"12a\"}]",
    "[{\"profileId\":\"\"}]",
    "[{\"profileId\":true}]",
    "[{\"profileId\":{\"id\":1}}]",
    "[{\"profileId\":[1]}]",
    "[{\"profileId\":01}]",
    "[{\"profileId\":1} /* comment */]",
    "[{'profileId':1}]",
    "[{\"profileId\":1,\"name\":\"\x01\"}]",
    "[{\"profileId\":1,\"name\":\"\\x\"}]",
    "[{\"profileId\":1}] trailing",
    "[tru]",
  };
  g_autoptr(GString) deep = g_string_new ("[{\"profileId\":1,\"x\":");
  g_autoptr(GString) huge = g_string_new ("[");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      assert_bad (bad[i], strlen (bad[i]));
    }

  /* An embedded NUL and invalid UTF-8 */
  assert_bad ("[{\"profileId\":1}]\0", 18);
  assert_bad ("[{\"profileId\":1,\"a\":\"\xff\"}]", 26);

  /* Nesting deep enough to overflow a recursive parser */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_bad (deep->str, deep->len);

  /* Larger than any list of profiles */
  while (huge->len <= ADO_PROFILES_MAX_BODY)
    g_string_append (huge, "{\"profileId\":1234567890,\"countryCode\":\"US\"},");
  g_string_append (huge, "{\"profileId\":1}]");
  assert_bad (huge->str, huge->len);
}

static void
test_empty_message (void)
{
  g_autofree char *message = ado_profiles_dup_empty_message (ADO_REGION_FE);

  g_assert_nonnull (strstr (message, "Far East"));
  g_assert_nonnull (strstr (message, "no advertising accounts in"));
}

/* --- the client against the imitation --------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  f->dir = g_dir_make_tmp ("ado-profiles-XXXXXX", &error);
  g_assert_no_error (error);
  f->registry_path = g_build_filename (f->dir, "accounts.ini", NULL);
  file = g_file_new_for_path (f->registry_path);
  f->registry = ado_account_registry_new_for_file (file);
  f->store = ado_credential_store_new (FALSE);
  f->client_id = ado_test_new_client_id ();
  ado_demo_server_add_client (server, f->client_id, SECRET,
                              (const char * const[]) { REDIRECT_URI, NULL });
  f->account = ado_test_sign_in (server, f->store, f->registry, f->client_id, "Profiles");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ado_test_keyring_clear_client (f->client_id);

  for (guint i = 0; i < ADO_N_REGIONS; i++)
    ado_demo_server_fail_profiles_next (server, ado_region_get_info (i)->id,
                                        ADO_DEMO_PROFILES_FAILURE_NONE, 0);

  g_clear_object (&f->account);
  g_assert_finalize_object (f->store);
  g_assert_finalize_object (f->registry);
  g_unlink (f->registry_path);
  g_rmdir (f->dir);
  g_free (f->registry_path);
  g_free (f->dir);
  g_free (f->client_id);
}

static AdoProfilesResult *
list (Fixture         *f,
      const AdoRegion *regions,
      guint            n_regions)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdoProfilesResult *profiles;

  ado_profiles_client_list_async (f->store, f->registry, f->account, regions, n_regions, NULL,
                                  ado_test_result_cb, &result);
  ado_test_wait_for (&result);
  profiles = ado_profiles_client_list_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profiles);

  return profiles;
}

static guint
requests (const char *region)
{
  return ado_demo_server_get_profiles_request_count (server, region);
}

static void
test_client_all_regions (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AdoProfilesResult) result = NULL;
  g_autoptr(GPtrArray) all = NULL;
  guint na = requests ("na"), eu = requests ("eu"), fe = requests ("fe");
  guint tokens = ado_demo_server_get_token_request_count (server);
  GPtrArray *profiles;

  result = list (f, NULL, 0);

  g_assert_cmpuint (requests ("na"), ==, na + 1);
  g_assert_cmpuint (requests ("eu"), ==, eu + 1);
  g_assert_cmpuint (requests ("fe"), ==, fe + 1);
  /* The cached token of the sign-in was enough */
  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, tokens);

  g_assert_cmpuint (ado_profiles_result_get_n_regions (result), ==, 3);
  g_assert_cmpuint (ado_profiles_result_get_n_failed (result), ==, 0);

  profiles = ado_profiles_result_get_profiles (result, ADO_REGION_NA);
  g_assert_cmpuint (profiles->len, ==, 2);
  g_assert_cmpstr (ado_profile_get_profile_id (g_ptr_array_index (profiles, 0)), ==,
                   "9007199254740993");
  g_assert_cmpstr (ado_profile_get_account_type (g_ptr_array_index (profiles, 1)), ==, "agency");

  profiles = ado_profiles_result_get_profiles (result, ADO_REGION_EU);
  g_assert_cmpuint (profiles->len, ==, 1);
  g_assert_cmpstr (ado_profile_get_profile_id (g_ptr_array_index (profiles, 0)), ==,
                   "1234567890123456789012");
  g_assert_cmpstr (ado_profile_get_region (g_ptr_array_index (profiles, 0)), ==, "eu");

  /* Signed in, but nothing there: empty, not an error */
  profiles = ado_profiles_result_get_profiles (result, ADO_REGION_FE);
  g_assert_nonnull (profiles);
  g_assert_cmpuint (profiles->len, ==, 0);
  g_assert_null (ado_profiles_result_get_error (result, ADO_REGION_FE));

  all = ado_profiles_result_dup_all_profiles (result);
  g_assert_cmpuint (all->len, ==, 3);
}

static void
test_client_one_region (Fixture       *f,
                        gconstpointer  data)
{
  const AdoRegion regions[] = { ADO_REGION_EU };
  g_autoptr(AdoProfilesResult) result = NULL;
  guint na = requests ("na"), eu = requests ("eu");

  ado_demo_server_set_profiles (server, "eu",
                                "[{\"profileId\":\"31415926535897932384626\",\"new\":1}]");
  result = list (f, regions, 1);
  ado_demo_server_set_profiles (server, "eu", NULL);

  g_assert_cmpuint (requests ("na"), ==, na);
  g_assert_cmpuint (requests ("eu"), ==, eu + 1);
  g_assert_false (ado_profiles_result_has_region (result, ADO_REGION_NA));
  g_assert_true (ado_profiles_result_has_region (result, ADO_REGION_EU));
  g_assert_null (ado_profiles_result_get_profiles (result, ADO_REGION_NA));
  g_assert_cmpuint (ado_profiles_result_get_region (result, 0), ==, ADO_REGION_EU);
  g_assert_cmpstr (ado_profile_get_profile_id (
                     g_ptr_array_index (ado_profiles_result_get_profiles (result, ADO_REGION_EU),
                                        0)),
                   ==, "31415926535897932384626");
}

static void
test_client_failing_region (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AdoProfilesResult) result = NULL;
  guint eu = requests ("eu");
  const GError *error;

  ado_demo_server_fail_profiles_next (server, "eu", ADO_DEMO_PROFILES_FAILURE_SERVER_ERROR, 3);
  result = list (f, NULL, 0);

  /* Three attempts, then the region fails alone */
  g_assert_cmpuint (requests ("eu"), ==, eu + 3);
  error = ado_profiles_result_get_error (result, ADO_REGION_EU);
  g_assert_error ((GError *)error, ADO_ERROR, ADO_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "Europe"));
  /* The facts beside the words, for each face to use */
  g_assert_cmpstr (ado_error_get_region (error), ==, "eu");
  g_assert_cmpuint (ado_error_get_http_status (error), ==, 500);
  g_assert_null (ado_profiles_result_get_profiles (result, ADO_REGION_EU));
  g_assert_cmpuint (ado_profiles_result_get_n_failed (result), ==, 1);
  g_assert_cmpuint (ado_profiles_result_get_profiles (result, ADO_REGION_NA)->len, ==, 2);
  g_assert_cmpuint (ado_profiles_result_get_profiles (result, ADO_REGION_FE)->len, ==, 0);
}

static void
test_client_expired_token (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(AdoProfilesResult) result = NULL;
  guint tokens = ado_demo_server_get_token_request_count (server);
  guint na = requests ("na"), eu = requests ("eu");

  /* Two regions refuse the token at once: one renewal serves both */
  ado_demo_server_fail_profiles_next (server, "na", ADO_DEMO_PROFILES_FAILURE_EXPIRED_TOKEN, 1);
  ado_demo_server_fail_profiles_next (server, "eu", ADO_DEMO_PROFILES_FAILURE_EXPIRED_TOKEN, 1);
  result = list (f, NULL, 0);

  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, tokens + 1);
  g_assert_cmpuint (requests ("na"), ==, na + 2);
  g_assert_cmpuint (requests ("eu"), ==, eu + 2);
  g_assert_cmpuint (ado_profiles_result_get_n_failed (result), ==, 0);
  g_assert_cmpuint (ado_profiles_result_get_profiles (result, ADO_REGION_NA)->len, ==, 2);
  g_assert_cmpuint (ado_profiles_result_get_profiles (result, ADO_REGION_EU)->len, ==, 1);
}

static void
test_client_expired_twice (Fixture       *f,
                           gconstpointer  data)
{
  const AdoRegion regions[] = { ADO_REGION_NA };
  g_autoptr(AdoProfilesResult) result = NULL;
  guint tokens = ado_demo_server_get_token_request_count (server);
  guint na = requests ("na");

  /* Refused even with a new token: renewed once only, then an error */
  ado_demo_server_fail_profiles_next (server, "na", ADO_DEMO_PROFILES_FAILURE_EXPIRED_TOKEN, 5);
  result = list (f, regions, 1);

  g_assert_cmpuint (ado_demo_server_get_token_request_count (server), ==, tokens + 1);
  g_assert_cmpuint (requests ("na"), ==, na + 2);
  g_assert_error ((GError *)ado_profiles_result_get_error (result, ADO_REGION_NA),
                  ADO_ERROR, ADO_ERROR_INVALID_GRANT);
}

static void
test_client_rate_limited (Fixture       *f,
                          gconstpointer  data)
{
  const AdoRegion regions[] = { ADO_REGION_FE, ADO_REGION_NA };
  g_autoptr(AdoProfilesResult) result = NULL;
  gint64 start = g_get_monotonic_time ();
  guint na = requests ("na");

  ado_demo_server_fail_profiles_next (server, "na", ADO_DEMO_PROFILES_FAILURE_RATE_LIMITED, 1);
  result = list (f, regions, 2);

  /* Retry-After: 1 was honoured */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_cmpuint (requests ("na"), ==, na + 2);
  g_assert_cmpuint (ado_profiles_result_get_n_failed (result), ==, 0);
  g_assert_cmpuint (ado_profiles_result_get_profiles (result, ADO_REGION_NA)->len, ==, 2);
  g_assert_cmpuint (ado_profiles_result_get_region (result, 0), ==, ADO_REGION_FE);
}

static void
test_client_bad_bodies (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AdoProfilesResult) result = NULL;
  guint eu = requests ("eu");

  ado_demo_server_fail_profiles_next (server, "eu", ADO_DEMO_PROFILES_FAILURE_TRUNCATED, 1);
  ado_demo_server_fail_profiles_next (server, "fe", ADO_DEMO_PROFILES_FAILURE_MALFORMED, 1);
  result = list (f, NULL, 0);

  /* A bad body is not retried */
  g_assert_cmpuint (requests ("eu"), ==, eu + 1);
  g_assert_error ((GError *)ado_profiles_result_get_error (result, ADO_REGION_EU),
                  ADO_ERROR, ADO_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (ado_profiles_result_get_error (result, ADO_REGION_EU)->message,
                            "Europe"));
  g_assert_error ((GError *)ado_profiles_result_get_error (result, ADO_REGION_FE),
                  ADO_ERROR, ADO_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (ado_profiles_result_get_n_failed (result), ==, 2);
  g_assert_cmpuint (ado_profiles_result_get_profiles (result, ADO_REGION_NA)->len, ==, 2);
}

/* Lists every region with @failure injected into @region's answer; once
 * that region was asked and the list still runs, cancels it. Returns how
 * long the list took to end after the cancel, in µs. */
static gint64
cancel_when_asked (Fixture                *f,
                   const char             *region,
                   AdoDemoProfilesFailure  failure)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoProfilesResult) profiles = NULL;
  guint asked = requests (region);
  gint64 deadline;
  gint64 cancelled;

  ado_demo_server_fail_profiles_next (server, region, failure, 1);
  ado_profiles_client_list_async (f->store, f->registry, f->account, NULL, 0, cancellable,
                                  ado_test_result_cb, &result);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (requests (region) == asked && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (requests (region), ==, asked + 1);
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 4;
  while (g_get_monotonic_time () < deadline && result == NULL)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (result);

  cancelled = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  ado_test_wait_for (&result);
  cancelled = g_get_monotonic_time () - cancelled;
  /* Not asked again */
  g_assert_cmpuint (requests (region), ==, asked + 1);

  profiles = ado_profiles_client_list_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (profiles);

  return cancelled;
}

static void
test_client_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  /* Cancelled while waiting a second to retry: it ends at once */
  g_assert_cmpint (cancel_when_asked (f, "na", ADO_DEMO_PROFILES_FAILURE_RATE_LIMITED), <,
                   G_USEC_PER_SEC / 2);
}

/* A host that sends its answer a piece every second trips no per-read
 * timeout: the attempt's deadline ends that region, alone, as a network
 * error */
static void
test_client_dribbled_region (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AdoProfilesResult) result = NULL;
  guint eu = requests ("eu");
  const GError *error;

  ado_profiles_client_set_deadline (1000);
  ado_demo_server_fail_profiles_next (server, "eu", ADO_DEMO_PROFILES_FAILURE_DRIBBLE, 1);
  result = list (f, NULL, 0);
  ado_profiles_client_set_deadline (60 * 1000);

  /* One attempt: a slow answer is no reason to ask again */
  g_assert_cmpuint (requests ("eu"), ==, eu + 1);
  error = ado_profiles_result_get_error (result, ADO_REGION_EU);
  g_assert_error ((GError *)error, ADO_ERROR, ADO_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==,
                   "The advertising API for the Europe region did not send its whole answer "
                   "within 1 second. Check the internet connection and try again.");
  g_assert_null (ado_profiles_result_get_profiles (result, ADO_REGION_EU));
  g_assert_cmpuint (ado_profiles_result_get_n_failed (result), ==, 1);
  g_assert_cmpuint (ado_profiles_result_get_profiles (result, ADO_REGION_NA)->len, ==, 2);
  g_assert_cmpuint (ado_profiles_result_get_profiles (result, ADO_REGION_FE)->len, ==, 0);
}

/* Cancelled while an answer comes a piece at a time: cancelled, not a
 * network error, and without waiting for the deadline (the guard of
 * ado_test_wait_for() is shorter) */
static void
test_client_cancelled_while_dribbling (Fixture       *f,
                                       gconstpointer  data)
{
  cancel_when_asked (f, "eu", ADO_DEMO_PROFILES_FAILURE_DRIBBLE);
}

/* A call about one profile, made as an exported file's first call would be */
static guint
scoped_call (Fixture    *f,
             const char *region,
             const char *access_token,
             const char *profile_id)
{
  g_autofree char *url = g_strdup_printf ("%s/%s/v2/sp/campaigns",
                                          ado_demo_server_get_base_url (server), region);
  g_autoptr(SoupSession) http = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *authorization = g_strconcat ("Bearer ", access_token, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (headers, "Amazon-Advertising-API-ClientId", f->client_id);
  soup_message_headers_replace (headers, "Authorization", authorization);
  if (profile_id != NULL)
    soup_message_headers_replace (headers, "Amazon-Advertising-API-Scope", profile_id);
  /* The imitation runs on its own thread: a blocking request is fine here */
  body = soup_session_send_and_read (http, msg, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (msg);
}

/* As at Amazon, a profile is known only on its own region's host */
static void
test_scoped_call_wrong_host (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdoSecret) token = NULL;
  guint before = ado_demo_server_get_scoped_request_count (server, "eu");

  ado_credential_store_lookup_async (f->store, ADO_SECRET_KIND_ACCESS_TOKEN, f->client_id,
                                     ado_account_get_id (f->account), NULL, ado_test_result_cb,
                                     &result);
  ado_test_wait_for (&result);
  token = ado_credential_store_lookup_finish (f->store, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  g_assert_cmpuint (scoped_call (f, "na", token, "9007199254740993"), ==, 200);
  g_assert_cmpuint (scoped_call (f, "eu", token, "1234567890123456789012"), ==, 200);
  /* The NA profile on the European and Far East hosts; the EU one on NA's */
  g_assert_cmpuint (scoped_call (f, "eu", token, "9007199254740993"), ==, 401);
  g_assert_cmpuint (scoped_call (f, "fe", token, "9007199254740993"), ==, 401);
  g_assert_cmpuint (scoped_call (f, "na", token, "1234567890123456789012"), ==, 401);
  /* A prefix of a real ID is not that ID */
  g_assert_cmpuint (scoped_call (f, "na", token, "900719925474099"), ==, 401);
  /* No profile named; a token the server never issued */
  g_assert_cmpuint (scoped_call (f, "na", token, NULL), ==, 400);
  g_assert_cmpuint (scoped_call (f, "na", "Atza|forged", "9007199254740993"), ==, 401);
  g_assert_cmpuint (ado_demo_server_get_scoped_request_count (server, "eu"), ==, before + 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token_url = NULL;
  g_autofree char *api_url = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  ado_test_set_guard_seconds (TIMEOUT_SECONDS);

  server = ado_demo_server_new ();
  if (!ado_demo_server_start (server, &error))
    g_error ("The imitation did not start: %s", error->message);
  /* Before any request: nothing else reads the environment yet */
  token_url = ado_demo_server_dup_token_url (server);
  api_url = ado_demo_server_dup_api_url (server);
  g_setenv (ADO_TOKEN_URL_ENV, token_url, TRUE);
  g_setenv (ADO_API_URL_ENV, api_url, TRUE);
  ado_profiles_client_set_retry_delay (10);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/ado/profiles/new", test_profile_new);
  g_test_add_func ("/ado/profiles/parse-exact-ids", test_parse_exact_ids);
  g_test_add_func ("/ado/profiles/parse-types-and-unknown-fields",
                   test_parse_types_and_unknown_fields);
  g_test_add_func ("/ado/profiles/parse-bad", test_parse_bad);
  g_test_add_func ("/ado/profiles/parse-escapes", test_parse_escapes);
  g_test_add_func ("/ado/profiles/empty-message", test_empty_message);
  ADD ("/ado/profiles/client-all-regions", test_client_all_regions);
  ADD ("/ado/profiles/scoped-call-wrong-host", test_scoped_call_wrong_host);
  ADD ("/ado/profiles/client-one-region", test_client_one_region);
  ADD ("/ado/profiles/client-failing-region", test_client_failing_region);
  ADD ("/ado/profiles/client-expired-token", test_client_expired_token);
  ADD ("/ado/profiles/client-expired-twice", test_client_expired_twice);
  ADD ("/ado/profiles/client-rate-limited", test_client_rate_limited);
  ADD ("/ado/profiles/client-bad-bodies", test_client_bad_bodies);
  ADD ("/ado/profiles/client-cancelled", test_client_cancelled);
  ADD ("/ado/profiles/client-dribbled-region", test_client_dribbled_region);
  ADD ("/ado/profiles/client-cancelled-while-dribbling", test_client_cancelled_while_dribbling);

  status = g_test_run ();

  ado_demo_server_stop (server);
  g_assert_finalize_object (server);

  return status;
}
