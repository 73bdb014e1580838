/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* RFC 6585; libsoup 3.2 has no name for it */
#define ADO_HTTP_TOO_MANY_REQUESTS 429

/* Why a request failed, for the caller's own sentence */
typedef enum
{
  ADO_HTTP_PROBLEM_STATUS,       /* the last answer was not 200 OK */
  ADO_HTTP_PROBLEM_TOO_LARGE,    /* the answer was over the size limit */
  ADO_HTTP_PROBLEM_DEADLINE,     /* the whole answer did not come within the deadline */
  ADO_HTTP_PROBLEM_TIMED_OUT,    /* libsoup's timeout: no answer in time */
  ADO_HTTP_PROBLEM_TLS,          /* the secure connection could not be trusted */
  ADO_HTTP_PROBLEM_BROKEN_OFF,   /* the answer ended before its announced end */
  ADO_HTTP_PROBLEM_UNREACHABLE,  /* anything else on the way */
} AdoHttpProblemKind;

typedef struct
{
  AdoHttpProblemKind  kind;
  SoupMessage        *message;  /* the request: its URI, status and headers */
  guint               status;   /* STATUS: the last answer's */
  GBytes             *body;     /* STATUS: the last answer's body (maybe empty) */
  const GError       *cause;    /* TIMED_OUT, TLS, BROKEN_OFF, UNREACHABLE */
  guint               seconds;  /* DEADLINE: the deadline, rounded up */
} AdoHttpProblem;

/*
 * Turns a problem into the error the caller returns (an ADO_ERROR with
 * its sentence). %NULL takes the default sentence, which names the host;
 * STATUS and TOO_LARGE have none and must be described.
 */
typedef GError *(*AdoHttpErrorFunc) (const AdoHttpProblem *problem,
                                     gpointer              user_data);

#define ADO_TYPE_HTTP (ado_http_get_type ())

G_DECLARE_FINAL_TYPE (AdoHttp, ado_http, ADO, HTTP, GObject)

AdoHttp  *ado_http_new              (void);
void      ado_http_set_max_body     (AdoHttp              *self,
                                     gsize                 max_body);
void      ado_http_set_deadline     (AdoHttp              *self,
                                     guint                 milliseconds);
void      ado_http_set_timeout      (AdoHttp              *self,
                                     guint                 seconds);
void      ado_http_set_retry_delay  (AdoHttp              *self,
                                     guint                 milliseconds);
void      ado_http_send_async       (AdoHttp              *self,
                                     SoupMessage          *message,
                                     GBytes               *request_body,
                                     AdoHttpErrorFunc      error_func,
                                     gpointer              error_data,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
GBytes   *ado_http_send_finish      (AdoHttp              *self,
                                     GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
