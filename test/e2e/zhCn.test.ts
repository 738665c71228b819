// Device Map Studio in a Chinese VS Code (issue 15), and what code-server does with
// `--locale zh-cn` when VS Code's own zh-cn language pack is not installed (it cannot be
// downloaded here). Two sessions:
//   1. `--locale zh-cn`, no language pack: code-server falls back to English for the whole
//      workbench, so vscode.env.language is 'en' and the extension is English too (package.nls.json,
//      l10n bundle, core messages). This session also takes the English screenshots.
//   2. `--locale zh-cn` with a stub language pack (languagepacks.json in the user data folder, a
//      translation file with no entries): the workbench resolves zh-cn (its own texts stay English,
//      the stub translates none), vscode.env.language is 'zh-cn', and our package.nls.zh-cn.json,
//      l10n/bundle.l10n.zh-cn.json and the core's zh-cn catalogue apply.
// Each session opens the DM003 example, the layout panel and the walkthrough, whose CI and
// fix steps complete. UPDATE_DOC_IMAGES=1 writes the screenshots to docs/images/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { VsCodeSession } from './helpers/vscode';
import { RESULTS, ROOT } from './helpers/paths';
import { EXAMPLE_FILES } from '../../src/extension/walkthrough/exampleFiles';

const SHOTS = process.env['UPDATE_DOC_IMAGES'] ? join(ROOT, 'docs/images') : RESULTS;
const DM003 = 'diagnostics/DM003_split_block.py';

/** A language pack VS Code's server accepts for zh-cn: languagepacks.json naming a translation file with no entries. */
function stubLanguagePack(state: string): void {
  const user = join(state, 'user');
  mkdirSync(user, { recursive: true });
  const translations = join(state, 'zh-cn-stub.i18n.json');
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  const pack = {
    hash: 'stub0001',
    label: '中文(简体) (stub)',
    extensions: [{ extensionIdentifier: { id: 'test.zh-cn-stub' }, version: '0.0.1' }],
    translations: { vscode: translations },
  };
  writeFileSync(join(user, 'languagepacks.json'), JSON.stringify({ 'zh-cn': pack }));
}

interface Words {
  readonly openLayout: string;
  readonly dm003: RegExp;
  readonly problemFilter: string;
  readonly preview: string;
  readonly legend: string;
  readonly layoutTab: string;
  readonly walkthrough: string;
  readonly ciStep: string;
  readonly ciButton: string;
  readonly fix: string;
  readonly createExamples: string;
  readonly inWorkspace: string;
}

const EN: Words = {
  openLayout: 'Device Map Studio: Open Layout',
  dm003: /layer 7 \(model\.layers\.7\) is split over cuda:0, cuda:1, so the first forward pass fails/,
  problemFilter: 'is split over',
  preview: 'Preview',
  legend: 'embeddings',
  layoutTab: 'Layout: DM003_split_block.py',
  walkthrough: 'Get Started with Device Map Studio',
  ciStep: 'Check device maps in CI',
  ciButton: 'Write the Workflow',
  fix: 'Put all of layer 7',
  createExamples: 'Device Map Studio: Create the Getting-Started Examples…',
  inWorkspace: 'In ws',
};

const ZH: Words = {
  openLayout: 'Device Map Studio: 打开布局面板',
  dm003: /被切分到 cuda:0, cuda:1，第一次前向传播会失败/,
  problemFilter: '被切分到',
  preview: '预览',
  legend: '嵌入层',
  layoutTab: '布局：DM003_split_block.py',
  walkthrough: 'Device Map Studio 入门',
  ciStep: '在 CI 中检查设备映射',
  ciButton: '写入工作流',
  fix: '整块放到',
  createExamples: 'Device Map Studio: 创建入门示例…',
  inWorkspace: '放在 ws 中',
};

