/**
 * Endpoint URLs may carry credentials (`https://user:secret@mirror/`); no
 * message, note or location ever shows them.
 */

/** The URL without its user name and password (unchanged when it has none or does not parse). */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.href.replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url;
  }
}

/** Every `scheme://user:pass@` inside free text (an error message quoting a URL) with the credentials removed. */
export function redactUrls(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1');
}
