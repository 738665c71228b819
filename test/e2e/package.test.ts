// `npm run package` builds a lean .vsix: only bundles, media, grammars, schemas and docs,
// under 1.5 MiB, with a manifest that the Marketplace and VS Code accept.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/paths';
import { readZip, type ZipEntry } from './helpers/zip';
import { EXAMPLE_FILES } from '../../src/extension/walkthrough/exampleFiles';

const ALLOWED = [
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|engine|finder-worker|webview|web\/extension|web\/finder-worker)\.js$/,
  /^extension\/media\/[\w./-]+\.(png|css)$/,
  /^extension\/media\/walkthrough\/[\w.-]+\.md$/,
  /^extension\/package\.nls(\.[\w-]+)?\.json$/,
  /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  ...EXAMPLE_FILES.map((f) => new RegExp(`^extension/${f.from.replace(/[.]/g, '\\.')}$`)),
  /^extension\/syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  /^extension\/schemas\/[\w.-]+\.json$/,
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
];

describe('npm run package', { timeout: 180_000 }, () => {
  let vsix = '';
  let entries: ZipEntry[] = [];
  let manifest: Record<string, any> = {};
  const has = (name: string) => entries.some((e) => e.name === `extension/${name}`);

  before(() => {
    vsix = join(mkdtempSync(join(tmpdir(), 'dms-vsix-')), 'device-map-studio.vsix');
    // dist/ is built by `npm test` before the tests; rebuilding here would race the VS Code test that copies it.
    const r = spawnSync('node', ['scripts/package.mjs', '--no-build', '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    entries = readZip(vsix);
    manifest = JSON.parse(
      entries
        .find((e) => e.name === 'extension/package.json')!
        .read()
        .toString('utf8'),
    );
  });

  test('holds only bundles, media, grammars, schemas, README, CHANGELOG, LICENSE and the manifest', () => {
    const stray = entries.map((e) => e.name).filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(stray, [], `unexpected files in the .vsix: ${stray.join(', ')}`);
    for (const f of [
      'dist/extension.js',
      'dist/engine.js',
      'dist/finder-worker.js',
      'dist/web/extension.js',
      'media/icon.png',
      'readme.md',
      'changelog.md',
      'LICENSE.txt',
    ])
      assert.ok(has(f), `${f} missing`);
    assert.ok(!entries.some((e) => /\/(src|test|node_modules)\/|\.map$|\.ts$/.test(e.name)));
  });

  test('ships the translations, the walkthrough media and every example the walkthrough copies', () => {
    for (const f of ['package.nls.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json'])
      assert.ok(has(f), `${f} missing`);
    for (const f of EXAMPLE_FILES) assert.ok(has(f.from), `${f.from} missing: the walkthrough could not copy it`);
    assert.equal(manifest.l10n, './l10n');
    for (const step of manifest.contributes.walkthroughs[0].steps) {
      const key = /^%(.+)%$/.exec(step.media.markdown)![1]!;
      for (const lang of ['', '.zh-cn']) {
        const nls = JSON.parse(
          entries
            .find((e) => e.name === `extension/package.nls${lang}.json`)!
            .read()
            .toString('utf8'),
        );
        assert.ok(has(nls[key]), `${nls[key]} (${step.id}${lang}) missing`);
      }
    }
  });

  test('is under 1.5 MiB', () => {
    const size = statSync(vsix).size;
    assert.ok(size < 1.5 * 2 ** 20, `${size} bytes`);
  });

  test('manifest: icon, names, categories, keywords, repository, license, activation on Python, JSON, shell, YAML and Jupyter notebooks only', () => {
    assert.ok(has(manifest.icon), `icon ${manifest.icon} not packaged`);
    for (const k of ['displayName', 'description', 'license', 'publisher'])
      assert.ok(typeof manifest[k] === 'string' && manifest[k].length > 0, k);
    assert.ok(manifest.categories.length > 0 && manifest.keywords.length > 0);
    assert.match(manifest.repository.url, /^https:\/\//);
    assert.ok(manifest.activationEvents.length > 0);
    // Python, JSON, shell and YAML documents wake it (shell and YAML are then read only when they mention a map,
    // max_memory or swift); the only other event restores an open layout panel after a reload.
    for (const ev of manifest.activationEvents)
      assert.match(ev, /^(onLanguage:(python|json|shellscript|yaml)|onNotebook:jupyter-notebook|onWebviewPanel:deviceMapStudio\.layout)$/);
  });

  test('every contributed file exists in the package; every setting is documented', () => {
    for (const g of manifest.contributes.grammars) assert.ok(has(g.path.replace(/^\.\//, '')), g.path);
    for (const j of manifest.contributes.jsonValidation) assert.ok(has(j.url.replace(/^\.\//, '')), j.url);
    const props = manifest.contributes.configuration.properties as Record<string, { description?: string; markdownDescription?: string }>;
    assert.ok(Object.keys(props).length >= 13, Object.keys(props).join(', '));
    // Descriptions are %keys% of the packaged package.nls.json (English; package.nls.zh-cn.json beside it).
    const nls = JSON.parse(
      entries
        .find((e) => e.name === 'extension/package.nls.json')!
        .read()
        .toString('utf8'),
    );
    const text = (s: string | undefined) => (s ? (nls[/^%(.+)%$/.exec(s)?.[1] ?? ''] ?? s) : '');
    for (const [k, v] of Object.entries(props))
      assert.ok(text(v.description ?? v.markdownDescription).length > 20, `${k} has no description`);
    for (const c of manifest.contributes.commands) assert.ok(c.title && c.command.startsWith('deviceMapStudio.'), JSON.stringify(c));
  });

  test('web extension: a browser entry that uses no Node API; untrusted workspaces declared', () => {
    assert.ok(has(manifest.browser.replace(/^\.\//, '')));
    const web = entries
      .find((e) => e.name === `extension/${manifest.browser.replace(/^\.\//, '')}`)!
      .read()
      .toString('utf8');
    const required = [...web.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(required)], ['vscode']);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('deviceMapStudio.hub.enabled'));
  });
});
