/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-demo-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-demo-server-private.h"

/*
 * The authorization page, /ap/oa, as Login with Amazon has it: an unknown
 * client or a redirect URI that is not exactly one of the client's Allowed
 * Return URLs gets an error page and no redirect (the app hears nothing);
 * every other problem goes back to the redirect URI as error=…&state=….
 * With auto-approve off, a consent page comes first, whose Allow and Cancel
 * links (/ap/oa/allow, /ap/oa/cancel) redirect.
 */

#define CODE_ALPHABET    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define CODE_LENGTH      20
#define CONSENT_ALPHABET "abcdefghijklmnopqrstuvwxyz0123456789"
#define CONSENT_LENGTH   24
#define BASE64URL        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
#define UNRESERVED       BASE64URL ".~"

static const char * const known_scopes[] = {
  "advertising::campaign_management",
  "advertising::audiences",
  "advertising::test:create_account",
  "cpc_advertising:campaign_management",
  NULL
};

/* @scope with single spaces, or NULL when empty or holding an unknown
 * scope. */
static char *
normalize_scope (const char *scope)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) kept = NULL;

  if (scope == NULL)
    return NULL;

  words = g_strsplit (scope, " ", -1);
  kept = g_ptr_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (!g_strv_contains (known_scopes, words[i]))
        return NULL;
      g_ptr_array_add (kept, words[i]);
    }

  if (kept->len == 0)
    return NULL;

  g_ptr_array_add (kept, NULL);

  return g_strjoinv (" ", (GStrv)kept->pdata);
}

static gboolean
only_chars (const char *text,
            const char *allowed)
{
  return text[strspn (text, allowed)] == '\0';
}

static gboolean
challenge_is_valid (const char *challenge,
                    gboolean    s256)
{
  gsize length = strlen (challenge);

  if (s256)
    return length == 43 && only_chars (challenge, BASE64URL);

  return length >= 43 && length <= 128 && only_chars (challenge, UNRESERVED);
}

static void
append_param (GString    *uri,
              gboolean   *first,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  if (!*first)
    g_string_append_c (uri, '&');
  g_string_append_printf (uri, "%s=%s", name, escaped);
  *first = FALSE;
}

/* @redirect_uri with the parameters added to its query, before any
 * fragment. The NULL values are left out; the list ends with a NULL name. */
static char *
build_redirect (const char *redirect_uri,
                ...)
{
  const char *hash = strchr (redirect_uri, '#');
  gsize base_length = hash != NULL ? (gsize)(hash - redirect_uri) : strlen (redirect_uri);
  GString *uri = g_string_new_len (redirect_uri, base_length);
  const char *query = memchr (redirect_uri, '?', base_length);
  gboolean first = TRUE;
  const char *name;
  va_list args;

  if (query == NULL)
    g_string_append_c (uri, '?');
  else if (uri->str[uri->len - 1] != '?' && uri->str[uri->len - 1] != '&')
    g_string_append_c (uri, '&');

  va_start (args, redirect_uri);
  while ((name = va_arg (args, const char *)) != NULL)
    append_param (uri, &first, name, va_arg (args, const char *));
  va_end (args);

  if (hash != NULL)
    g_string_append (uri, hash);

  return g_string_free (uri, FALSE);
}

static void
set_redirect (SoupServerMessage *msg,
              const char        *location)
{
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
}

static void
redirect_error (SoupServerMessage *msg,
                const char        *redirect_uri,
                const char        *error,
                const char        *description,
                const char        *state)
{
  g_autofree char *location = NULL;

  g_debug ("Authorization refused: %s", error);

  location = build_redirect (redirect_uri,
                             "error", error,
                             "error_description", description,
                             "state", state,
                             NULL);
  set_redirect (msg, location);
}

static void
error_page (SoupServerMessage *msg,
            const char        *summary,
            const char        *detail_label,
            const char        *detail)
{
  g_autofree char *escaped_summary = g_markup_escape_text (summary, -1);
  g_autofree char *escaped_label = g_markup_escape_text (detail_label, -1);
  g_autofree char *escaped_detail = g_markup_escape_text (detail != NULL ? detail : "", -1);
  g_autofree char *sorry = g_markup_escape_text (_("We’re sorry! An error occurred when we "
                                                   "tried to process your request."), -1);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("<h1>400 Bad Request</h1>\n"
                          "<p>%s</p>\n"
                          "<p>%s</p>\n"
                          "<p>%s <code>%s</code></p>",
                          sorry, escaped_summary, escaped_label, escaped_detail);

  ado_demo_set_html (msg, SOUP_STATUS_BAD_REQUEST, _("Amazon Sign-In"), body);
}

