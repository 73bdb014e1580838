/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-sign-in.h"
#include "store/ado-account-registry.h"
#include "store/ado-credential-store.h"

G_BEGIN_DECLS

/* For AdoAccounts only */
AdoSignIn *_ado_sign_in_new (AdoCredentialStore      *store,
                             AdoAccountRegistry      *registry,
                             const AdoSignInDetails  *details,
                             GError                 **error);

G_END_DECLS
