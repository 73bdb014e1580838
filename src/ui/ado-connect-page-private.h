/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-connect-page.h"
#include "ado-region-row.h"
#include "ads/ado-amazon.h"
#include "service/ado-accounts.h"

G_BEGIN_DECLS

struct _AdoConnectPage
{
  AdoPage              parent_instance;

  AdoAccounts         *accounts;
  AdoSignIn           *sign_in;
  GCancellable        *cancellable;
  GCancellable        *lookup_cancellable;
  guint                tick_id;
  char                *account_id;
  char                *last_account_id;
  char                *client_secret;   /* the one used by the running attempt */
  AdoRegion            attempt_region;
  gboolean             attempt_checklist; /* one region of the data provider checklist */
  gboolean             secret_stored;
  gboolean             starting;        /* looking up the stored secret for an attempt */
  gboolean             retry;           /* start again once the running attempt ended */
  gboolean             editing_client_id;

  GtkStack            *mode_stack;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkExpander         *error_details;
  GtkLabel            *error_details_label;
  AdwActionRow        *client_id_view_row;
  AdwEntryRow         *client_id_row;
  GtkLabel            *client_id_message;
  AdwPasswordEntryRow *client_secret_row;
  GtkLabel            *client_secret_message;
  AdwActionRow        *redirect_uri_row;
  GtkCheckButton      *region_checks[ADO_N_REGIONS];
  AdwPreferencesGroup *region_group;
  AdwPreferencesGroup *regions_group;
  AdoRegionRow        *region_rows[ADO_N_REGIONS];
  AdwActionRow        *campaign_scope_row;
  AdwActionRow        *audiences_scope_row;
  GtkSwitch           *legacy_scope_switch;
  GtkButton           *sign_in_button;
  GtkButton           *retry_button;
  GtkLabel            *lead_label;
  GtkLabel            *waiting_title;
  GtkLabel            *waiting_text;
  GtkLabel            *waiting_scopes_label;
  GtkLabel            *waiting_redirect_label;
  GtkLabel            *time_left_label;
  AdwActionRow        *url_row;
  AdwEntryRow         *paste_row;
  GtkWidget           *paste_error_box;
  GtkLabel            *paste_message;
  GtkSpinner          *spinner;
};

gboolean     _ado_connect_page_is_checklist          (AdoConnectPage *self);
gboolean     _ado_connect_page_all_regions_done      (AdoConnectPage *self);
gboolean     _ado_connect_page_find_account_region   (AdoConnectPage *self,
                                                      const char     *account_id,
                                                      AdoRegion      *region);
gboolean     _ado_connect_page_next_region           (AdoConnectPage *self,
                                                      AdoRegion      *region);
const char  *_ado_connect_page_choose_region_account (AdoConnectPage *self,
                                                      const char     *mapped);
char        *_ado_connect_page_dup_scope             (AdoConnectPage *self);
char        *_ado_connect_page_describe_scope        (const char     *scope);
void         _ado_connect_page_update_regions        (AdoConnectPage *self);
void         _ado_connect_page_class_bind_regions    (GtkWidgetClass *widget_class);

/* ado-connect-page.c: the form and its messages */
GSettings   *_ado_connect_page_get_settings          (AdoConnectPage *self);
char        *_ado_connect_page_dup_typed             (GtkEditable    *editable);
char        *_ado_connect_page_dup_redirect_text     (AdoConnectPage *self);
void         _ado_connect_page_set_paste_error       (AdoConnectPage *self,
                                                      const char     *message);
void         _ado_connect_page_update_sign_in        (AdoConnectPage *self);
void         _ado_connect_page_update_complete       (AdoConnectPage *self);
void         _ado_connect_page_update_secret_message (AdoConnectPage *self,
                                                      const GError   *error);
void         _ado_connect_page_mark_secret_rejected  (AdoConnectPage *self,
                                                      gboolean        rejected);

/* ado-connect-page-attempt.c: the sign-in attempt */
void         _ado_connect_page_begin_sign_in         (AdoConnectPage *self,
                                                      AdoRegion       region,
                                                      gboolean        checklist);
void         _ado_connect_page_stop_ticking          (AdoConnectPage *self);
void         _ado_connect_page_paste_apply_cb        (AdoConnectPage *self);
void         _ado_connect_page_class_install_attempt (GtkWidgetClass *widget_class);

G_END_DECLS