/* Answers with a code, or with the injected failure. Takes @request. */
static void
grant (AdoDemoServer       *self,
       SoupServerMessage   *msg,
       AdoDemoGrantRequest *request)
{
  g_autoptr(AdoDemoGrantRequest) owned = request;
  g_autofree char *code = NULL;
  g_autofree char *location = NULL;
  GHashTableIter iter;
  gpointer value;
  gint64 now;

  switch (ado_demo_server_take_failure (self, FALSE))
    {
    case ADO_DEMO_FAILURE_DENY:
      redirect_error (msg, request->redirect_uri, "access_denied",
                      "The user denied the request.", request->state);
      return;

    case ADO_DEMO_FAILURE_INVALID_SCOPE_REDIRECT:
      redirect_error (msg, request->redirect_uri, "invalid_scope",
                      "An unknown scope was requested", request->state);
      return;

    case ADO_DEMO_FAILURE_NONE:
      break;

    case ADO_DEMO_FAILURE_TOKEN_SERVER_ERROR:
    case ADO_DEMO_FAILURE_TOKEN_SERVICE_UNAVAILABLE:
    case ADO_DEMO_FAILURE_TOKEN_RATE_LIMITED:
    case ADO_DEMO_FAILURE_TOKEN_MALFORMED_JSON:
    case ADO_DEMO_FAILURE_TOKEN_TRUNCATED:
    case ADO_DEMO_FAILURE_TOKEN_HUGE_BODY:
    case ADO_DEMO_FAILURE_TOKEN_SLOW:
    case ADO_DEMO_FAILURE_TOKEN_SILENT:
    case ADO_DEMO_FAILURE_TOKEN_INVALID_GRANT:
    case ADO_DEMO_FAILURE_TOKEN_INVALID_CLIENT:
    case ADO_DEMO_FAILURE_TOKEN_WRONG_CONTENT_TYPE:
    case ADO_DEMO_FAILURE_TOKEN_REDIRECT:
    case ADO_DEMO_FAILURE_TOKEN_DRIBBLE:
    default:
      g_assert_not_reached ();
    }

  code = ado_demo_random_string (CODE_ALPHABET, CODE_LENGTH);
  location = build_redirect (request->redirect_uri,
                             "code", code,
                             "scope", request->scope,
                             "state", request->state,
                             NULL);

  g_mutex_lock (&self->lock);

  now = g_get_monotonic_time ();

  /* Forget the codes nobody came for */
  g_hash_table_iter_init (&iter, self->codes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AdoDemoGrantRequest *old = value;

      if (now >= old->expires_at)
        g_hash_table_iter_remove (&iter);
    }

  request->expires_at = now + (gint64)self->code_lifetime * G_USEC_PER_SEC;
  g_hash_table_replace (self->codes, g_strdup (code), g_steal_pointer (&owned));

  g_mutex_unlock (&self->lock);

  g_debug ("Authorization granted, redirecting with a code");
  set_redirect (msg, location);
}

static void
consent_page (AdoDemoServer       *self,
              SoupServerMessage   *msg,
              AdoDemoGrantRequest *request)
{
  g_autofree char *id = ado_demo_random_string (CONSENT_ALPHABET, CONSENT_LENGTH);
  g_autofree char *escaped_client = g_markup_escape_text (request->client_id, -1);
  g_autofree char *intro = g_markup_escape_text (_("An application asks to use your Amazon "
                                                   "Advertising account. Client ID:"), -1);
  g_autofree char *scopes_label = g_markup_escape_text (_("It asks for:"), -1);
  g_autofree char *allow = g_markup_escape_text (_("Allow"), -1);
  g_autofree char *cancel = g_markup_escape_text (_("Cancel"), -1);
  g_autofree char *body = NULL;
  g_auto(GStrv) scopes = g_strsplit (request->scope, " ", -1);
  GString *items = g_string_new (NULL);

  for (guint i = 0; scopes[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (scopes[i], -1);
      g_string_append_printf (items, "<li><code>%s</code></li>\n", escaped);
    }

  body = g_strdup_printf ("<h1>Login with Amazon</h1>\n"
                          "<p>%s <code>%s</code></p>\n"
                          "<p>%s</p>\n"
                          "<ul>\n%s</ul>\n"
                          "<p><a id=\"allow\" href=\"%s/allow?request=%s\">%s</a></p>\n"
                          "<p><a id=\"cancel\" href=\"%s/cancel?request=%s\">%s</a></p>",
                          intro, escaped_client,
                          scopes_label,
                          items->str,
                          ADO_DEMO_AUTH_PATH, id, allow,
                          ADO_DEMO_AUTH_PATH, id, cancel);
  g_string_free (items, TRUE);

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->consents, g_steal_pointer (&id), request);
  g_mutex_unlock (&self->lock);

  g_debug ("Showing the consent page");
  ado_demo_set_html (msg, SOUP_STATUS_OK, _("Amazon Sign-In"), body);
}

