/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-pkce"

#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>

#include "ado-error.h"
#include "ado-pkce.h"

/*
 * The `state` value and the PKCE verifier (RFC 7636) guard the sign-in
 * against forged and intercepted redirects: they come from the kernel's
 * random source, never from a seeded generator.
 */

/**
 * ado_random_bytes:
 * @buffer: where to put the bytes
 * @length: how many, at most 256
 * @error: set when the kernel gives none
 */
gboolean
ado_random_bytes (guint8  *buffer,
                  gsize    length,
                  GError **error)
{
  gsize done = 0;

  g_return_val_if_fail (buffer != NULL, FALSE);
  g_return_val_if_fail (length <= 256, FALSE);

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;

          g_set_error (error, ADO_ERROR, ADO_ERROR_FAILED,
                       _("The system could not provide random numbers (%s)."),
                       g_strerror (saved));
          return FALSE;
        }

      done += n;
    }

  return TRUE;
}

/**
 * ado_base64url_encode:
 *
 * Returns: (transfer full): @data in base64url without padding (RFC 4648 §5)
 */
char *
ado_base64url_encode (const guint8 *data,
                      gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *p;

  for (p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  return text;
}

/**
 * ado_random_token:
 * @n_bytes: how many random bytes, at most 96
 *
 * Returns: (transfer full) (nullable): @n_bytes random bytes in base64url
 */
char *
ado_random_token (gsize    n_bytes,
                  GError **error)
{
  guint8 bytes[96];
  char *token;

  g_return_val_if_fail (n_bytes > 0 && n_bytes <= sizeof bytes, NULL);

  if (!ado_random_bytes (bytes, n_bytes, error))
    return NULL;

  token = ado_base64url_encode (bytes, n_bytes);
  memset (bytes, 0, sizeof bytes);

  return token;
}

/**
 * ado_pkce_challenge_s256:
 * @verifier: a PKCE code verifier
 *
 * Returns: (transfer full): BASE64URL(SHA256(@verifier))
 */
char *
ado_pkce_challenge_s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_return_val_if_fail (verifier != NULL, NULL);

  g_checksum_update (checksum, (const guchar *)verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &digest_len);
  g_assert (digest_len == sizeof digest);

  return ado_base64url_encode (digest, digest_len);
}

/**
 * ado_pkce_verifier_check:
 *
 * Returns: %TRUE when @verifier has the length and alphabet of RFC 7636 §4.1
 */
gboolean
ado_pkce_verifier_check (const char *verifier)
{
  gsize len;

  if (verifier == NULL)
    return FALSE;

  len = strlen (verifier);
  if (len < 43 || len > 128)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = verifier[i];

      if (!g_ascii_isalnum (c) && c != '-' && c != '.' && c != '_' && c != '~')
        return FALSE;
    }

  return TRUE;
}
