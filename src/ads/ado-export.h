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
  ADO_EXPORT_AIRBYTE,
} AdoExportFormat;

/* What the reader of an export should be told beside it */
typedef enum
{
  ADO_EXPORT_NOTE_NONE           = 0,
  ADO_EXPORT_NOTE_NO_PROFILE     = 1 << 0, /* no profile ID: most calls need one */
  ADO_EXPORT_NOTE_AGENCY_PROFILE = 1 << 1, /* campaign calls need an advertiser's profile */
} AdoExportNotes;

/* What an export holds. Every string is UTF-8; the nullable ones are left
 * out of (or empty in) the export when NULL. */
typedef struct
{
  const char *client_id;
  const char *client_secret;
  const char *refresh_token;
  const char *access_token;    /* nullable: the cached access token */
  gint64      access_token_expires_at; /* Unix seconds; 0 without an access token */
  const char *region;          /* "na", "eu" or "fe": the profile's, else the sign-in's */
  const char *profile_id;      /* nullable: digits */
  const char *country_code;    /* nullable: the profile's, e.g. "US" */
  const char *account_type;    /* nullable: the profile's, e.g. "seller" or "agency" */
  char      **profile_ids;     /* nullable: with --all-profiles, the region's profiles
                                * (airbyte); NULL for just profile_id */
  const char *api_url;         /* the Ads API host of that region */
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
gboolean     ado_export_format_needs_profile  (AdoExportFormat              format);
const char  *ado_export_marketplace           (const char                  *country_code,
                                               const char                  *region);
AdoExportNotes ado_export_get_notes           (AdoExportFormat              format,
                                               const AdoExportCredentials  *credentials);
char        *ado_export_render                (AdoExportFormat              format,
                                               const AdoExportCredentials  *credentials);
void         ado_export_text_free             (char                        *text);
void         ado_export_credentials_free      (AdoExportCredentials        *credentials);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoExportCredentials, ado_export_credentials_free)

G_END_DECLS
