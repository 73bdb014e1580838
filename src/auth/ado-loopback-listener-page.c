/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ado-loopback-listener"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ado-loopback-listener-private.h"

/*
 * What the loopback listener answers the browser: the landing page after
 * the redirect, and the headers that keep the address (it holds the code)
 * out of referrers and caches.
 */

/**
 * ado_landing_page_build:
 * @success: whether the sign-in answer was a code
 * @detail: (nullable): Amazon's reason when it was not; escaped here
 *
 * The page the browser shows after the redirect: translated, in the
 * desktop's light or dark style, with no script and nothing loaded from
 * elsewhere.
 *
 * Returns: (transfer full): an HTML document
 */
char *
ado_landing_page_build (gboolean    success,
                        const char *detail)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *escaped_detail = NULL;
  const char *lang;

  title = g_markup_escape_text (success ? _("Signed in to Ads Onboarding")
                                        : _("Sign-in not completed"), -1);
  if (success)
    body = g_markup_escape_text (_("You can close this tab and go back to Ads Onboarding."), -1);
  else
    body = g_markup_escape_text (_("Amazon did not allow the sign-in. Go back to Ads Onboarding "
                                   "to see what to do next; you can close this tab."), -1);

  if (detail != NULL && detail[0] != '\0')
    escaped_detail = g_markup_escape_text (detail, -1);

  /* Translators: the language code of this translation, for the HTML page */
  lang = _("en");

  return g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html lang=\"%s\">\n"
                          "<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width\">\n"
                          "<meta name=\"color-scheme\" content=\"light dark\">\n"
                          "<title>%s</title>\n"
                          "<style>\n"
                          "body{font-family:Cantarell,'Noto Sans',sans-serif;margin:0;"
                          "min-height:100vh;display:flex;align-items:center;justify-content:center;"
                          "background:#fafafa;color:#2e3436}\n"
                          "main{max-width:32em;padding:2em;text-align:center}\n"
                          "h1{font-size:1.6em;margin:0 0 .6em}\n"
                          "p{line-height:1.5}\n"
                          ".mark{font-size:3em;color:%s}\n"
                          "code{opacity:.7}\n"
                          "@media (prefers-color-scheme: dark){body{background:#242424;color:#fff}}\n"
                          "</style>\n"
                          "</head>\n"
                          "<body><main>\n"
                          "<div class=\"mark\" aria-hidden=\"true\">%s</div>\n"
                          "<h1>%s</h1>\n"
                          "<p>%s</p>\n"
                          "%s%s%s"
                          "</main></body>\n"
                          "</html>\n",
                          lang,
                          title,
                          success ? "#26a269" : "#c01c28",
                          success ? "&#10003;" : "&#10007;",
                          title,
                          body,
                          escaped_detail != NULL ? "<p><code>" : "",
                          escaped_detail != NULL ? escaped_detail : "",
                          escaped_detail != NULL ? "</code></p>\n" : "");
}

void
_ado_loopback_listener_respond (SoupServerMessage *msg,
                                guint              status,
                                const char        *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* The address holds the code: keep it out of referrers and caches */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");

  if (html != NULL)
    soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                      html, strlen (html));
  soup_server_message_set_status (msg, status, NULL);
}

void
_ado_loopback_listener_respond_error_page (SoupServerMessage *msg,
                                           guint              status,
                                           const char        *message)
{
  g_autofree char *html = ado_landing_page_build (FALSE, message);

  _ado_loopback_listener_respond (msg, status, html);
}
