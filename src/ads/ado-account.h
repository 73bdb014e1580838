/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  ADO_ACCOUNT_STATE_OK,
  ADO_ACCOUNT_STATE_RECONNECT_NEEDED,
} AdoAccountState;

#define ADO_ACCOUNT_ID_LENGTH 8

#define ADO_TYPE_ACCOUNT_STATE (ado_account_state_get_type ())
#define ADO_TYPE_ACCOUNT       (ado_account_get_type ())

GType ado_account_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (AdoAccount, ado_account, ADO, ACCOUNT, GObject)

const char      *ado_account_state_to_string            (AdoAccountState   state);
gboolean         ado_account_state_from_string          (const char       *nick,
                                                         AdoAccountState  *state);

char            *ado_account_generate_id                (void);
gboolean         ado_account_id_is_valid                (const char       *id);
gboolean         ado_account_profile_id_is_valid        (const char       *profile_id);
char            *ado_format_time_iso8601                (gint64            unix_time);
gboolean         ado_parse_time                         (const char       *text,
                                                         gint64           *unix_time);

AdoAccount      *ado_account_new                        (const char       *id);
const char      *ado_account_get_id                     (AdoAccount       *self);
void             ado_account_set_id                     (AdoAccount       *self,
                                                         const char       *id);
const char      *ado_account_get_name                   (AdoAccount       *self);
void             ado_account_set_name                   (AdoAccount       *self,
                                                         const char       *name);
const char      *ado_account_get_client_id              (AdoAccount       *self);
void             ado_account_set_client_id              (AdoAccount       *self,
                                                         const char       *client_id);
const char      *ado_account_get_region                 (AdoAccount       *self);
void             ado_account_set_region                 (AdoAccount       *self,
                                                         const char       *region);
const char      *ado_account_get_redirect_uri           (AdoAccount       *self);
void             ado_account_set_redirect_uri           (AdoAccount       *self,
                                                         const char       *redirect_uri);
const char      *ado_account_get_scope                  (AdoAccount       *self);
void             ado_account_set_scope                  (AdoAccount       *self,
                                                         const char       *scope);
gint64           ado_account_get_obtained_at            (AdoAccount       *self);
void             ado_account_set_obtained_at            (AdoAccount       *self,
                                                         gint64            obtained_at);
char            *ado_account_dup_obtained_at_iso8601    (AdoAccount       *self);
const char      *ado_account_get_default_profile_id     (AdoAccount       *self);
void             ado_account_set_default_profile_id     (AdoAccount       *self,
                                                         const char       *profile_id);
const char      *ado_account_get_default_profile_region (AdoAccount       *self);
void             ado_account_set_default_profile_region (AdoAccount       *self,
                                                         const char       *region);
void             ado_account_set_default_profile        (AdoAccount       *self,
                                                         const char       *profile_id,
                                                         const char       *region);
const char      *ado_account_get_default_profile_country
                                                        (AdoAccount       *self);
const char      *ado_account_get_default_profile_type   (AdoAccount       *self);
void             ado_account_set_default_profile_details
                                                        (AdoAccount       *self,
                                                         const char       *country_code,
                                                         const char       *account_type);
AdoAccountState  ado_account_get_state                  (AdoAccount       *self);
void             ado_account_set_state                  (AdoAccount       *self,
                                                         AdoAccountState   state);

G_END_DECLS
