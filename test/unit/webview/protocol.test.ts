/** Inbound messages are validated at the boundary; the RPC helper pairs answers with requests; the HTML is locked down. */
import { PANEL_TEXT } from '../../../src/protocol/panelText';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { panelHtml } from '../../../src/extension/panel/html';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../../../src/protocol/messages';
import { createRpcClient, respond } from '../../../src/protocol/rpc';
import { DEFAULT_OPTIONS } from '../../../src/protocol/snapshot';

describe('parseWebviewMessage', () => {
  it('accepts every well-formed intent', () => {
    const good: WebviewToHost[] = [
      { type: 'ready' },
      { type: 'moveModules', documentVersion: 3, mapIndex: 0, modules: ['model.layers.1'], device: 1 },
      { type: 'moveModules', documentVersion: 3, mapIndex: 0, modules: ['lm_head'], device: 'cpu' },
      { type: 'applyMap', documentVersion: 3, mapIndex: 1, strategy: 'balanced_low_0' },
      { type: 'setGpus', gpus: [{ name: 'A100', memory: 80 * 2 ** 30 }] },
      { type: 'setOptions', options: DEFAULT_OPTIONS },
      { type: 'setOptions', options: { ...DEFAULT_OPTIONS, mode: 'train-full' } },
      { type: 'setFollowCursor', follow: true },
      { type: 'reveal', module: 'model.norm' },
      { type: 'request', id: 4, request: { method: 'previewStrategy', strategy: 'sequential' } },
    ];
    for (const m of good) assert.deepEqual(parseWebviewMessage(m), { ok: true, value: m }, m.type);
  });

  it('rejects malformed ones with a reason', () => {
    const bad: unknown[] = [
      null,
      'moveModules',
      { type: 'nope' },
      { type: 'moveModules', documentVersion: '3', mapIndex: 0, modules: ['a'], device: 1 },
      { type: 'moveModules', documentVersion: 3, mapIndex: 0, modules: [], device: 1 },
      { type: 'moveModules', documentVersion: 3, mapIndex: 0, modules: ['a'], device: -1 },
      { type: 'applyMap', documentVersion: 3, mapIndex: 0, strategy: 'auto-ish' },
      { type: 'setGpus', gpus: [{ name: 'x', memory: -1 }] },
      { type: 'setOptions', options: { ...DEFAULT_OPTIONS, seq: 0 } },
      { type: 'setOptions', options: { ...DEFAULT_OPTIONS, mode: 'train-qlora' } },
      { type: 'request', id: 1, request: { method: 'rm -rf' } },
    ];
    for (const m of bad) {
      const r = parseWebviewMessage(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      if (!r.ok) assert.ok(r.error.length > 5);
    }
  });

  it('never throws on any input', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        parseWebviewMessage(x);
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          type: fc.constantFrom('moveModules', 'applyMap', 'setGpus', 'setOptions', 'request', 'reveal'),
          documentVersion: fc.anything(),
          modules: fc.anything(),
          gpus: fc.anything(),
          options: fc.anything(),
          request: fc.anything(),
          id: fc.anything(),
          device: fc.anything(),
        }),
        (x) => {
          parseWebviewMessage(x);
        },
      ),
    );
  });
});

describe('rpc', () => {
  it('pairs each response with its request by id', async () => {
    const sent: WebviewToHost[] = [];
    const client = createRpcClient((m) => sent.push(m));
    const a = client.call<string>({ method: 'previewStrategy', strategy: 'balanced' });
    const b = client.call<string>({ method: 'previewStrategy', strategy: 'sequential' });
    const [ra, rb] = sent as Array<Extract<WebviewToHost, { type: 'request' }>>;
    assert.notEqual(ra!.id, rb!.id);
    const replies: HostToWebview[] = [];
    await respond(
      rb!.id,
      () => 'B',
      (m) => replies.push(m),
    );
    await respond(
      ra!.id,
      () => {
        throw new Error('no GPUs');
      },
      (m) => replies.push(m),
    );
    for (const r of replies) assert.equal(client.handle(r), true);
    assert.equal(await b, 'B');
    await assert.rejects(a, /no GPUs/);
    assert.equal(client.handle({ type: 'response', id: 999, result: 1 }), false);
  });

  it('gives up after the timeout, and a late answer is ignored', async () => {
    const fire: Array<() => void> = [];
    const client = createRpcClient(() => {}, { setTimeout: (run) => fire.push(run), clearTimeout: () => {} });
    const p = client.call({ method: 'previewStrategy', strategy: 'balanced' }, 100);
    fire[0]!();
    await assert.rejects(p, /previewStrategy: no answer within 100 ms/);
    assert.equal(client.handle({ type: 'response', id: 1, result: 'late' }), false);
  });
});

describe('panelHtml', () => {
  it("allows only the nonce'd script and extension styles", () => {
    const html = panelHtml({
      cspSource: 'vscode-resource:',
      scriptUri: 'vscode-resource:/dist/webview.js',
      styleUri: 'vscode-resource:/media/panel.css',
      nonce: 'abc123',
      text: PANEL_TEXT,
      lang: 'zh-cn',
    });
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.match(html, /<script nonce="abc123" src="vscode-resource:\/dist\/webview.js"><\/script>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it('carries the panel words as one attribute of #app, escaped, and the display language', () => {
    const text = { ...PANEL_TEXT, apply: '应用 "x" & <y>' };
    const html = panelHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c', text, lang: 'zh-cn' });
    assert.match(html, /<html lang="zh-cn">/);
    const attr = /<div id="app" data-strings="([^"]*)"><\/div>/.exec(html)![1]!;
    const decoded = attr
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), text);
  });

  it('makes a new nonce each time', () => {
    const a = panelHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c', text: PANEL_TEXT, lang: 'en' });
    const b = panelHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c', text: PANEL_TEXT, lang: 'en' });
    assert.notEqual(/nonce-([^']+)/.exec(a)![1], /nonce-([^']+)/.exec(b)![1]);
  });
});
