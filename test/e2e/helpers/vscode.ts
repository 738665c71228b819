/**
 * One real VS Code (code-server 4.100.3) with the built extension, driven by
 * playwright-core + Debian chromium. A test file starts one session, runs several
 * checks against it, and stops it (the whole process group) at the end.
 */
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: plain ESM helper shared with `npm start`, no type declarations
import { prepareState, startCodeServer, stateEnv } from '../../../scripts/lib/code-server.mjs';
import { CHROMIUM, RESULTS, ROOT } from './paths';

export interface SessionOptions {
  /** Name for the state folder and screenshots. */
  readonly name: string;
  /** Folder copied as the workspace (default: examples/). */
  readonly workspace?: string;
  /** Extra user settings. */
  readonly settings?: Record<string, unknown>;
  /** Keep workspace trust on: the folder opens in Restricted Mode. */
  readonly trust?: boolean;
  /** Extra environment for code-server and the extension host. */
  readonly env?: Record<string, string>;
  /** Called with the workspace folder after it is copied, before VS Code starts (generated files). */
  readonly prepare?: (workspace: string) => void;
  /** `--locale` for code-server (e.g. 'zh-cn'). */
  readonly locale?: string;
  /** Called with the state folder (user data in `user/`) before VS Code starts (a language pack's languagepacks.json). */
  readonly prepareState?: (state: string) => void;
}

/** Test-friendly editor settings: completion only when asked, no auto-closing surprises while typing. */
const TEST_SETTINGS = {
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'workbench.editor.enablePreview': false,
  'files.autoSave': 'off',
};

export class VsCodeSession {
  readonly state: string;
  readonly workspace: string;
  page!: Page;
  private browser?: BrowserContext;
  private server?: { url: string; stop(): Promise<void>; log: string };
  readonly pageErrors: string[] = [];

  constructor(private readonly opts: SessionOptions) {
    this.state = join(ROOT, '.cache/e2e', opts.name);
    this.workspace = join(this.state, 'ws');
  }

