/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-account-file.h"

G_BEGIN_DECLS

/* For the ado-account-file*.c files only */

/* The group of an account in the file is this prefix and its id */
#define GROUP_PREFIX "account "

char *_ado_account_file_group_for_id (const char *id);

G_END_DECLS