function suite(name: string, words: Words, lang: 'en' | 'zh-cn', prepareState?: (state: string) => void): void {
  const vscode = new VsCodeSession({ name, locale: 'zh-cn', ...(prepareState ? { prepareState } : {}) });
  const shot = async (what: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await vscode.page.screenshot({ path: join(SHOTS, `vscode-${lang}-${what}.png`) });
  };
  const check = async (step: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (err) {
      await vscode.screenshot(`FAILED-${step}`).catch(() => undefined);
      throw err;
    }
  };

  const doneState = (step: string) => vscode.page.locator(`[data-done-step-id$="#${step}"]`).first().getAttribute('aria-checked');
  const waitDone = (step: string) =>
    vscode.page.waitForFunction(
      (id) => document.querySelector(`[data-done-step-id$="#${id}"]`)?.getAttribute('aria-checked') === 'true',
      step,
    );
  const openWalkthrough = async () => {
    await vscode.commandPick('Welcome: Open Walkthrough...', words.walkthrough);
    await vscode.page.locator('[data-done-step-id$="#ci"]').first().waitFor();
  };

  const label =
    lang === 'en' ? 'code-server --locale zh-cn without a language pack' : 'code-server --locale zh-cn with a stub language pack';
  describe(`${name}: ${label}`, { timeout: 300_000 }, () => {
    before(async () => {
      await vscode.start();
    });
    after(async () => {
      await vscode.stop();
    });

    test('the DM003 finding in the Problems panel', () =>
      check('problems', async () => {
        await vscode.openFile(DM003, 'device_map = {');
        // The Problems panel's rows, read from their ARIA labels (the row can be laid out off screen while attached).
        const panel = vscode.page.locator('.markers-panel');
        for (let i = 0; i < 4 && !(await panel.isVisible()); i++) {
          await vscode.page.keyboard.press('Control+Shift+M');
          await panel.waitFor({ timeout: 2000 }).catch(() => undefined);
        }
        const row = panel.locator('.monaco-list-row[aria-label*="DM003"], .monaco-list-row:has-text("DM003")').first();
        await row.waitFor({ state: 'attached' });
        await vscode.page.waitForFunction(
          (re) =>
            [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) =>
              new RegExp(re).test(r.getAttribute('aria-label') ?? ''),
            ),
          words.dm003.source,
        );
        await vscode.editor().locator('.squiggly-error').first().waitFor();
        await shot('problems');
      }));

    test('command titles in the palette', () =>
      check('palette', async () => {
        // The list is built when the palette opens: reopen until the extension's commands are in.
        const widget = vscode.page.locator('.quick-input-widget');
        const row = widget.locator('.monaco-list-row', { hasText: words.openLayout }).first();
        for (let i = 0; i < 10 && !(await row.isVisible()); i++) {
          if (await widget.isVisible()) await vscode.page.keyboard.press('Escape');
          await vscode.page.keyboard.press('F1');
          await widget.waitFor({ timeout: 3000 }).catch(() => undefined);
          await widget.locator('input').fill('>Device Map Studio');
          await row.waitFor({ timeout: 3000 }).catch(() => undefined);
        }
        await row.waitFor({ timeout: 1000 });
        await shot('palette');
        await vscode.page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden' });
      }));

    test('the walkthrough opens; its CI and fix steps complete', () =>
      check('walkthrough', async () => {
        const page = vscode.page;
        await openWalkthrough();
        // VS Code remembers a completion event from before the walkthrough was registered and never
        // counts it again in that session: nothing here runs a step's command before this point.
        for (const step of ['ci', 'fix', 'layout']) assert.equal(await doneState(step), 'false', step);
        await page.locator('.getting-started-step', { hasText: words.ciStep }).first().click();
        await page.getByRole('button', { name: words.ciButton }).first().click();
        const workflow = join(vscode.workspace, '.github/workflows/device-map.yml');
        for (let i = 0; i < 100 && !existsSync(workflow); i++) await new Promise((r) => setTimeout(r, 100));
        // The command opens the new file over the walkthrough: bring the walkthrough back to read its ticks.
        await vscode.tab('device-map.yml', '.active').waitFor();
        await openWalkthrough();
        await waitDone('ci');
        assert.ok(existsSync(workflow), workflow);
        const steps = parse(readFileSync(workflow, 'utf8')).jobs['device-map'].steps as { run?: string }[];
        assert.ok(
          steps.some((s) => s.run === 'npx device-map check . --gpus 8xrtx4090 --output-format github'),
          JSON.stringify(steps),
        );

        // The fix step: the DM003 quick fix, then undo (the map as it was, for the panel below).
        const original = readFileSync(join(vscode.workspace, DM003), 'utf8');
        await vscode.openFile(DM003, 'device_map = {');
        await vscode.goTo(vscode.locate(DM003, '"model.layers.7.self_attn.q_proj"', 1));
        await page.keyboard.press('Control+.');
        await page.locator('.action-widget .monaco-list-row', { hasText: words.fix }).first().waitFor();
        const focused = page.locator('.action-widget .monaco-list-row.focused');
        for (let i = 0; i < 8 && !(await focused.innerText().catch(() => '')).includes(words.fix); i++)
          await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await page.locator('.tabs-container .tab.active.dirty').first().waitFor();
        assert.notEqual(await vscode.editorText(DM003), original);
        await page.keyboard.press('Control+Z');
        assert.equal(await vscode.editorText(DM003), original);
        await openWalkthrough();
        await waitDone('fix');
      }));

    test('the layout panel; its walkthrough step completes', () =>
      check('panel', async () => {
        // Open since the walkthrough test: its tab, rather than Quick Open again.
        await vscode.tab('DM003_split_block.py').click();
        await vscode.tab('DM003_split_block.py', '.active').waitFor();
        await vscode.command(words.openLayout);
        await vscode.page.locator('.tabs-container .tab', { hasText: words.layoutTab }).waitFor();
        const view = vscode.webview();
        await view.locator('#tb-preview', { hasText: words.preview }).waitFor();
        await view.locator('.legend', { hasText: words.legend }).waitFor();
        await view.locator('g.cell').first().waitFor();
        await shot('panel');
        await openWalkthrough();
        await waitDone('layout');

        // The example step: the shipped examples copied into the workspace folder, the DM003 one opened.
        await vscode.commandPick(words.createExamples, words.inWorkspace);
        await vscode.tab('DM003_split_block.py', '.active').waitFor();
        const created = join(vscode.workspace, 'device-map-examples');
        for (const f of EXAMPLE_FILES) assert.ok(existsSync(join(created, f.to)), f.to);
        assert.equal(readFileSync(join(created, 'DM003_split_block.py'), 'utf8'), readFileSync(join(ROOT, 'examples', DM003), 'utf8'));
        await openWalkthrough();
        await waitDone('example');
        // The walkthrough alone in the window for its picture (the panel's was taken above).
        // The walkthrough takes the focus once it has rendered, which can close a palette opened just before.
        for (let attempt = 0; ; attempt++) {
          await vscode.page.waitForTimeout(1000);
          try {
            await vscode.command('View: Close Editors in Other Groups');
            break;
          } catch (err) {
            if (attempt >= 2) throw err;
            await vscode.page.keyboard.press('Escape');
          }
        }
        await vscode.hideBottomPanel();
        await vscode.page.locator('.getting-started-step', { hasText: words.ciStep }).first().click();
        await vscode.page.waitForTimeout(1500); // the step's markdown media renders in its own webview
        await shot('walkthrough');
      }));
  });
}

// Short session names: Chromium's singleton socket lives under the session's folder, and a Unix
// socket path may not exceed 107 bytes (CI clones into /tmp/dms-ci.XXXXXX/repo).
suite('zh-none', EN, 'en');
suite('zh-stub', ZH, 'zh-cn', stubLanguagePack);