  async start(): Promise<void> {
    if (!existsSync(join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run node esbuild.mjs first');
    prepareState(this.state, { settings: { ...TEST_SETTINGS, ...this.opts.settings }, install: 'copy' });
    cpSync(this.opts.workspace ?? join(ROOT, 'examples'), this.workspace, { recursive: true });
    this.opts.prepare?.(this.workspace);
    this.opts.prepareState?.(this.state);
    mkdirSync(RESULTS, { recursive: true });
    const server = await startCodeServer({
      state: this.state,
      workspace: this.workspace,
      trust: this.opts.trust ?? false,
      env: this.opts.env ?? {},
      ...(this.opts.locale ? { locale: this.opts.locale } : {}),
    });
    this.server = server;
    this.browser = await chromium.launchPersistentContext(join(this.state, 'chrome'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
      env: stateEnv(this.state),
      viewport: { width: 1500, height: 950 },
    });
    this.page = this.browser.pages()[0] ?? (await this.browser.newPage());
    this.page.setDefaultTimeout(30_000);
    this.page.on('pageerror', (e) => this.pageErrors.push(String(e)));
    await this.page.goto(server.url);
    await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  async stop(): Promise<void> {
    try {
      await this.browser?.close();
    } catch {
      /* the browser may already be gone */
    }
    await this.server?.stop();
  }

  /** Everything the extension host logged so far (activation events, our errors). */
  extHostLog(): string {
    const logs = join(this.state, 'user/logs');
    if (!existsSync(logs)) return '';
    let text = '';
    for (const run of readdirSync(logs)) {
      const dir = join(logs, run, 'exthost1');
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) if (f.endsWith('.log')) text += readFileSync(join(dir, f), 'utf8');
    }
    return text;
  }

  async screenshot(name: string): Promise<string> {
    const path = join(RESULTS, `${this.opts.name}-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Opens a quick input (Ctrl+P for files, F1 for commands), types, picks the row. Retries early keypresses. */
  async quickInput(openKey: string, text: string, rowText: string, opensInput = false): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    // Click the row itself: Enter would take whichever row has focus, which may be a stale one.
    const row = widget.locator('.monaco-list-row', { hasText: rowText }).first();
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.page.keyboard.press(openKey);
      try {
        await widget.waitFor({ state: 'visible', timeout: 3000 });
        // An editor that takes the focus once it renders (the walkthrough does) closes a palette
        // opened just before it, at any point up to the click: then the palette is opened again.
        await widget.locator('input').fill(text, { timeout: 3000 });
        await row.click({ timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt === 4) throw err;
      }
    }
    if (opensInput) {
      // The command opens its own quick pick in the same widget: wait until our text is gone from it.
      await this.page.waitForFunction(
        (t) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value !== t,
        text,
      );
    } else {
      await widget.waitFor({ state: 'hidden' });
    }
  }

  /** In an open quick pick, clicks the row holding `rowText`. */
  async quickInputPick(rowText: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const row = widget.locator('.monaco-list-row', { hasText: rowText }).first();
    await row.waitFor();
    await row.click();
  }

  /**
   * Runs a palette command that asks in a quick pick of its own, and picks `rowText` there. An
   * editor that takes the focus once it renders (the walkthrough does) closes that pick if it
   * opened first; the row then stays in the DOM, hidden. A pick closed unanswered does nothing,
   * so the command is run again.
   */
  async commandPick(title: string, rowText: string): Promise<void> {
    const row = this.page.locator('.quick-input-widget').locator('.monaco-list-row', { hasText: rowText }).first();
    for (let attempt = 0; ; attempt++) {
      await this.command(title, true);
      try {
        await row.click({ timeout: 5000 });
        return;
      } catch (err) {
        if (attempt >= 2) throw err;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** In an open input box, replaces the value and presses Enter. */
  async quickInputType(value: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor();
    await widget.locator('input').fill(value);
    await this.page.keyboard.press('Enter');
  }

  /** Runs a palette command; `opensInput` when the command asks something in a quick pick of its own. */
  async command(title: string, opensInput = false): Promise<void> {
    await this.quickInput('F1', `>${title}`, title, opensInput);
  }

  /** Opens a workspace file by its path relative to the workspace, and waits for its text. */
  async openFile(relPath: string, waitForText: string): Promise<Locator> {
    const base = relPath.split('/').pop()!;
    await this.quickInput('Control+P', relPath, base);
    await this.tab(base, '.active').waitFor();
    const editor = this.editor();
    await editor.locator('.view-line', { hasText: waitForText }).first().waitFor();
    return editor;
  }

  /** The editor tab whose label is exactly `label` (not the "Layout: <file>" panel tab), with extra CSS state. */
  tab(label: string, state = ''): Locator {
    const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return this.page
      .locator(`.tabs-container .tab${state}`)
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) })
      .first();
  }

  editor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /**
   * Problem rows (not file rows) of the Problems panel, opened if needed, filtered by `expectText`
   * with the panel's own filter box (the list is virtualised: rows far down are not in the DOM).
   */
  async problemRows(expectText: string): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    // Ctrl+Shift+M toggles: press only while the panel is hidden, and check that it stuck.
    for (let attempt = 0; attempt < 4 && !(await panel.isVisible()); attempt++) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ timeout: 2000 }).catch(() => undefined);
    }
    await panel.waitFor();
    const filter = this.page.getByPlaceholder(/^Filter \(e\.g\./).first();
    await filter.fill(expectText);
    try {
      // Marker rows carry a severity icon; file rows (the file name with a count) do not.
      const markers = panel.locator('.monaco-list-row:has(.marker-icon)');
      await markers.filter({ hasText: expectText }).first().waitFor();
      const rows = await markers.allInnerTexts();
      return rows.map((r) => r.replace(/\s+/g, ' ').trim());
    } finally {
      await filter.fill('');
      // Give the keyboard back to the editor (undo, typing) rather than the filter box.
      await this.page.locator('.editor-group-container.active .tabs-container .tab.active').first().click();
    }
  }

  /** Line and column (1-based) of the first occurrence of `text` in a workspace file as saved on disk. */
  locate(relPath: string, text: string, offset = 0): { line: number; column: number } {
    const content = readFileSync(join(this.workspace, relPath), 'utf8');
    const at = content.indexOf(text);
    if (at < 0) throw new Error(`"${text}" is not in ${relPath}`);
    const before = content.slice(0, at + offset);
    const line = before.split('\n').length;
    return { line, column: before.length - before.lastIndexOf('\n') };
  }

  /** Moves the cursor with Go to Line (Ctrl+G), which is exact and independent of scrolling. */
  async goTo(pos: { line: number; column: number }): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.page.keyboard.press('Control+G');
      try {
        await widget.waitFor({ state: 'visible', timeout: 3000 });
        break;
      } catch {
        /* retry */
      }
    }
    await widget.locator('input').fill(`:${pos.line}:${pos.column}`);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await this.page.locator('.statusbar-item', { hasText: `Ln ${pos.line}, Col ${pos.column}` }).waitFor();
  }

  /** The text of the active editor's model, read through the workbench (not the DOM, which only holds visible lines). */
  async editorText(relPath: string): Promise<string> {
    // Save, then read the file: exact, and independent of virtualised rendering.
    const base = relPath.split('/').pop()!;
    await this.tab(base).click();
    await this.tab(base, '.active').waitFor();
    await this.page.keyboard.press('Control+S');
    await this.tab(base, ':not(.dirty)').waitFor();
    return readFileSync(join(this.workspace, relPath), 'utf8');
  }

  /** Hides the bottom panel (Problems, Output...) to give editors the whole height. */
  async hideBottomPanel(): Promise<void> {
    const panel = this.page.locator('.part.panel.bottom');
    if (!(await panel.isVisible())) return;
    await this.page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden' });
  }

  /** The webview panel's inner document (the extension's HTML). */
  webview(): FrameLocator {
    // Ours only: a notebook's output renderer is a webview too (with no extension id).
    return this.page.frameLocator('iframe.webview.ready[src*="extensionId=device-map-studio"]').frameLocator('#active-frame');
  }
}
