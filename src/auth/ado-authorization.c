/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-authorization"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "ado-authorization.h"
#include "ado-error.h"

/*
 * The authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636) and the
 * redirect that answers it, whether it reaches the loopback listener or
 * the user pastes it from the address bar. Everything here faces the
 * outside: nothing is trusted until the state checks out.
 */

#define MAX_QUERY_LENGTH   8192
#define MAX_ERROR_TEXT     200

/**
 * ado_authorization_url_build:
 * @endpoint: the region's authorization URL (or its override)
 * @client_id: the Login with Amazon client ID
 * @scope: one scope, or several separated by spaces
 * @redirect_uri: the registered return URL, sent exactly as registered
 * @state: the attempt's state
 * @code_challenge: the S256 PKCE challenge
 *
 * Returns: (transfer full): the address of Amazon's consent page
 */
char *
ado_authorization_url_build (const char *endpoint,
                             const char *client_id,
                             const char *scope,
                             const char *redirect_uri,
                             const char *state,
                             const char *code_challenge)
{
  GString *url;

  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (client_id != NULL, NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (redirect_uri != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (code_challenge != NULL, NULL);

  url = g_string_new (endpoint);
  g_string_append_c (url, strchr (endpoint, '?') != NULL ? '&' : '?');

#define APPEND_PARAM(name, value, first) \
  G_STMT_START { \
    if (!(first)) \
      g_string_append_c (url, '&'); \
    g_string_append (url, name "="); \
    g_string_append_uri_escaped (url, value, NULL, FALSE); \
  } G_STMT_END

  APPEND_PARAM ("client_id", client_id, TRUE);
  APPEND_PARAM ("scope", scope, FALSE);
  APPEND_PARAM ("response_type", "code", FALSE);
  APPEND_PARAM ("redirect_uri", redirect_uri, FALSE);
  APPEND_PARAM ("state", state, FALSE);
  APPEND_PARAM ("code_challenge", code_challenge, FALSE);
  APPEND_PARAM ("code_challenge_method", "S256", FALSE);

#undef APPEND_PARAM

  return g_string_free (url, FALSE);
}

void
ado_callback_free (AdoCallback *callback)
{
  if (callback == NULL)
    return;

  if (callback->code != NULL)
    memset (callback->code, 0, strlen (callback->code));
  g_free (callback->code);
  g_free (callback->scope);
  g_free (callback->error);
  g_free (callback->error_description);
  g_free (callback);
}

AdoCallback *
ado_callback_copy (const AdoCallback *callback)
{
  AdoCallback *copy;

  g_return_val_if_fail (callback != NULL, NULL);

  copy = g_new0 (AdoCallback, 1);
  copy->code = g_strdup (callback->code);
  copy->scope = g_strdup (callback->scope);
  copy->error = g_strdup (callback->error);
  copy->error_description = g_strdup (callback->error_description);

  return copy;
}

/* Compares without leaking through timing how much of the state matched */
static gboolean
state_equal (const char *a,
             const char *b)
{
  gsize len_a = strlen (a);
  gsize len_b = strlen (b);
  guint8 diff = len_a != len_b;

  for (gsize i = 0; i < len_a; i++)
    diff |= (guint8)a[i] ^ (guint8)b[i % (len_b > 0 ? len_b : 1)];

  return diff == 0;
}

/* Text from outside, made safe for a message: printable, bounded */
static char *
sanitize (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0' && out->len < MAX_ERROR_TEXT; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isprint (c))
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, ' ');
    }

  return g_string_free (out, FALSE);
}

static gboolean
set_once (char       **field,
          const char  *value)
{
  if (*field != NULL)
    return FALSE;

  *field = g_strdup (value);
  return TRUE;
}

/**
 * ado_callback_parse_query:
 * @query: (nullable): the redirect's query, still %-encoded
 * @expected_state: the state sent with this attempt
 * @error: why the query is not this attempt's answer
 *
 * A query with the right state and a code or an error is the answer to
 * this attempt, whatever else it holds; without the right state it is
 * someone else's and is refused (%ADO_ERROR_STATE_MISMATCH).
 *
 * Returns: (transfer full) (nullable): the answer; check it with
 *   ado_callback_check()
 */
