/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-region-action-row"

#include "config.h"

#include "ado-region-action-row.h"

/*
 * A row about one region, named by its construct-only “region-id”: the
 * base of the Connect step's region rows and the Verify step's region
 * status rows.
 */

typedef struct
{
  AdoRegion region;
} AdoRegionActionRowPrivate;

enum {
  PROP_0,
  PROP_REGION_ID,
  N_PROPS
};

G_DEFINE_TYPE_WITH_PRIVATE (AdoRegionActionRow, ado_region_action_row, ADW_TYPE_ACTION_ROW)

static GParamSpec *properties [N_PROPS];

static void
ado_region_action_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AdoRegionActionRow *self = ADO_REGION_ACTION_ROW (object);
  AdoRegionActionRowPrivate *priv = ado_region_action_row_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_REGION_ID:
      g_value_set_string (value, ado_region_get_info (priv->region)->id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_region_action_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AdoRegionActionRow *self = ADO_REGION_ACTION_ROW (object);
  AdoRegionActionRowPrivate *priv = ado_region_action_row_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_REGION_ID:
      if (!ado_region_from_id (g_value_get_string (value), &priv->region))
        g_critical ("Unknown region “%s”", g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ado_region_action_row_class_init (AdoRegionActionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ado_region_action_row_get_property;
  object_class->set_property = ado_region_action_row_set_property;

  /* The region's short ID, “na”, “eu” or “fe” */
  properties [PROP_REGION_ID] =
    g_param_spec_string ("region-id", NULL, NULL,
                         "na",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ado_region_action_row_init (AdoRegionActionRow *self)
{
}

AdoRegion
ado_region_action_row_get_region (AdoRegionActionRow *self)
{
  AdoRegionActionRowPrivate *priv;

  g_return_val_if_fail (ADO_IS_REGION_ACTION_ROW (self), ADO_REGION_NA);

  priv = ado_region_action_row_get_instance_private (self);

  return priv->region;
}
