// zh-cn and English, key for key: the manifest (package.nls*.json), the runtime bundles
// (l10n/bundle.l10n*.json, every literal vscode.l10n.t in src/extension and the panel's
// table), the walkthrough's media. A missing key, a stale one or different placeholders fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/fixtures';
// @ts-expect-error: plain ESM helper shared with `npm run l10n`, no type declarations
import { allRuntimeMessages, extensionMessages, placeholders } from '../../../scripts/lib/l10n.mjs';

const read = (p: string) => JSON.parse(readFileSync(join(REPO_ROOT, p), 'utf8'));
const manifest = read('package.json');
const nls: Record<string, string> = read('package.nls.json');
const nlsZh: Record<string, string> = read('package.nls.zh-cn.json');
const bundle: Record<string, string> = read('l10n/bundle.l10n.json');
const bundleZh: Record<string, string> = read('l10n/bundle.l10n.zh-cn.json');
// Han characters or full-width punctuation (a translation of "Intel GPUs: ..." may hold no Han).
const HAN = /[\u4e00-\u9fff\uff08\uff1a\u3002]/;

/** Every `%key%` the manifest names, wherever it sits. */
function manifestKeys(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string') {
    const m = /^%([\w.-]+)%$/.exec(v);
    if (m) out.add(m[1]!);
  } else if (Array.isArray(v)) v.forEach((x) => manifestKeys(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => manifestKeys(x, out));
  return out;
}

test('package.json: every %key% has an English and a Chinese text; the two files hold the same keys', () => {
  const keys = manifestKeys(manifest);
  assert.ok(keys.size > 40, `only ${keys.size} keys`);
  assert.deepEqual(
    [...keys].filter((k) => !nls[k]),
    [],
    'missing in package.nls.json',
  );
  assert.deepEqual(
    [...keys].filter((k) => !nlsZh[k]),
    [],
    'missing in package.nls.zh-cn.json',
  );
  assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort(), 'the two files differ in keys');
  assert.deepEqual(
    Object.keys(nls).filter((k) => !keys.has(k)),
    [],
    'keys no manifest string uses',
  );
});

test('package.json: no user-visible contribution is left as a plain English string', () => {
  const c = manifest.contributes;
  const plain: string[] = [];
  const check = (where: string, v: unknown) => typeof v === 'string' && !/^%[\w.-]+%$/.test(v) && plain.push(`${where}: ${v}`);
  for (const cmd of c.commands) (check(`${cmd.command} title`, cmd.title), check(`${cmd.command} category`, cmd.category));
  check('configuration.title', c.configuration.title);
  for (const [k, p] of Object.entries(c.configuration.properties) as [string, Record<string, unknown>][]) {
    check(`${k} description`, p['description']);
    check(`${k} markdownDescription`, p['markdownDescription']);
    for (const d of (p['enumDescriptions'] as unknown[] | undefined) ?? []) check(`${k} enumDescriptions`, d);
  }
  for (const w of c.walkthroughs) {
    check(`${w.id} title`, w.title);
    check(`${w.id} description`, w.description);
    for (const s of w.steps)
      (check(`${s.id} title`, s.title), check(`${s.id} description`, s.description), check(`${s.id} media`, s.media.markdown));
  }
  assert.deepEqual(plain, []);
});

test('package.nls.zh-cn.json: placeholders, command links and code spans kept; the text is Chinese', () => {
  const links = (s: string) => (s.match(/\(command:[\w.]+\)|`[^`]+`/g) ?? []).sort();
  for (const [k, en] of Object.entries(nls)) {
    const zh = nlsZh[k]!;
    assert.deepEqual(placeholders(zh), placeholders(en), k);
    assert.deepEqual(links(zh), links(en), `${k}: command links and code spans`);
    if (!/^(command\.category|configuration\.title)$/.test(k) && !k.endsWith('.media')) assert.match(zh, HAN, `${k} is not translated`);
  }
});

test('l10n/bundle.l10n.json holds exactly the messages of the sources (npm run l10n writes it)', () => {
  const messages = allRuntimeMessages(REPO_ROOT) as string[];
  assert.ok(messages.length > 100, `${messages.length}`);
  assert.deepEqual(Object.keys(bundle).sort(), messages, 'run npm run l10n');
  for (const [k, v] of Object.entries(bundle)) assert.equal(v, k);
});

test('every l10n.t call names its message literally (only the text tables translate entry by entry)', () => {
  const { dynamic } = extensionMessages(REPO_ROOT) as { dynamic: string[] };
  const tables = ['src/extension/panel/panelText.ts:', 'src/extension/models/localModelHints.ts:'];
  assert.deepEqual(
    dynamic.filter((d) => !tables.some((t) => d.startsWith(t))),
    [],
  );
});

test('l10n/bundle.l10n.zh-cn.json: every message, the same placeholders, translated', () => {
  assert.deepEqual(Object.keys(bundleZh).sort(), Object.keys(bundle).sort());
  // Technical words that read the same in a Chinese UI.
  const same = new Set(['dtype', 'Batch', 'KV {0}', 'LoRA {0}']);
  for (const [en, zh] of Object.entries(bundleZh)) {
    assert.deepEqual(placeholders(zh), placeholders(en), JSON.stringify(en));
    if (!same.has(en)) assert.match(zh, HAN, `${JSON.stringify(en)} is not translated`);
  }
});

test('the webview holds no English of its own: it imports the panel table as a type only', () => {
  const english = new Set(allRuntimeMessages(REPO_ROOT) as string[]);
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  for (const f of files(join(REPO_ROOT, 'src/webview'))) {
    const text = readFileSync(f, 'utf8');
    for (const line of text.split('\n').filter((l) => /^import .*panelText/.test(l))) assert.match(line, /^import type /, `${f}: ${line}`);
    const literals = [...text.matchAll(/'([^'\n]{3,})'/g)].map((m) => m[1]!).filter((s) => english.has(s) && /[a-z] [a-z]/i.test(s));
    assert.deepEqual(literals, [], `${f} spells panel words itself`);
  }
});

test('walkthrough: each step completes on an event of ours, and its media exists in English and Chinese', () => {
  const [walk] = manifest.contributes.walkthroughs;
  const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  assert.deepEqual(
    walk.steps.map((s: { id: string }) => s.id),
    ['gpus', 'example', 'fix', 'layout', 'ci'],
  );
  for (const s of walk.steps) {
    assert.ok(s.completionEvents.length > 0, s.id);
    for (const e of s.completionEvents as string[]) {
      assert.match(e, /^(onCommand|onContext|onSettingChanged):deviceMapStudio\./, e);
      if (e.startsWith('onCommand:')) assert.ok(commands.has(e.slice('onCommand:'.length)), e);
    }
    const key = /^%(.+)%$/.exec(s.media.markdown)![1]!;
    for (const table of [nls, nlsZh]) assert.ok(existsSync(join(REPO_ROOT, table[key]!)), table[key]);
    assert.notEqual(nls[key], nlsZh[key]);
    // The command links in a step's description run commands that exist.
    for (const m of nls[`walkthrough.${s.id}.description`]!.matchAll(/\(command:([\w.]+)\)/g))
      assert.ok(commands.has(m[1]!) || m[1]!.startsWith('workbench.'), m[1]);
  }
});