AdoCallback *
ado_callback_parse_query (const char  *query,
                          const char  *expected_state,
                          GError     **error)
{
  g_autoptr(AdoCallback) callback = g_new0 (AdoCallback, 1);
  g_autofree char *state = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) pairs = NULL;

  g_return_val_if_fail (expected_state != NULL && expected_state[0] != '\0', NULL);

  if (query == NULL || query[0] == '\0')
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   _("The address has no sign-in answer in it. Paste the whole address "
                     "from the browser’s address bar."));
      return NULL;
    }

  if (strlen (query) > MAX_QUERY_LENGTH)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   _("The address is too long to be a sign-in answer."));
      return NULL;
    }

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      const char *eq;
      gboolean ok = TRUE;

      if (pairs[i][0] == '\0')
        continue;

      eq = strchr (pairs[i], '=');
      if (eq != NULL)
        {
          g_autofree char *raw_name = g_strndup (pairs[i], eq - pairs[i]);
          g_autofree char *raw_value = g_strdup (eq + 1);

          /* Forms encode spaces as '+' */
          g_strdelimit (raw_value, "+", ' ');
          name = g_uri_unescape_string (raw_name, NULL);
          value = g_uri_unescape_string (raw_value, "");
        }
      else
        {
          name = g_uri_unescape_string (pairs[i], NULL);
          value = g_strdup ("");
        }

      if (name == NULL || value == NULL || !g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                       _("The sign-in answer is garbled. Sign in again."));
          return NULL;
        }

      if (g_str_equal (name, "state"))
        ok = set_once (&state, value);
      else if (g_str_equal (name, "code"))
        ok = set_once (&callback->code, value);
      else if (g_str_equal (name, "scope"))
        ok = set_once (&callback->scope, value);
      else if (g_str_equal (name, "error"))
        ok = set_once (&callback->error, value);
      else if (g_str_equal (name, "error_description"))
        ok = set_once (&description, value);

      if (!ok)
        {
          g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                       _("The sign-in answer repeats “%s”, so it cannot be trusted. "
                         "Sign in again."),
                       name);
          return NULL;
        }
    }

  if (state == NULL || !state_equal (state, expected_state))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_STATE_MISMATCH,
                   state == NULL
                   ? _("The sign-in answer has no state value, so it cannot be matched to "
                       "this sign-in. Sign in again from here.")
                   : _("The sign-in answer belongs to another sign-in attempt. Use the "
                       "address of the attempt that is running, or sign in again."));
      return NULL;
    }

  if (callback->error != NULL)
    {
      g_autofree char *safe_error = sanitize (callback->error);

      g_free (callback->error);
      callback->error = g_steal_pointer (&safe_error);
      callback->error_description = sanitize (description);
      g_clear_pointer (&callback->code, g_free);
      return g_steal_pointer (&callback);
    }

  if (callback->code == NULL || callback->code[0] == '\0')
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   _("The sign-in answer has no authorization code. Sign in again."));
      return NULL;
    }

  return g_steal_pointer (&callback);
}

/**
 * ado_callback_parse_pasted:
 * @text: what the user pasted: the whole address from the browser
 * @expected_state: the state sent with this attempt
 *
 * Amazon redirects to the registered return URL, whatever it is; the
 * address bar then holds the answer in its query.
 */
AdoCallback *
ado_callback_parse_pasted (const char  *text,
                           const char  *expected_state,
                           GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *query;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (expected_state != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));

  if (trimmed[0] == '\0')
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   _("Paste the whole address from the browser’s address bar."));
      return NULL;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    {
      /* A bare query ("?code=…&state=…") is fine too */
      if (trimmed[0] == '?' || strstr (trimmed, "state=") != NULL)
        return ado_callback_parse_query (trimmed[0] == '?' ? trimmed + 1 : trimmed,
                                         expected_state, error);

      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   _("This is not an address. Paste the whole address from the browser’s "
                     "address bar, not only the code."));
      return NULL;
    }

  query = g_uri_get_query (uri);
  if (query == NULL)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_INPUT,
                   _("This address has no sign-in answer in it. Paste the address the "
                     "browser shows after you allowed access."));
      return NULL;
    }

  return ado_callback_parse_query (query, expected_state, error);
}

/**
 * ado_callback_check:
 * @callback: an answer with the right state
 * @scope: the scope that was asked for
 * @error: what Amazon refused, and what to do about it
 *
 * Returns: %TRUE when @callback carries a code
 */
gboolean
ado_callback_check (const AdoCallback  *callback,
                    const char         *scope,
                    GError            **error)
{
  g_autofree char *what = NULL;
  gsize length;

  g_return_val_if_fail (callback != NULL, FALSE);

  if (callback->error == NULL)
    return TRUE;

  what = g_strdup (callback->error_description != NULL && callback->error_description[0] != '\0'
                   ? callback->error_description
                   : callback->error);

  /* Amazon's sentence goes in parentheses inside ours: without its full
   * stop, "(The user denied the request)." and not "(… request.)." */
  g_strstrip (what);
  length = strlen (what);
  while (length > 0 && what[length - 1] == '.')
    what[--length] = '\0';

  if (g_str_equal (callback->error, "access_denied"))
    g_set_error (error, ADO_ERROR, ADO_ERROR_ACCESS_DENIED,
                 _("Access was not allowed on Amazon’s page (%s). Sign in again and choose "
                   "Allow, with the Amazon account that has access to the advertising accounts."),
                 what);
  else if (g_str_equal (callback->error, "invalid_scope"))
    g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_SCOPE,
                 _("Amazon does not grant the scope “%s” to this client (%s). API access may "
                   "not be approved and assigned to this client yet; clients approved before "
                   "October 2020 may need the scope “cpc_advertising:campaign_management”."),
                 scope != NULL ? scope : "", what);
  else if (g_str_equal (callback->error, "unauthorized_client"))
    g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT,
                 _("Amazon does not let this client sign in (%s). Check the client ID and that "
                   "API access is assigned to it."),
                 what);
  else if (g_str_equal (callback->error, "server_error") ||
           g_str_equal (callback->error, "temporarily_unavailable"))
    g_set_error (error, ADO_ERROR, ADO_ERROR_SERVER,
                 _("Amazon could not complete the sign-in (%s). Try again in a few minutes."),
                 what);
  else
    g_set_error (error, ADO_ERROR, ADO_ERROR_ACCESS_DENIED,
                 _("Amazon refused the sign-in (%s). Check the client ID and the return URL, "
                   "then sign in again."),
                 what);

  return FALSE;
}
