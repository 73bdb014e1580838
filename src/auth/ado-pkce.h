/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 32 random bytes: 256 bits, 43 characters in base64url */
#define ADO_STATE_BYTES    16
#define ADO_VERIFIER_BYTES 32

gboolean  ado_random_bytes        (guint8     *buffer,
                                   gsize       length,
                                   GError    **error);
char     *ado_random_token        (gsize       n_bytes,
                                   GError    **error);
char     *ado_base64url_encode    (const guint8 *data,
                                   gsize         length);
char     *ado_pkce_challenge_s256 (const char  *verifier);
gboolean  ado_pkce_verifier_check (const char  *verifier);

G_END_DECLS
