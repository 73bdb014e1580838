/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "ads/ado-account.h"
#include "demo/ado-demo-server.h"
#include "store/ado-account-registry.h"
#include "store/ado-credential-store.h"

G_BEGIN_DECLS

/* What every test shares, without GTK: waiting on the main loop without
 * hanging, the log capture, free ports, temporary folders, the capturing
 * browser, HTTP as a browser does it, the keyring as another tool sees it,
 * and a sign-in. The window tests add ado-test-util.h. */

typedef gboolean (*AdoTestCondition) (gpointer data);

/* What a GET answered: its status, its Location header and its body (both
 * may be NULL); ado_test_fetch_clear() frees them */
typedef struct
{
  guint  status;
  char  *location;
  char  *body;
} AdoTestFetch;

/* Waiting for what the main loop does: ado_test_run_until() runs it until
 * @condition holds, ado_test_wait_for_flag() until *@done, and
 * ado_test_wait_for() until ado_test_result_cb() stored the result of an
 * asynchronous call in *@result (a reference, for the caller). Each fails
 * after the guard time (20 s unless set) instead of hanging, naming @what. */
void                ado_test_set_guard_seconds     (guint               seconds);
void                ado_test_run_until             (AdoTestCondition    condition,
                                                    gpointer            data,
                                                    const char         *what);
void                ado_test_wait_for_flag         (const gboolean     *done,
                                                    const char         *what);
void                ado_test_result_cb             (GObject            *object,
                                                    GAsyncResult       *result,
                                                    gpointer            user_data);
void                ado_test_wait_for              (GAsyncResult      **result);

/* For helper programs: ends the process with status 124 and "@program: no
 * answer within @seconds s" on stderr if it still runs then; the waits
 * above then have no guard of their own */
void                ado_test_exit_after            (guint               seconds,
                                                    const char         *program);

/* Waiting for what happens outside the main loop as well (a file another
 * process writes): ado_test_spin() runs the loop for @ms;
 * ado_test_wait_until() polls @condition while running it, and fails after
 * a minute naming @what */
void                ado_test_spin                  (guint               ms);
void                ado_test_wait_until            (AdoTestCondition    condition,
                                                    gpointer            data,
                                                    const char         *what);
gboolean            ado_test_file_exists           (gpointer            path);

/* The log: ado_test_log_capture_init() (in main, after g_test_init) sends
 * every message, debug ones included, through a writer that keeps debug
 * and info messages off stdout (it carries TAP); between _start() and
 * _stop() it also collects each message's text, a line each, which _stop()
 * returns */
void                ado_test_log_capture_init      (void);
void                ado_test_log_capture_start     (void);
char               *ado_test_log_capture_stop      (void);

/* A TCP port on 127.0.0.1 that nothing listens on, nor on the next one */
int                 ado_test_free_port             (void);

/* Removes @path and everything below it */
void                ado_test_remove_dir            (const char         *path);

/* The "browser" the app opens is a command that writes the address it was
 * given into @out_path; ado_test_wait_for_browser() waits until it has and
 * returns the address */
void                ado_test_use_capturing_browser (const char         *out_path);
char               *ado_test_wait_for_browser      (const char         *out_path);

/* What a browser does: GET @url, without following a redirect */
AdoTestFetch        ado_test_fetch                 (const char         *url);
void                ado_test_fetch_clear           (AdoTestFetch       *fetch);

/* The secret-tool lookup of an item by its kind and one attribute: the
 * secret, or "" */
char               *ado_test_lookup_secret         (const char         *kind,
                                                    const char         *attribute,
                                                    const char         *value);

/* The keyring of the test harness as another tool sees it: every item of
 * this program's schema name, demo or not (kind, client_id, account_id,
 * region, expires_at, demo). ado_test_keyring_find() and _count() take the
 * items with the attributes given (NULL: any); _clear_client() removes
 * every item of @client_id. */
const SecretSchema *ado_test_keyring_schema        (void);
GList              *ado_test_keyring_find          (const char         *kind,
                                                    const char         *client_id,
                                                    const char         *account_id);
guint               ado_test_keyring_count         (const char         *kind,
                                                    const char         *client_id,
                                                    const char         *account_id);
void                ado_test_keyring_clear_client  (const char         *client_id);

/* A client ID that no other test uses, so that tests running at the same
 * time do not meet */
char               *ado_test_new_client_id         (void);

/* A sign-in as a person makes it, against @server (which knows
 * @client_id with the demo client's secret and the return URL
 * ADO_TEST_REDIRECT_URI): Amazon's page, the address pasted, the account
 * saved as @name in North America. Returns it (a reference). */
#define ADO_TEST_REDIRECT_URI "https://amazon.com"
#define ADO_TEST_SCOPE        "advertising::campaign_management"
AdoAccount         *ado_test_sign_in               (AdoDemoServer      *server,
                                                    AdoCredentialStore *store,
                                                    AdoAccountRegistry *registry,
                                                    const char         *client_id,
                                                    const char         *name);

G_END_DECLS
