/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-profile.h"

G_BEGIN_DECLS

/* For the ado-profile*.c files only */

/* Whether @text is 1 to 64 ASCII digits: a profile ID (ado-profile-json.c) */
gboolean _ado_profile_digits_only (const char *text,
                                   gsize       length);

G_END_DECLS
