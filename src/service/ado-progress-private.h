/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-progress.h"

G_BEGIN_DECLS

/* For the ado-progress*.c files only */

struct _AdoProgress
{
  GObject    parent_instance;

  GSettings *settings;
};

G_END_DECLS
