/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  ADO_STEP_WELCOME,
  ADO_STEP_CLIENT,
  ADO_STEP_APPLY,
  ADO_STEP_ASSIGN,
  ADO_STEP_DATA_PROVIDER,
  ADO_STEP_CONNECT,
  ADO_STEP_VERIFY,
  ADO_STEP_ACCOUNTS,
  ADO_N_STEPS
} AdoStep;

typedef enum
{
  ADO_STEP_STATE_NOT_STARTED,
  ADO_STEP_STATE_IN_PROGRESS,
  ADO_STEP_STATE_DONE,
  ADO_STEP_STATE_NEEDS_ATTENTION,
} AdoStepState;

typedef enum
{
  ADO_ACCESS_PATH_UNSET,
  ADO_ACCESS_PATH_PARTNER,
  ADO_ACCESS_PATH_DIRECT,
} AdoAccessPath;

#define ADO_TYPE_PROGRESS (ado_progress_get_type ())

G_DECLARE_FINAL_TYPE (AdoProgress, ado_progress, ADO, PROGRESS, GObject)

const char    *ado_step_get_id                  (AdoStep        step);
gboolean       ado_step_from_id                 (const char    *id,
                                                 AdoStep       *step);
const char    *ado_step_get_title               (AdoStep        step);
const char    *ado_step_state_get_label         (AdoStepState   state);
GDateTime     *ado_expected_decision_date       (GDateTime     *submitted);

AdoProgress   *ado_progress_new                 (GSettings     *settings);
GSettings     *ado_progress_get_settings        (AdoProgress   *self);
AdoStep        ado_progress_get_current_step    (AdoProgress   *self);
void           ado_progress_set_current_step    (AdoProgress   *self,
                                                 AdoStep        step);
gboolean       ado_progress_step_is_visible     (AdoProgress   *self,
                                                 AdoStep        step);
guint          ado_progress_get_n_visible_steps (AdoProgress   *self);
guint          ado_progress_get_step_position   (AdoProgress   *self,
                                                 AdoStep        step);
gboolean       ado_progress_get_next_step       (AdoProgress   *self,
                                                 AdoStep        step,
                                                 AdoStep       *next);
gboolean       ado_progress_get_previous_step   (AdoProgress   *self,
                                                 AdoStep        step,
                                                 AdoStep       *previous);
AdoStepState   ado_progress_get_step_state      (AdoProgress   *self,
                                                 AdoStep        step);
gboolean       ado_progress_is_step_done        (AdoProgress   *self,
                                                 AdoStep        step);
void           ado_progress_set_step_done       (AdoProgress   *self,
                                                 AdoStep        step,
                                                 gboolean       done);
AdoAccessPath  ado_progress_get_access_path     (AdoProgress   *self);
void           ado_progress_set_access_path     (AdoProgress   *self,
                                                 AdoAccessPath  path);
gboolean       ado_progress_get_data_provider   (AdoProgress   *self);
gboolean       ado_progress_get_has_access      (AdoProgress   *self);
char          *ado_progress_dup_client_id       (AdoProgress   *self);
void           ado_progress_set_client_id       (AdoProgress   *self,
                                                 const char    *client_id);
char          *ado_progress_dup_redirect_uri    (AdoProgress   *self);
gboolean       ado_progress_set_redirect_uri    (AdoProgress   *self,
                                                 const char    *uri,
                                                 GError       **error);
GDateTime     *ado_progress_dup_submitted_at    (AdoProgress   *self);
void           ado_progress_set_submitted_at    (AdoProgress   *self,
                                                 GDateTime     *when);
char          *ado_progress_dup_region_account  (AdoProgress   *self,
                                                 const char    *region);
void           ado_progress_set_region_account  (AdoProgress   *self,
                                                 const char    *region,
                                                 const char    *account_id);
gboolean       ado_progress_get_legacy_scope    (AdoProgress   *self);
void           ado_progress_set_legacy_scope    (AdoProgress   *self,
                                                 gboolean       legacy);
void           ado_progress_reset               (AdoProgress   *self);

G_END_DECLS