static void
authorize (AdoDemoServer     *self,
           SoupServerMessage *msg,
           GHashTable        *query)
{
  const char *client_id = NULL;
  const char *redirect_uri = NULL;
  const char *response_type = NULL;
  const char *scope = NULL;
  const char *state = NULL;
  const char *challenge = NULL;
  const char *method = NULL;
  g_autofree char *granted_scope = NULL;
  AdoDemoGrantRequest *request;
  AdoDemoClient *client;
  gboolean registered;
  gboolean auto_approve;
  gboolean s256 = FALSE;

  if (query != NULL)
    {
      client_id = g_hash_table_lookup (query, "client_id");
      redirect_uri = g_hash_table_lookup (query, "redirect_uri");
      response_type = g_hash_table_lookup (query, "response_type");
      scope = g_hash_table_lookup (query, "scope");
      state = g_hash_table_lookup (query, "state");
      challenge = g_hash_table_lookup (query, "code_challenge");
      method = g_hash_table_lookup (query, "code_challenge_method");
    }

  g_mutex_lock (&self->lock);
  client = client_id != NULL ? g_hash_table_lookup (self->clients, client_id) : NULL;
  registered = client != NULL && redirect_uri != NULL &&
               g_strv_contains ((const char * const *)client->return_urls, redirect_uri);
  auto_approve = self->auto_approve;
  g_mutex_unlock (&self->lock);

  /* These two never redirect */
  if (client == NULL)
    {
      g_debug ("Authorization for an unknown client");
      error_page (msg,
                  _("Unknown client: no security profile has this client ID."),
                  _("Client ID:"), client_id);
      return;
    }

  if (!registered)
    {
      g_debug ("Authorization with a redirect URI that is not registered");
      error_page (msg,
                  _("The redirect URI you provided has not been whitelisted for your "
                    "application."),
                  _("Redirect URI:"), redirect_uri);
      return;
    }

  if (g_strcmp0 (response_type, "code") != 0)
    {
      redirect_error (msg, redirect_uri, "unsupported_response_type",
                      "The authorization server does not support obtaining an authorization "
                      "code using this method", state);
      return;
    }

  granted_scope = normalize_scope (scope);
  if (granted_scope == NULL)
    {
      redirect_error (msg, redirect_uri, "invalid_scope",
                      "An unknown scope was requested", state);
      return;
    }

  if (method == NULL || g_str_equal (method, "plain"))
    s256 = FALSE;
  else if (g_str_equal (method, "S256"))
    s256 = TRUE;
  else
    {
      redirect_error (msg, redirect_uri, "invalid_request",
                      "The request has an invalid parameter : code_challenge_method", state);
      return;
    }

  if ((method != NULL && challenge == NULL) ||
      (challenge != NULL && !challenge_is_valid (challenge, s256)))
    {
      redirect_error (msg, redirect_uri, "invalid_request",
                      "The request has an invalid parameter : code_challenge", state);
      return;
    }

  request = g_new0 (AdoDemoGrantRequest, 1);
  request->client_id = g_strdup (client_id);
  request->redirect_uri = g_strdup (redirect_uri);
  request->state = g_strdup (state);
  request->scope = g_steal_pointer (&granted_scope);
  request->challenge = g_strdup (challenge);
  request->s256 = s256;

  if (auto_approve)
    grant (self, msg, request);
  else
    consent_page (self, msg, request);
}

static void
decide (AdoDemoServer     *self,
        SoupServerMessage *msg,
        GHashTable        *query,
        gboolean           allowed)
{
  const char *id = query != NULL ? g_hash_table_lookup (query, "request") : NULL;
  AdoDemoGrantRequest *request = NULL;
  g_autofree char *stolen_id = NULL;

  g_mutex_lock (&self->lock);
  if (id != NULL)
    g_hash_table_steal_extended (self->consents, id,
                                 (gpointer *)&stolen_id, (gpointer *)&request);
  g_mutex_unlock (&self->lock);

  if (request == NULL)
    {
      g_autofree char *body = NULL;
      g_autofree char *text = g_markup_escape_text (_("This sign-in request is unknown or was "
                                                      "already answered. Start the sign-in "
                                                      "again from the application."), -1);

      body = g_strdup_printf ("<h1>400 Bad Request</h1>\n<p>%s</p>", text);
      ado_demo_set_html (msg, SOUP_STATUS_BAD_REQUEST, _("Amazon Sign-In"), body);
      return;
    }

  if (allowed)
    {
      grant (self, msg, request);
    }
  else
    {
      redirect_error (msg, request->redirect_uri, "access_denied",
                      "The user denied the request.", request->state);
      ado_demo_grant_request_free (request);
    }
}

void
ado_demo_server_handle_authorize (AdoDemoServer     *self,
                                  SoupServerMessage *msg,
                                  const char        *path,
                                  GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);

  g_mutex_lock (&self->lock);
  self->authorization_requests++;
  g_mutex_unlock (&self->lock);

  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET");
      ado_demo_set_html (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Amazon Sign-In"),
                         "<h1>405 Method Not Allowed</h1>");
      return;
    }

  if (g_str_equal (path, ADO_DEMO_AUTH_PATH))
    authorize (self, msg, query);
  else if (g_str_equal (path, ADO_DEMO_AUTH_PATH "/allow"))
    decide (self, msg, query, TRUE);
  else if (g_str_equal (path, ADO_DEMO_AUTH_PATH "/cancel"))
    decide (self, msg, query, FALSE);
  else
    ado_demo_set_html (msg, SOUP_STATUS_NOT_FOUND, _("Not Found"), "<h1>404 Not Found</h1>");
}
