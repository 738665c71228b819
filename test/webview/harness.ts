/**
 * A real headless Chromium (Debian's, no download) showing the BUILT webview
 * bundle in a test page, with a stand-in host: a fake `acquireVsCodeApi` that
 * records every posted message and keeps state, and `send()` to post host
 * messages in.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/messages';
import { REPO_ROOT } from '../helpers/fixtures';
import { THEMES, themeCss, type ThemeKind } from './themes';
import { PANEL_TEXT } from '../../src/protocol/panelText';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
export const RESULTS = join(REPO_ROOT, 'test-results', 'webview');
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let built = false;
/** Builds `dist/webview.js` once per test process, so tests always run the current source. */
export function buildWebview(): string {
  if (!built) {
    execFileSync('node', ['esbuild.mjs', 'webview'], { cwd: REPO_ROOT, stdio: 'pipe' });
    built = true;
  }
  return join(REPO_ROOT, 'dist', 'webview.js');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export const STAND_IN_HOST = `
  window.__posted = [];
  window.__state = window.__savedState ?? undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });`;

export interface PanelPage {
  readonly page: Page;
  send(m: HostToWebview): Promise<void>;
  posted(): Promise<WebviewToHost[]>;
  clearPosted(): Promise<void>;
  setTheme(kind: ThemeKind): Promise<void>;
  screenshot(name: string): Promise<string>;
}

export async function openPanel(
  browser: Browser,
  opts: {
    width?: number;
    height?: number;
    theme?: ThemeKind;
    savedState?: unknown;
    reducedMotion?: boolean;
    /** The panel's words (default: English). */
    text?: Record<string, string>;
    /** Another build of the webview bundle (tools/ab_panel.ts: a before/after comparison); default: this checkout's, built now. */
    bundle?: string;
  } = {},
): Promise<PanelPage> {
  const bundle = opts.bundle ?? buildWebview();
  const page = await browser.newPage({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    reducedMotion: opts.reducedMotion ? 'reduce' : 'no-preference',
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const saved = opts.savedState === undefined ? '' : `window.__savedState = ${JSON.stringify(opts.savedState)};`;
  const theme = opts.theme ?? 'dark';
  const css = readFileSync(join(REPO_ROOT, 'media', 'panel.css'), 'utf8');
  await page.setContent(`<!doctype html><html><head><style id="theme">${themeCss(theme)}</style><style>${css}</style></head>
    <body class="${THEMES[theme].bodyClass}"><div id="app"></div></body></html>`);
  // The words the host puts on #app (English here; src/extension/panel/html.ts writes the display language's).
  await page.$eval('#app', (el, text) => el.setAttribute('data-strings', text), JSON.stringify(opts.text ?? PANEL_TEXT));
  // The stand-in host goes in before the bundle, as VS Code defines acquireVsCodeApi before any script runs.
  await page.addScriptTag({ content: saved + STAND_IN_HOST });
  await page.addScriptTag({ path: bundle });
  await page.waitForSelector('#app[data-ready="true"]', { state: 'attached', timeout: 10_000 });
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return {
    page,
    async send(m) {
      await page.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>);
      // Let the message event run and the DOM settle.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    },
    posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted),
    clearPosted: () => page.evaluate(() => void ((window as unknown as { __posted: unknown[] }).__posted = [])),
    async setTheme(kind) {
      await page.evaluate(
        ({ css, cls }) => {
          document.getElementById('theme')!.textContent = css;
          document.body.className = cls;
        },
        { css: themeCss(kind), cls: THEMES[kind].bodyClass },
      );
    },
    async screenshot(name) {
      mkdirSync(RESULTS, { recursive: true });
      const path = join(RESULTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };
}
