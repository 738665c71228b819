/** The host's real HTML (strict CSP, nonce) runs the bundle with no policy violation, through drags, tooltips and menus. */
import { PANEL_TEXT } from '../../src/protocol/panelText';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { panelHtml } from '../../src/extension/panel/html';
import { REPO_ROOT } from '../helpers/fixtures';
import { fixtureTree, setupOf, snapshotOf, strategyMap } from './fixtureSnapshots';
import { buildWebview, launch, STAND_IN_HOST } from './harness';
import { themeCss } from './themes';

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const ORIGIN = 'https://panel.test';

describe("webview under the host's Content-Security-Policy", () => {
  it('loads, draws and reacts without a single violation; an injected inline script is blocked', async () => {
    const bundle = readFileSync(buildWebview(), 'utf8');
    const css = readFileSync(join(REPO_ROOT, 'media', 'panel.css'), 'utf8') + themeCss('dark');
    const nonce = 'n0nce1234567890abcdef';
    let html = panelHtml({
      cspSource: ORIGIN,
      scriptUri: `${ORIGIN}/dist/webview.js`,
      styleUri: `${ORIGIN}/media/panel.css`,
      nonce,
      text: PANEL_TEXT,
      lang: 'en',
    });
    // The stand-in for VS Code's own preload (which defines acquireVsCodeApi), with the page's nonce.
    html = html.replace('<script nonce', `<script nonce="${nonce}">${STAND_IN_HOST}</script>\n<script nonce`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = route.request().url();
      if (url.endsWith('/dist/webview.js')) return route.fulfill({ contentType: 'text/javascript', body: bundle });
      if (url.endsWith('/media/panel.css')) return route.fulfill({ contentType: 'text/css', body: css });
      if (url.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: html });
      return route.fulfill({ status: 404, body: '' });
    });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.evaluate(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        ((window as unknown as { __csp: string[] }).__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.waitForSelector('#app[data-ready="true"]', { state: 'attached' });

    const tree = fixtureTree('llama-2-7b');
    const setup = setupOf(2, 24);
    const snapshot = snapshotOf(tree, strategyMap(tree, setup), setup);
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'snapshot', snapshot, followCursor: false } as unknown as Record<
      string,
      unknown
    >);
    await page.waitForSelector('g.cell[data-name="model.layers.3"]');
    // The stylesheet applied (a theme colour reached the SVG).
    assert.equal(await page.$eval('g.cell.g-block rect.cell-box', (e) => getComputedStyle(e).fill), 'rgb(55, 148, 255)');
    await page.hover('g.cell[data-name="model.layers.3"]');
    await page.click('g.cell[data-name="model.layers.3"]', { button: 'right' });
    await page.waitForSelector('.menu:not([hidden]) button');
    await page.keyboard.press('Escape');
    const box = (await page.locator('g.cell[data-name="model.layers.3"]').boundingBox())!;
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(box.x + 700, box.y + 5, { steps: 5 });
    await page.mouse.up();
    const posted = await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.map((m) => m.type));
    assert.deepEqual(posted, ['ready', 'moveModules']);

    // The policy is really on: an inline script without the nonce does not run.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.appendChild(s);
    });
    assert.equal(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected), undefined);
    // Violation reports are queued: wait for the one we caused.
    await page
      .waitForFunction(() => ((window as unknown as { __csp?: string[] }).__csp ?? []).length > 0, undefined, { timeout: 5000 })
      .catch(() => undefined);
    const seen = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    assert.deepEqual(seen, ['script-src-elem inline'], 'only the injected script was refused');
    assert.equal(violations.length, 1, violations.join('\n'));
    await page.close();
  });
});
