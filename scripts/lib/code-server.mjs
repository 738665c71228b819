// Runs a real VS Code (code-server 4.100.3, installed by scripts/setup-e2e.sh) with this
// extension in a fresh, isolated state folder. Shared by `npm start` and the e2e tests.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER = join(ROOT, '.cache/vscode/cs/node_modules/.bin/code-server');
export const CHROMIUM = '/usr/lib/chromium/chromium';

/** Settings that keep the workbench quiet and deterministic (no tours, updates, telemetry, trust prompt). */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'workbench.colorTheme': 'Default Dark Modern',
};

/** What the .vsix ships, so tests run the extension exactly as users get it. */
export const SHIPPED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'dist/extension.js',
  // The engine the activation bundle loads on first use (scripts/lib/lazyEngine.mjs).
  'dist/engine.js',
  'dist/finder-worker.js',
  'dist/web/extension.js',
  'dist/web/finder-worker.js',
  'dist/webview.js',
  'media',
  'syntaxes',
  'schemas',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'l10n',
  // The getting-started examples the walkthrough copies (src/extension/walkthrough/exampleFiles.ts).
  'examples/walkthrough',
  'examples/diagnostics/DM003_split_block.py',
  'examples/qlora_llama2_13b_2x24gb.py',
  'examples/models/llama-2-7b',
  'examples/models/llama-2-13b',
];

export function manifest() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}

/** `<publisher>.<name>-<version>`: the folder name VS Code expects under the extensions dir. */
export function extensionFolderName() {
  const m = manifest();
  return `${m.publisher}.${m.name}-${m.version}`;
}

export async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * A fresh state folder: home, extensions, user data (with `settings`), tmp.
 * `install`: 'link' symlinks the repository (npm start: rebuilds show after a window reload),
 * 'copy' copies only the shipped files (tests: what users get).
 */
export function prepareState(state, { settings = {}, install = 'copy' } = {}) {
  rmSync(state, { recursive: true, force: true });
  for (const d of ['home', 'ext', 'user/User', 'tmp', 'chrome']) mkdirSync(join(state, d), { recursive: true });
  writeFileSync(join(state, 'config.yaml'), '');
  writeFileSync(join(state, 'user/User/settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const target = join(state, 'ext', extensionFolderName());
  if (install === 'link') {
    symlinkSync(ROOT, target);
  } else {
    for (const f of SHIPPED) if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(target, f), { recursive: true });
  }
  return target;
}

export function stateEnv(state) {
  return {
    ...process.env,
    HOME: join(state, 'home'),
    XDG_CONFIG_HOME: join(state, 'home/.config'),
    XDG_DATA_HOME: join(state, 'home/.local/share'),
    XDG_CACHE_HOME: join(state, 'home/.cache'),
    TMPDIR: join(state, 'tmp'),
  };
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and waits for /healthz.
 * `trust: true` keeps workspace trust on (untrusted folders open in Restricted Mode);
 * `env` adds environment variables (e.g. HF_ENDPOINT) for the server and its extension host.
 * `locale` (e.g. 'zh-cn') is passed as `--locale`: without a language pack for it VS Code stays English
 * (see README "Chinese (zh-cn)"); test/e2e/zhCn.test.ts adds a stub pack to the state folder.
 * Returns `{ url, port, pid, log, stop }`; `stop()` ends the whole group (server,
 * extension host, watchers), politely first.
 */
export async function startCodeServer({ state, workspace, port, output = 'file', trust = false, env = {}, locale }) {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed at ${CODE_SERVER}: run bash scripts/setup-e2e.sh`);
  port ??= await freePort();
  const log = join(state, 'code-server.log');
  const fd = output === 'file' ? openSync(log, 'w') : 'inherit';
  const child = spawn(
    CODE_SERVER,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      // Workspace trust is off unless a test asks for it (to check Restricted Mode).
      ...(trust ? [] : ['--disable-workspace-trust']),
      ...(locale ? ['--locale', locale] : []),
      '--extensions-dir',
      join(state, 'ext'),
      '--user-data-dir',
      join(state, 'user'),
      '--config',
      join(state, 'config.yaml'),
      workspace,
    ],
    { env: { ...stateEnv(state), ...env }, stdio: ['ignore', fd, fd], detached: true },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // The group leader's pid, for tools and tests that check the server is gone.
  writeFileSync(join(state, 'code-server.pid'), String(child.pid));

  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        process.kill(-child.pid, 0);
      } catch {
        return;
      }
    }
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };

  for (let i = 0; ; i++) {
    if (exited) throw new Error(`code-server exited early; see ${log}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 600) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s; see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  return { url, port, pid: child.pid, log, stop, child };
}
