/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ado-accounts-page.h"

G_BEGIN_DECLS

/* For the ado-accounts-page*.c files only */

struct _AdoAccountsPage
{
  AdoPage             parent_instance;

  AdoAccounts        *accounts;
  GCancellable       *cancellable;

  GtkStack           *content_stack;
  GtkListBox         *accounts_list;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
};

void        _ado_accounts_page_show_error           (AdoAccountsPage *self,
                                                     const char      *message);
AdoAccount *_ado_accounts_page_find_account         (AdoAccountsPage *self,
                                                     const char      *id);
void        _ado_accounts_page_class_install_export (GtkWidgetClass  *widget_class);

G_END_DECLS
