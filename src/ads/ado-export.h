/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The credential formats of `ads-onboarding --export` (SPEC §6). */
typedef enum
{
  ADO_EXPORT_ENV,
  ADO_EXPORT_JSON,
  ADO_EXPORT_POSTMAN,
  ADO_EXPORT_PYTHON_AD_API,
} AdoExportFormat;

/* What an export holds. Every string is UTF-8; the nullable ones are left
 * out of (or empty in) the export when NULL. */
typedef struct
{
  const char *client_id;
  const char *client_secret;
  const char *refresh_token;
  const char *access_token;    /* nullable: the cached access token */
  const char *region;          /* "na", "eu" or "fe" */
  const char *profile_id;      /* nullable: digits */
  const char *api_url;         /* the Ads API host of the profile's (else the account's) region */
  const char *token_url;
  const char *auth_url;
  const char *redirect_uri;
  const char *scope;
  const char *name;            /* the account's name */
} AdoExportCredentials;

gboolean     ado_export_format_from_string    (const char                  *name,
                                               AdoExportFormat             *format);
const char  *ado_export_format_to_string      (AdoExportFormat              format);
const char  *ado_export_format_get_file_name  (AdoExportFormat              format);
char        *ado_export_render                (AdoExportFormat              format,
                                               const AdoExportCredentials  *credentials);
void         ado_export_text_free             (char                        *text);
void         ado_export_credentials_free      (AdoExportCredentials        *credentials);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoExportCredentials, ado_export_credentials_free)

G_END_DECLS
