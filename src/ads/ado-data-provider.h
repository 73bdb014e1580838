/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ADO_DATA_PROVIDER_SYMPTOM_PATH "/dp Data Provider"
#define ADO_BILLING_TICKET_TITLE       "[Access Request - Billing] Request Access to Billing Reports"

gboolean   ado_iam_arn_check                 (const char  *arn);
GStrv      ado_iam_arns_parse                (const char  *text,
                                              GError     **error);
char      *ado_data_provider_ticket_compose  (const char  *client_id,
                                              gboolean     partner);
char      *ado_billing_ticket_compose        (const char  *client_id,
                                              const char  *const *arns);

G_END_DECLS
