/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-progress"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ado-progress-private.h"
#include "ado-core-enums.h"
#include "auth/ado-checks.h"

/*
 * AdoProgress is where the assistant stands: the path chosen, the client
 * ID, the dates, which steps are done. It lives in GSettings so that a
 * person can quit on the day they apply and come back when Amazon's email
 * arrives. Nothing secret is ever kept here.
 *
 * The steps are here; the other values it keeps are in
 * ado-progress-settings.c.
 */

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CURRENT_STEP,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (AdoProgress, ado_progress, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* The keys that make up the progress; window geometry is not part of it. */
static const char * const progress_keys[] = {
  "access-path",
  "has-access",
  "data-provider",
  "client-id",
  "redirect-uri",
  "current-step",
  "done-steps",
  "submitted-at",
  "signed-out-confirmed",
  "access-assigned",
  "iam-arns",
  "data-provider-accounts",
  "legacy-scope",
  NULL  /* g_strv_contains() reads up to it */
};

static const struct {
  AdoStep     step;
  const char *id;
  const char *title;
} steps[ADO_N_STEPS] = {
  { ADO_STEP_WELCOME, "welcome", N_("Welcome") },
  { ADO_STEP_CLIENT, "client", N_("Create a Login with Amazon Client") },
  { ADO_STEP_APPLY, "apply", N_("Apply for API Access") },
  { ADO_STEP_ASSIGN, "assign", N_("Assign API Access") },
  { ADO_STEP_DATA_PROVIDER, "data-provider", N_("Data Provider API") },
  { ADO_STEP_CONNECT, "connect", N_("Connect") },
  { ADO_STEP_VERIFY, "verify", N_("Verify") },
  { ADO_STEP_ACCOUNTS, "accounts", N_("Accounts") },
};

const char *
ado_step_get_id (AdoStep step)
{
  g_return_val_if_fail (step < ADO_N_STEPS, NULL);

  return steps[step].id;
}

gboolean
ado_step_from_id (const char *id,
                  AdoStep    *step)
{
  g_return_val_if_fail (step != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (g_strcmp0 (steps[i].id, id) == 0)
        {
          *step = steps[i].step;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ado_step_get_title (AdoStep step)
{
  g_return_val_if_fail (step < ADO_N_STEPS, NULL);

  return _(steps[step].title);
}

const char *
ado_step_state_get_label (AdoStepState state)
{
  switch (state)
    {
    case ADO_STEP_STATE_NOT_STARTED:
      return _("Not started");
    case ADO_STEP_STATE_IN_PROGRESS:
      return _("In progress");
    case ADO_STEP_STATE_DONE:
      return _("Done");
    case ADO_STEP_STATE_NEEDS_ATTENTION:
      return _("Needs attention");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ado_expected_decision_date:
 * @submitted: when the application was submitted
 *
 * Amazon reviews an application within one business day: the decision is
 * due by the end of the next business day (Monday for a submission made
 * from Friday to Sunday). Public holidays are not known here.
 *
 * Returns: (transfer full): midnight, in @submitted's time zone, of the
 *   day by which a decision can be expected
 */
GDateTime *
ado_expected_decision_date (GDateTime *submitted)
{
  g_autoptr(GDateTime) day = NULL;
  int weekday;
  int add;

  g_return_val_if_fail (submitted != NULL, NULL);

  day = g_date_time_new (g_date_time_get_timezone (submitted),
                         g_date_time_get_year (submitted),
                         g_date_time_get_month (submitted),
                         g_date_time_get_day_of_month (submitted),
                         0, 0, 0);

  /* 1 is Monday, 7 is Sunday */
  weekday = g_date_time_get_day_of_week (day);
  if (weekday >= 5)
    add = 8 - weekday;
  else
    add = 1;

  return g_date_time_add_days (day, add);
}

static void
settings_changed_cb (AdoProgress *self,
                     const char  *key,
                     GSettings   *settings)
{
  if (!g_strv_contains (progress_keys, key))
    return;

  if (g_str_equal (key, "current-step"))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CURRENT_STEP]);

  g_signal_emit (self, signals [CHANGED], 0);
}

static void
ado_progress_constructed (GObject *object)
{
  AdoProgress *self = (AdoProgress *)object;

  G_OBJECT_CLASS (ado_progress_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  g_signal_connect_object (self->settings,
                           "changed",
                           G_CALLBACK (settings_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
}

static void
ado_progress_dispose (GObject *object)
{
  AdoProgress *self = (AdoProgress *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ado_progress_parent_class)->dispose (object);
}

static void
ado_progress_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AdoProgress *self = ADO_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_CURRENT_STEP:
      g_value_set_enum (value, ado_progress_get_current_step (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_progress_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AdoProgress *self = ADO_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_CURRENT_STEP:
      ado_progress_set_current_step (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_progress_class_init (AdoProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ado_progress_constructed;
  object_class->dispose = ado_progress_dispose;
  object_class->get_property = ado_progress_get_property;
  object_class->set_property = ado_progress_set_property;

  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CURRENT_STEP] =
    g_param_spec_enum ("current-step", NULL, NULL,
                       ADO_TYPE_STEP,
                       ADO_STEP_WELCOME,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AdoProgress::changed:
   *
   * Emitted when any part of the progress changed, here or in another
   * instance of the app.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ado_progress_init (AdoProgress *self)
{
}

/**
 * ado_progress_new:
 * @settings: (nullable): the application's settings, or %NULL for the default
 */
AdoProgress *
ado_progress_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (ADO_TYPE_PROGRESS,
                       "settings", settings,
                       NULL);
}

GSettings *
ado_progress_get_settings (AdoProgress *self)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), NULL);

  return self->settings;
}

AdoStep
ado_progress_get_current_step (AdoProgress *self)
{
  g_autofree char *id = NULL;
  AdoStep step;

  g_return_val_if_fail (ADO_IS_PROGRESS (self), ADO_STEP_WELCOME);

  id = g_settings_get_string (self->settings, "current-step");
  if (!ado_step_from_id (id, &step) || !ado_progress_step_is_visible (self, step))
    return ADO_STEP_WELCOME;

  return step;
}

void
ado_progress_set_current_step (AdoProgress *self,
                               AdoStep      step)
{
  g_return_if_fail (ADO_IS_PROGRESS (self));
  g_return_if_fail (step < ADO_N_STEPS);

  /* GSettings emits ::changed, which notifies, only on a real change */
  g_settings_set_string (self->settings, "current-step", ado_step_get_id (step));
}

gboolean
ado_progress_step_is_visible (AdoProgress *self,
                              AdoStep      step)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (step < ADO_N_STEPS, FALSE);

  if (step == ADO_STEP_DATA_PROVIDER)
    return ado_progress_get_data_provider (self);

  return TRUE;
}

guint
ado_progress_get_n_visible_steps (AdoProgress *self)
{
  guint n = 0;

  g_return_val_if_fail (ADO_IS_PROGRESS (self), 0);

  for (AdoStep step = 0; step < ADO_N_STEPS; step++)
    {
      if (ado_progress_step_is_visible (self, step))
        n++;
    }

  return n;
}

/**
 * ado_progress_get_step_position:
 *
 * Returns: the 1-based number of @step among the visible steps, 0 when
 *   @step is not visible
 */
guint
ado_progress_get_step_position (AdoProgress *self,
                                AdoStep      step)
{
  guint position = 0;

  g_return_val_if_fail (ADO_IS_PROGRESS (self), 0);
  g_return_val_if_fail (step < ADO_N_STEPS, 0);

  if (!ado_progress_step_is_visible (self, step))
    return 0;

  for (AdoStep i = 0; i <= step; i++)
    {
      if (ado_progress_step_is_visible (self, i))
        position++;
    }

  return position;
}

gboolean
ado_progress_get_next_step (AdoProgress *self,
                            AdoStep      step,
                            AdoStep     *next)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (next != NULL, FALSE);

  for (AdoStep i = step + 1; i < ADO_N_STEPS; i++)
    {
      if (ado_progress_step_is_visible (self, i))
        {
          *next = i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
ado_progress_get_previous_step (AdoProgress *self,
                                AdoStep      step,
                                AdoStep     *previous)
{
  g_return_val_if_fail (ADO_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (previous != NULL, FALSE);

  for (int i = (int)step - 1; i >= 0; i--)
    {
      if (ado_progress_step_is_visible (self, i))
        {
          *previous = i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
ado_progress_is_step_done (AdoProgress *self,
                           AdoStep      step)
{
  g_auto(GStrv) done = NULL;

  g_return_val_if_fail (ADO_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (step < ADO_N_STEPS, FALSE);

  done = g_settings_get_strv (self->settings, "done-steps");
  return g_strv_contains ((const char * const *)done, ado_step_get_id (step));
}

void
ado_progress_set_step_done (AdoProgress *self,
                            AdoStep      step,
                            gboolean     done)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) old = NULL;
  g_auto(GStrv) new = NULL;
  const char *id;

  g_return_if_fail (ADO_IS_PROGRESS (self));
  g_return_if_fail (step < ADO_N_STEPS);

  if (ado_progress_is_step_done (self, step) == !!done)
    return;

  id = ado_step_get_id (step);
  old = g_settings_get_strv (self->settings, "done-steps");
  builder = g_strv_builder_new ();

  /* Kept in step order, whatever order they were done in */
  for (AdoStep i = 0; i < ADO_N_STEPS; i++)
    {
      const char *other = ado_step_get_id (i);

      if (i == step ? done : g_strv_contains ((const char * const *)old, other))
        g_strv_builder_add (builder, other);
    }

  new = g_strv_builder_end (builder);
  g_debug ("Step “%s” %s", id, done ? "done" : "no longer done");
  g_settings_set_strv (self->settings, "done-steps", (const char * const *)new);
}

static gboolean
has_started (AdoProgress *self,
             AdoStep      step)
{
  g_autofree char *client_id = NULL;
  g_autofree char *arns = NULL;

  switch (step)
    {
    case ADO_STEP_WELCOME:
      return ado_progress_get_access_path (self) != ADO_ACCESS_PATH_UNSET;

    case ADO_STEP_CLIENT:
      client_id = ado_progress_dup_client_id (self);
      return client_id[0] != '\0';

    case ADO_STEP_ASSIGN:
      return g_settings_get_boolean (self->settings, "signed-out-confirmed");

    case ADO_STEP_DATA_PROVIDER:
      arns = g_settings_get_string (self->settings, "iam-arns");
      return arns[0] != '\0';

    case ADO_STEP_CONNECT:
      {
        g_autoptr(GVariant) accounts = g_settings_get_value (self->settings,
                                                             "data-provider-accounts");

        return ado_progress_get_data_provider (self) && g_variant_n_children (accounts) > 0;
      }

    case ADO_STEP_APPLY:
    case ADO_STEP_VERIFY:
    case ADO_STEP_ACCOUNTS:
    case ADO_N_STEPS:
    default:
      return FALSE;
    }
}

/**
 * ado_progress_get_step_state:
 *
 * A step is done once the user completed it; a done step whose data went
 * bad (a client ID that no longer checks out) needs attention; the step
 * on screen, and a step before it with part of its data entered, are in
 * progress.
 */
AdoStepState
ado_progress_get_step_state (AdoProgress *self,
                             AdoStep      step)
{
  AdoStep current;

  g_return_val_if_fail (ADO_IS_PROGRESS (self), ADO_STEP_STATE_NOT_STARTED);
  g_return_val_if_fail (step < ADO_N_STEPS, ADO_STEP_STATE_NOT_STARTED);

  if (ado_progress_is_step_done (self, step))
    {
      if (step == ADO_STEP_CLIENT)
        {
          g_autofree char *client_id = ado_progress_dup_client_id (self);

          if (!ado_check_client_id (client_id, NULL))
            return ADO_STEP_STATE_NEEDS_ATTENTION;
        }
      else if (step == ADO_STEP_WELCOME &&
               ado_progress_get_access_path (self) == ADO_ACCESS_PATH_UNSET &&
               !ado_progress_get_has_access (self))
        {
          return ADO_STEP_STATE_NEEDS_ATTENTION;
        }

      return ADO_STEP_STATE_DONE;
    }

  current = ado_progress_get_current_step (self);
  if (step == current)
    return ADO_STEP_STATE_IN_PROGRESS;

  /* Data the demo or the command line filled in does not start a step
   * the user has not reached yet */
  if (has_started (self, step) &&
      ado_progress_get_step_position (self, step) < ado_progress_get_step_position (self, current))
    return ADO_STEP_STATE_IN_PROGRESS;

  return ADO_STEP_STATE_NOT_STARTED;
}

/**
 * ado_progress_reset:
 *
 * Starts the assistant over. The client ID and the return URL are
 * settings that the command line shares, the choice of the legacy scope
 * describes the client, and credentials live in the keyring: all of them
 * stay.
 */
void
ado_progress_reset (AdoProgress *self)
{
  g_return_if_fail (ADO_IS_PROGRESS (self));

  /* Key by key, not in delay mode: that mode is never left again */
  for (guint i = 0; progress_keys[i] != NULL; i++)
    {
      if (g_str_equal (progress_keys[i], "client-id") ||
          g_str_equal (progress_keys[i], "redirect-uri") ||
          g_str_equal (progress_keys[i], "legacy-scope"))
        continue;

      g_settings_reset (self->settings, progress_keys[i]);
    }
}
