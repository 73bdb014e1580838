/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-account"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "ado-account.h"

/*
 * What goes with an AdoAccount's values (the record is ado-account.c): its
 * state as text, new and valid account ids, profile ids, and times as the
 * registry file and the command line write them.
 */

G_DEFINE_ENUM_TYPE (AdoAccountState, ado_account_state,
                    G_DEFINE_ENUM_VALUE (ADO_ACCOUNT_STATE_OK, "ok"),
                    G_DEFINE_ENUM_VALUE (ADO_ACCOUNT_STATE_RECONNECT_NEEDED, "reconnect-needed"))

/**
 * ado_account_state_to_string:
 *
 * Returns: the nick of @state ("ok", "reconnect-needed"), as the registry
 *   file and the command line's JSON write it
 */
const char *
ado_account_state_to_string (AdoAccountState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (ADO_TYPE_ACCOUNT_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_return_val_if_fail (value != NULL, NULL);

  return value->value_nick;
}

gboolean
ado_account_state_from_string (const char      *nick,
                               AdoAccountState *state)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  g_return_val_if_fail (state != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (ADO_TYPE_ACCOUNT_STATE);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value == NULL)
    return FALSE;

  *state = value->value;
  return TRUE;
}

/**
 * ado_account_generate_id:
 *
 * Makes a new account id: 8 lowercase hexadecimal digits from 32 random
 * bits of getrandom(2). The id is not a secret; the registry makes sure
 * it is unique.
 *
 * Returns: (transfer full): a new id
 */
char *
ado_account_generate_id (void)
{
  guint8 bytes[ADO_ACCOUNT_ID_LENGTH / 2];
  gsize filled = 0;

  while (filled < sizeof bytes)
    {
      ssize_t got = getrandom (bytes + filled, sizeof bytes - filled, 0);

      if (got < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          /* Only a kernel without getrandom(2) gets here; an id needs to
           * be unique, not unpredictable. */
          g_debug ("getrandom failed (%s), using GLib's generator", g_strerror (saved_errno));
          for (; filled < sizeof bytes; filled++)
            bytes[filled] = (guint8)g_random_int_range (0, 256);
          break;
        }

      filled += (gsize)got;
    }

  return g_strdup_printf ("%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2], bytes[3]);
}

/**
 * ado_account_id_is_valid:
 *
 * Returns: whether @id is 8 lowercase hexadecimal digits
 */
gboolean
ado_account_id_is_valid (const char *id)
{
  if (id == NULL || strlen (id) != ADO_ACCOUNT_ID_LENGTH)
    return FALSE;

  for (const char *c = id; *c != '\0'; c++)
    {
      if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
        return FALSE;
    }

  return TRUE;
}

/**
 * ado_account_profile_id_is_valid:
 *
 * Returns: whether @profile_id is a non-empty string of ASCII digits (of
 *   any length: Amazon's profile IDs do not fit every integer type)
 */
gboolean
ado_account_profile_id_is_valid (const char *profile_id)
{
  if (profile_id == NULL || profile_id[0] == '\0')
    return FALSE;

  for (const char *c = profile_id; *c != '\0'; c++)
    {
      if (!g_ascii_isdigit (*c))
        return FALSE;
    }

  return TRUE;
}

/**
 * ado_format_time_iso8601:
 * @unix_time: seconds since the Unix epoch
 *
 * Returns: (transfer full): @unix_time as ISO 8601 in UTC, whole seconds,
 *   with a `Z`, e.g. `2024-05-01T09:30:00Z`
 */
char *
ado_format_time_iso8601 (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (unix_time);

  g_return_val_if_fail (when != NULL, NULL);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * ado_parse_time:
 * @text: an ISO 8601 date and time with a time zone (`2024-05-01T09:30:00Z`),
 *   or decimal Unix seconds
 * @unix_time: (out): where the time goes, in Unix seconds
 *
 * Returns: whether @text was a time
 */
gboolean
ado_parse_time (const char *text,
                gint64     *unix_time)
{
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds;

  g_return_val_if_fail (unix_time != NULL, FALSE);

  if (text == NULL || text[0] == '\0')
    return FALSE;

  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &seconds, NULL))
    {
      *unix_time = (gint64)seconds;
      return TRUE;
    }

  /* No default time zone: a time without one is refused */
  when = g_date_time_new_from_iso8601 (text, NULL);
  if (when == NULL)
    return FALSE;

  *unix_time = g_date_time_to_unix (when);
  return TRUE;
}
