/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-checks"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "ado-checks.h"
#include "ado-error.h"

#define CLIENT_ID_HEX_DIGITS     32
#define CLIENT_SECRET_HEX_DIGITS 64

static gboolean
is_hex_run (const char *text,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return text[len] == '\0';
}

/**
 * ado_trim_pasted:
 * @text: (nullable): text as typed or pasted
 *
 * Pasting from a web console often brings a stray space or line break
 * along; those never belong to an ID, a secret or a URL.
 *
 * Returns: (transfer full): @text without leading and trailing white space
 */
char *
ado_trim_pasted (const char *text)
{
  if (text == NULL)
    return g_strdup ("");

  return g_strstrip (g_strdup (text));
}

/**
 * ado_check_client_id:
 * @client_id: a Login with Amazon client ID, already trimmed
 * @error: where to put the reason it is not one
 *
 * Returns: %TRUE when @client_id has the shape of a Login with Amazon client ID
 */
gboolean
ado_check_client_id (const char  *client_id,
                     GError     **error)
{
  gsize prefix_len = strlen (ADO_CLIENT_ID_PREFIX);
  gsize len;

  g_return_val_if_fail (client_id != NULL, FALSE);

  len = strlen (client_id);

  if (len == 0)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT_ID,
                   _("Enter the client ID shown under “Show Client ID and Client Secret”."));
      return FALSE;
    }

  if (g_str_has_prefix (client_id, ADO_CLIENT_SECRET_PREFIX))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT_ID,
                   _("This is the client secret. Paste it in the secret field, and the client ID here."));
      return FALSE;
    }

  if (!g_str_has_prefix (client_id, ADO_CLIENT_ID_PREFIX))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT_ID,
                   _("A client ID starts with “%s”. Copy it again from the security profile."),
                   ADO_CLIENT_ID_PREFIX);
      return FALSE;
    }

  if (len != prefix_len + CLIENT_ID_HEX_DIGITS ||
      !is_hex_run (client_id + prefix_len, CLIENT_ID_HEX_DIGITS))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_CLIENT_ID,
                   _("A client ID ends in 32 hexadecimal digits (0–9, a–f) after “%s”. "
                     "Part of it may be missing: copy it again."),
                   ADO_CLIENT_ID_PREFIX);
      return FALSE;
    }

  return TRUE;
}

/**
 * ado_check_client_secret:
 * @secret: (nullable): a client secret, already trimmed
 * @warning: (out) (optional): a sentence for the user when the shape is unusual
 *
 * Older security profiles have secrets of another shape, so an unusual
 * secret is only worth a warning. The secret itself never appears in
 * the warning.
 */
AdoSecretShape
ado_check_client_secret (const char  *secret,
                         char       **warning)
{
  gsize prefix_len = strlen (ADO_CLIENT_SECRET_PREFIX);

  if (warning != NULL)
    *warning = NULL;

  if (secret == NULL || secret[0] == '\0')
    return ADO_SECRET_SHAPE_EMPTY;

  if (g_str_has_prefix (secret, ADO_CLIENT_SECRET_PREFIX) &&
      strlen (secret) == prefix_len + CLIENT_SECRET_HEX_DIGITS &&
      is_hex_run (secret + prefix_len, CLIENT_SECRET_HEX_DIGITS))
    return ADO_SECRET_SHAPE_USUAL;

  if (warning != NULL)
    {
      if (g_str_has_prefix (secret, ADO_CLIENT_ID_PREFIX))
        *warning = g_strdup (_("This looks like the client ID, not the secret."));
      else
        *warning = g_strdup_printf (_("Current client secrets start with “%s” followed by 64 "
                                      "hexadecimal digits. Older ones differ, so this one is kept, "
                                      "but check that it was copied whole."),
                                    ADO_CLIENT_SECRET_PREFIX);
    }

  return ADO_SECRET_SHAPE_UNUSUAL;
}

