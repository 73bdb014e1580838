/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-authorization.h"

G_BEGIN_DECLS

/* The state the seed corpora carry: an answer to this attempt */
#define FUZZ_EXPECTED_STATE "fuzz-state-0123456789"

void fuzz_check_callback (AdoCallback  *callback,
                          const GError *error);

G_END_DECLS
