/**
 * The webview's HTML: strict CSP (`default-src 'none'`, one nonce'd script,
 * styles only from the extension), the bundle and `media/panel.css`.
 */
import { randomNonce } from './nonce';
import type { PanelText } from '../../protocol/panelText';

export interface HtmlParts {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(...)` of dist/webview.js and media/panel.css, as strings. */
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce?: string;
  /** The panel's words in the display language (one record, read by src/webview/text.ts). */
  readonly text: PanelText;
  /** `vscode.env.language`, for the page's lang attribute. */
  readonly lang: string;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function panelHtml(p: HtmlParts): string {
  const nonce = p.nonce ?? randomNonce();
  const csp = [
    "default-src 'none'",
    `style-src ${p.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${p.cspSource} data:`,
    `font-src ${p.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(p.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}">
<title>${escapeAttr(p.text.pageTitle)}</title>
</head>
<body>
<div id="app" data-strings="${escapeAttr(JSON.stringify(p.text))}"></div>
<script nonce="${nonce}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>`;
}
