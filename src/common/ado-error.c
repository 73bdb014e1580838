/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ado-error.h"

G_DEFINE_QUARK (ado-error-quark, ado_error)
