/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "demo/ado-demo-server.h"
#include "ui/ado-window.h"

#include "ado-test-core.h"

G_BEGIN_DECLS

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

/* The window of the window tests, over a registry file in tmpdir, the
 * settings in memory or in tmpdir/settings.ini (settings_path), and a
 * capturing browser's file (browser_out) */
typedef struct
{
  char               *tmpdir;
  char               *browser_out;
  char               *settings_path;
  GSettingsBackend   *backend;
  GSettings          *settings;
  AdoProgress        *progress;
  AdoCredentialStore *store;
  AdoAccountRegistry *registry;
  AdoWindow          *window;
} AdoTestWindowFixture;

/* Conditions for ado_test_wait_until(): the widget is mapped and has a
 * width; the window shows the Verify step */
gboolean          ado_test_is_drawn                       (gpointer               widget);
gboolean          ado_test_reached_verify                 (gpointer               window);

/* The template child @id below @root; the one of @window's page for @step,
 * which must exist */
GtkWidget        *ado_test_find_by_id                     (GtkWidget             *root,
                                                           const char            *id);
GtkWidget        *ado_test_page_child                     (AdoWindow             *window,
                                                           AdoStep                step,
                                                           const char            *id);

/* Appends the text of every label under @widget to @text, a line each:
 * with @shown_only those the person can see, else all of them, those in
 * closed expanders too (what the page can tell) */
void              ado_test_append_text                    (GtkWidget             *widget,
                                                           gboolean               shown_only,
                                                           GString               *text);

/* Activates @action with @param (floating or not) on @widget, or on
 * @window if @widget is NULL, which must succeed, and lets it take effect */
void              ado_test_activate                       (AdoWindow             *window,
                                                           GtkWidget             *widget,
                                                           const char            *action,
                                                           GVariant              *param);

/* The application the window tests open their windows in, registered */
AdwApplication   *ado_test_application_new                (const char            *application_id);

/* Destroys *@window, if any, lets it go, and sets it to NULL */
void              ado_test_destroy_window                 (AdoWindow            **window);

/* The message dialog shown now, or NULL; the one shown next, waiting for
 * it as for @what */
AdwMessageDialog *ado_test_find_dialog                    (void);
AdwMessageDialog *ado_test_wait_for_dialog                (const char            *what);

char             *ado_test_read_clipboard                 (GtkWidget             *widget);
void              ado_test_save_screenshot                (GtkWidget             *window,
                                                           const char            *name);

/* The Connect step: the mode stack's visible page, and conditions for
 * ado_test_wait_until() on it */
const char       *ado_test_connect_mode                   (AdoWindow             *window);
gboolean          ado_test_connect_is_waiting             (gpointer               window);
gboolean          ado_test_connect_is_form                (gpointer               window);

/* Allow for the sign-in at @url, then paste the address the browser lands
 * on into the Connect step and wait for Verify; returns that address */
char             *ado_test_paste_sign_in_address          (AdoWindow             *window,
                                                           const char            *url);

/* AdoTestConnectFixture: set_up starts the imitation for @redirect_uri (NULL:
 * the loopback address on a free port, f->port), points the app at it and
 * writes the client's settings (client-id, redirect-uri, current-step
 * connect) without opening a window; open_window builds the window from what
 * a restart reads (the settings, the registry file, the keyring);
 * close_window destroys it; tear_down undoes all */
void              ado_test_connect_fixture_set_up         (AdoTestConnectFixture *f,
                                                           const char            *tmpdir_template,
                                                           const char            *redirect_uri);
void              ado_test_connect_fixture_open_window    (AdoTestConnectFixture *f,
                                                           AdwApplication        *app);
void              ado_test_connect_fixture_close_window   (AdoTestConnectFixture *f);
void              ado_test_connect_fixture_tear_down      (AdoTestConnectFixture *f);

/* AdoTestWindowFixture: set_up makes tmpdir from @tmpdir_template, the
 * store, the registry, the settings (@in_key_file: in settings_path, as
 * the demo keeps them) and a progress over them, without a window;
 * new_window opens one @width by @height in the default application, with
 * a new progress over the same settings, and waits until it is drawn;
 * close_settings and reopen_settings are what a restart does to the
 * settings; tear_down undoes all */
void              ado_test_window_fixture_set_up          (AdoTestWindowFixture  *f,
                                                           const char            *tmpdir_template,
                                                           gboolean               in_key_file);
void              ado_test_window_fixture_new_window      (AdoTestWindowFixture  *f,
                                                           int                    width,
                                                           int                    height);
void              ado_test_window_fixture_close_settings  (AdoTestWindowFixture  *f);
void              ado_test_window_fixture_reopen_settings (AdoTestWindowFixture  *f);
void              ado_test_window_fixture_tear_down       (AdoTestWindowFixture  *f);

G_END_DECLS

