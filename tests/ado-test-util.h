/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "demo/ado-demo-server.h"
#include "ui/ado-window.h"

G_BEGIN_DECLS

typedef gboolean (*AdoTestCondition) (gpointer data);

/* What a GET answered: its status, its Location header and its body (both
 * may be NULL); ado_test_fetch_clear() frees them */
typedef struct
{
  guint  status;
  char  *location;
  char  *body;
} AdoTestFetch;

/* The window of the tests that sign in, with an imitation of Login with
 * Amazon that knows the demo client, a capturing browser's file
 * (browser_out) and a registry file (registry_path) in tmpdir */
typedef struct
{
  GSettingsBackend   *backend;
  GSettings          *settings;
  AdoProgress        *progress;
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  AdoDemoServer      *server;
  AdoWindow          *window;
  char               *tmpdir;
  char               *registry_path;
  char               *browser_out;
  char               *redirect_uri;
  int                 port;
} AdoTestConnectFixture;

/* Waiting: ado_test_spin() runs the main loop for @ms; ado_test_wait_until()
 * runs it until @condition holds, and fails after a minute naming @what */
void              ado_test_spin                         (guint                  ms);
void              ado_test_wait_until                   (AdoTestCondition       condition,
                                                         gpointer               data,
                                                         const char            *what);

/* Conditions for ado_test_wait_until(): the widget is mapped and has a
 * width; the file at the path exists; the window shows the Verify step */
gboolean          ado_test_is_drawn                     (gpointer               widget);
gboolean          ado_test_file_exists                  (gpointer               path);
gboolean          ado_test_reached_verify               (gpointer               window);

/* The template child @id below @root; the one of @window's page for @step,
 * which must exist */
GtkWidget        *ado_test_find_by_id                   (GtkWidget             *root,
                                                         const char            *id);
GtkWidget        *ado_test_page_child                   (AdoWindow             *window,
                                                         AdoStep                step,
                                                         const char            *id);

/* The application the window tests open their windows in, registered */
AdwApplication   *ado_test_application_new              (const char            *application_id);

/* Destroys *@window, if any, lets it go, and sets it to NULL */
void              ado_test_destroy_window               (AdoWindow            **window);

/* The message dialog shown now, or NULL; the one shown next, waiting for
 * it as for @what */
AdwMessageDialog *ado_test_find_dialog                  (void);
AdwMessageDialog *ado_test_wait_for_dialog              (const char            *what);

int               ado_test_free_port                    (void);
char             *ado_test_read_clipboard               (GtkWidget             *widget);
void              ado_test_save_screenshot              (GtkWidget             *window,
                                                         const char            *name);

/* Removes @path and everything below it */
void              ado_test_remove_dir                   (const char            *path);

/* The "browser" the app opens is a command that writes the address it was
 * given into @out_path; ado_test_wait_for_browser() waits until it has and
 * returns the address */
void              ado_test_use_capturing_browser        (const char            *out_path);
char             *ado_test_wait_for_browser             (const char            *out_path);

/* What a browser does: GET @url, without following a redirect */
AdoTestFetch      ado_test_fetch                        (const char            *url);
void              ado_test_fetch_clear                  (AdoTestFetch          *fetch);

/* The secret-tool lookup of an item by its kind and one attribute: the
 * secret, or "" */
char             *ado_test_lookup_secret                (const char            *kind,
                                                         const char            *attribute,
                                                         const char            *value);

/* The Connect step: the mode stack's visible page, and conditions for
 * ado_test_wait_until() on it */
const char       *ado_test_connect_mode                 (AdoWindow             *window);
gboolean          ado_test_connect_is_waiting           (gpointer               window);
gboolean          ado_test_connect_is_form              (gpointer               window);

/* Allow for the sign-in at @url, then paste the address the browser lands
 * on into the Connect step and wait for Verify; returns that address */
char             *ado_test_paste_sign_in_address        (AdoWindow             *window,
                                                         const char            *url);

/* AdoTestConnectFixture: set_up starts the imitation for @redirect_uri (NULL:
 * the loopback address on a free port, f->port), points the app at it and
 * writes the client's settings (client-id, redirect-uri, current-step
 * connect) without opening a window; open_window builds the window from what
 * a restart reads (the settings, the registry file, the keyring);
 * close_window destroys it; tear_down undoes all */
void              ado_test_connect_fixture_set_up       (AdoTestConnectFixture *f,
                                                         const char            *tmpdir_template,
                                                         const char            *redirect_uri);
void              ado_test_connect_fixture_open_window  (AdoTestConnectFixture *f,
                                                         AdwApplication        *app);
void              ado_test_connect_fixture_close_window (AdoTestConnectFixture *f);
void              ado_test_connect_fixture_tear_down    (AdoTestConnectFixture *f);

G_END_DECLS

