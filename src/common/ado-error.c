/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ado-error.h"

/*
 * ADO_ERROR is an extended error domain: besides its code and message, an
 * error carries the facts a face needs to say what to do about it (the
 * account, the client ID, the region, the HTTP status, the profile) and
 * the action that puts it right. g_error_copy() copies them. They are
 * never secrets.
 */

typedef struct
{
  AdoErrorAction  action;
  char           *account_id;
  char           *client_id;
  char           *region;
  char           *profile_id;
  guint           http_status;
} AdoErrorPrivate;

static void
ado_error_private_init (AdoErrorPrivate *priv)
{
}

static void
ado_error_private_copy (const AdoErrorPrivate *src,
                        AdoErrorPrivate       *dest)
{
  dest->action = src->action;
  dest->account_id = g_strdup (src->account_id);
  dest->client_id = g_strdup (src->client_id);
  dest->region = g_strdup (src->region);
  dest->profile_id = g_strdup (src->profile_id);
  dest->http_status = src->http_status;
}

static void
ado_error_private_clear (AdoErrorPrivate *priv)
{
  g_clear_pointer (&priv->account_id, g_free);
  g_clear_pointer (&priv->client_id, g_free);
  g_clear_pointer (&priv->region, g_free);
  g_clear_pointer (&priv->profile_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (AdoError, ado_error)

/* The facts of @error, or %NULL when it is of another domain */
static AdoErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != ADO_ERROR)
    return NULL;

  return ado_error_get_private (error);
}

static void
set_string (char       **field,
            const char  *value)
{
  if (*field != value)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

/**
 * ado_error_get_action:
 * @error: (nullable): an error of any domain
 *
 * Returns: what the person has to do about @error; %ADO_ERROR_ACTION_NONE
 *   for errors of other domains
 */
AdoErrorAction
ado_error_get_action (const GError *error)
{
  AdoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->action : ADO_ERROR_ACTION_NONE;
}

void
ado_error_set_action (GError         *error,
                      AdoErrorAction  action)
{
  AdoErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  priv->action = action;
}

/**
 * ado_error_get_account_id:
 * @error: (nullable): an error of any domain
 *
 * Returns: (nullable): the account the error is about
 */
const char *
ado_error_get_account_id (const GError *error)
{
  AdoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->account_id : NULL;
}

void
ado_error_set_account_id (GError     *error,
                          const char *account_id)
{
  AdoErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  set_string (&priv->account_id, account_id);
}

/**
 * ado_error_get_client_id:
 * @error: (nullable): an error of any domain
 *
 * Returns: (nullable): the Login with Amazon client ID the error is about
 */
const char *
ado_error_get_client_id (const GError *error)
{
  AdoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->client_id : NULL;
}

void
ado_error_set_client_id (GError     *error,
                         const char *client_id)
{
  AdoErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  set_string (&priv->client_id, client_id);
}

/**
 * ado_error_get_region:
 * @error: (nullable): an error of any domain
 *
 * Returns: (nullable): the region's id ("na", "eu", "fe") the error is about
 */
const char *
ado_error_get_region (const GError *error)
{
  AdoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->region : NULL;
}

void
ado_error_set_region (GError     *error,
                      const char *region)
{
  AdoErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  set_string (&priv->region, region);
}

/**
 * ado_error_get_profile_id:
 * @error: (nullable): an error of any domain
 *
 * Returns: (nullable): the advertising profile the error is about
 */
const char *
ado_error_get_profile_id (const GError *error)
{
  AdoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->profile_id : NULL;
}

void
ado_error_set_profile_id (GError     *error,
                          const char *profile_id)
{
  AdoErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  set_string (&priv->profile_id, profile_id);
}

/**
 * ado_error_get_http_status:
 * @error: (nullable): an error of any domain
 *
 * Returns: the HTTP status of the answer the error comes from, 0 for none
 */
guint
ado_error_get_http_status (const GError *error)
{
  AdoErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

void
ado_error_set_http_status (GError *error,
                           guint   status)
{
  AdoErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  priv->http_status = status;
}
