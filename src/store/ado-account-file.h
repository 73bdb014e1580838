/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The account registry's file: reading it, writing it. Blocking: for the
 * registry's worker threads only. */

typedef struct
{
  GKeyFile  *key_file;   /* as read: comments and groups of newer versions too */
  GPtrArray *accounts;   /* AdoAccount */
  GError    *damaged;    /* set when the file was damaged: the registry is empty */
  gboolean   blocked;    /* damaged and not kept aside: it must not be replaced */
} AdoAccountFile;

AdoAccountFile *ado_account_file_read     (const char  *path,
                                           GError     **error);
void            ado_account_file_free     (AdoAccountFile *file);
void            ado_account_file_update   (GKeyFile    *key_file,
                                           GPtrArray   *accounts);
gboolean        ado_account_file_write    (const char  *path,
                                           const char  *data,
                                           gsize        length,
                                           GError     **error);
GKeyFile       *ado_account_file_snapshot (GKeyFile    *base,
                                           GPtrArray   *accounts);
GPtrArray      *ado_account_file_diff     (GKeyFile    *base,
                                           GKeyFile    *current);
gboolean        ado_account_file_apply    (const char  *path,
                                           GPtrArray   *changes,
                                           const char  *comment,
                                           GHashTable **renamed,
                                           GError     **error);
gboolean        ado_account_file_make_folder (const char *dir,
                                              GError    **error);
void            ado_account_file_rename   (GKeyFile    *key_file,
                                           GHashTable  *renamed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AdoAccountFile, ado_account_file_free)

G_END_DECLS
