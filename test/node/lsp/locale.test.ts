/** The language server speaks the client's locale: InitializeParams.locale, or `locale` in initializationOptions, picks the catalogue. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../helpers/fixtures';
import { startClient } from './client';
import { LSP_MESSAGES } from '../../../src/lsp/messages';
import { LSP_ZH_CN } from '../../../src/lsp/locales/zh-cn';
import { catalogueMismatches, missingTranslations } from '../../../src/core/analysis/messages';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');
const DM003 = readFileSync(join(EX, 'dm003_split_attention.py'), 'utf8');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dms-lsp-locale-'));
  cpSync(join(EX, 'models'), join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'infer.py'), DM003);
  return pathToFileURL(join(dir, 'infer.py')).href;
}

/** The DM003 diagnostic a client sees with these initialize parameters. */
async function dm003(init: {
  options?: Record<string, unknown>;
  locale?: string;
}): Promise<{ code: unknown; message: string; line: number }> {
  const uri = project();
  const c = await startClient({ gpus: ['2x24GiB'], ...init.options }, null, undefined, init.locale);
  try {
    const published = c.nextDiagnostics(uri);
    c.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: DM003 } });
    const d = (await published).diagnostics.find((x) => x.code === 'DM003')!;
    return { code: d.code, message: String(d.message), line: d.range.start.line };
  } finally {
    c.close();
  }
}

test('InitializeParams.locale zh-CN: Chinese findings with the same code and range; en: English', async () => {
  const zh = await dm003({ locale: 'zh-CN' });
  const en = await dm003({ locale: 'en' });
  assert.equal(zh.code, 'DM003');
  assert.equal(zh.line, en.line);
  assert.match(zh.message, /被切分到/);
  assert.match(zh.message, /RuntimeError: Expected all tensors to be on the same device/);
  assert.match(en.message, /is split over/);
});

test('initializationOptions.locale wins over the editor locale; a client that sends neither gets the server environment', async () => {
  assert.match((await dm003({ locale: 'en-US', options: { locale: 'zh-cn' } })).message, /被切分到/);
  assert.match((await dm003({ locale: 'zh-CN', options: { locale: 'en' } })).message, /is split over/);
  const saved = {
    LC_ALL: process.env.LC_ALL,
    LC_MESSAGES: process.env.LC_MESSAGES,
    LANG: process.env.LANG,
    LANGUAGE: process.env.LANGUAGE,
  };
  try {
    for (const k of Object.keys(saved)) delete process.env[k];
    assert.match((await dm003({})).message, /is split over/);
    process.env.LANG = 'zh_CN.UTF-8';
    assert.match((await dm003({})).message, /被切分到/);
    assert.match((await dm003({ locale: 'en' })).message, /is split over/, "the client's locale wins over the environment");
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
});

test("the server's own texts: every key in both languages with the same placeholders", () => {
  const en = { lsp: LSP_MESSAGES };
  assert.deepEqual(missingTranslations(en, LSP_ZH_CN), []);
  assert.deepEqual(catalogueMismatches(en, LSP_ZH_CN), []);
});
