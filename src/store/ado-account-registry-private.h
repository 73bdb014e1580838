/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-account-registry.h"

G_BEGIN_DECLS

/* For the ado-account-registry*.c files only */

struct _AdoAccountRegistry
{
  GObject    parent_instance;

  GFile     *file;
  GPtrArray *accounts;

  /* The file is damaged and could not be set aside: saving would
   * overwrite it, so saving is refused. */
  gboolean   blocked;

  /* Saves run in worker threads; a slower, older save never overwrites a
   * newer one. saved_generation is guarded by save_mutex. */
  guint64    save_generation;
  guint64    saved_generation;
  GMutex     save_mutex;

  /* The file as last read or written here: a save writes the difference
   * between it and the accounts in memory. base_generation is the last save
   * made before the last load; both guarded by base_mutex. */
  GKeyFile  *base;
  guint64    base_generation;
  GMutex     base_mutex;
};

G_END_DECLS
