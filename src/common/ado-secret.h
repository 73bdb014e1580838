/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where scripts may hand the command line the client secret (and what a
 * launched browser must not inherit) */
#define ADO_CLIENT_SECRET_ENV "ADS_ONBOARDING_CLIENT_SECRET"

/* A secret string (client secret, token): free it with ado_secret_free(),
 * which wipes it, or hold it in a g_autoptr(AdoSecret). */
typedef char AdoSecret;

void ado_secret_free (char *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoSecret, ado_secret_free)

G_END_DECLS