static gboolean
host_is_loopback (const char *host)
{
  return g_strcmp0 (host, "127.0.0.1") == 0 ||
         g_strcmp0 (host, "::1") == 0 ||
         g_strcmp0 (host, "[::1]") == 0 ||
         g_ascii_strcasecmp (host, "localhost") == 0;
}

/**
 * ado_check_redirect_uri:
 * @uri: the return URL as the user wants to register it
 * @error: where to put what is wrong with it
 *
 * Login with Amazon compares the return URL letter by letter, so it is
 * never rewritten here, only accepted or refused. An `http` URL must point
 * at this machine (the app listens there), with a port of its own; any
 * `https` URL is accepted, and the address bar is the way back from it.
 */
gboolean
ado_check_redirect_uri (const char  *uri,
                        GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;
  int port;

  g_return_val_if_fail (uri != NULL, FALSE);

  if (uri[0] == '\0')
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI,
                   _("Enter the return URL exactly as it is registered."));
      return FALSE;
    }

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || g_uri_get_host (parsed)[0] == '\0')
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI,
                   _("This is not a complete URL. It looks like “%s”."),
                   DEFAULT_REDIRECT_URI);
      return FALSE;
    }

  if (g_uri_get_fragment (parsed) != NULL)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI,
                   _("A return URL cannot contain “#”. Remove it and what follows."));
      return FALSE;
    }

  if (g_uri_get_userinfo (parsed) != NULL)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI,
                   _("A return URL cannot contain a user name or password."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);
  port = g_uri_get_port (parsed);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI,
                   _("A return URL starts with “http://” or “https://”."));
      return FALSE;
    }

  if (!host_is_loopback (host))
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI,
                   _("Plain http is only for this computer (127.0.0.1 or localhost). "
                     "Use https for any other address."));
      return FALSE;
    }

  if (port < 1024 || port > 65535)
    {
      g_set_error (error, ADO_ERROR, ADO_ERROR_INVALID_REDIRECT_URI,
                   _("Give the address a port between 1024 and 65535, for example “%s”."),
                   DEFAULT_REDIRECT_URI);
      return FALSE;
    }

  return TRUE;
}

/**
 * ado_redirect_uri_is_loopback:
 * @uri: a return URL accepted by ado_check_redirect_uri()
 *
 * Returns: %TRUE when the app can catch the redirect itself, %FALSE when
 *   the user brings it back by pasting the address bar
 */
gboolean
ado_redirect_uri_is_loopback (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  if (uri == NULL || !ado_check_redirect_uri (uri, NULL))
    return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  return g_ascii_strcasecmp (g_uri_get_scheme (parsed), "http") == 0;
}

/**
 * ado_redirect_uri_for_port:
 * @port: a TCP port
 *
 * Returns: (transfer full): the default return URL on another port
 */
char *
ado_redirect_uri_for_port (int port)
{
  g_return_val_if_fail (port > 0 && port <= 65535, NULL);

  return g_strdup_printf ("http://127.0.0.1:%d/callback", port);
}

/**
 * ado_spare_redirect_uri:
 * @uri: the return URL the user registered
 *
 * The second return URL registered up front: the same address on the next
 * port, used when another program holds the first one's port. Only a
 * loopback URL has one; a pasted (https) return URL needs none.
 *
 * Returns: (transfer full) (nullable): the spare return URL, or %NULL
 */
char *
ado_spare_redirect_uri (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) spare = NULL;
  int port;

  if (!ado_redirect_uri_is_loopback (uri))
    return NULL;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  port = g_uri_get_port (parsed);
  if (port >= 65535)
    return NULL;

  spare = g_uri_build (G_URI_FLAGS_NONE,
                       g_uri_get_scheme (parsed),
                       NULL,
                       g_uri_get_host (parsed),
                       port + 1,
                       g_uri_get_path (parsed),
                       g_uri_get_query (parsed),
                       NULL);
  return g_uri_to_string (spare);
}
