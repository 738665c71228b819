// `npm run bench [-- --json] [-- --tiny] [-- NAME...]`: builds the minified bundles, sets up Chromium
// and code-server when a browser case runs (scripts/setup-e2e.sh), runs every bench/*.bench.ts
// (or those whose name contains a NAME), prints a table of the budgeted cases (median, p90, runs,
// budget, holds?) and, with --json, ends with one JSON line: every budget key, a number or null.
// --tiny: a few runs per case (the JSON shape test); a budget table from it means nothing.
// --no-build: measure dist/ as it is (the shape test: no rebuild while other tests read dist/).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGETS, KIB } from './lib/benchBudgets.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const tiny = args.includes('--tiny');
const only = args.filter((a) => !a.startsWith('--'));
const all = readdirSync(join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const files = all.filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
const BROWSER = new Set(['panel.bench.ts', 'activation.bench.ts']);

function run(cmd, cmdArgs, env = {}) {
  return spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

// The sizes users download: the minified build, as scripts/package.mjs makes it.
// `extension` also builds dist/engine.js, the engine the activation bundle loads on first use.
if (!args.includes('--no-build') && run('node', ['esbuild.mjs', 'extension', 'finderWorker', 'webview', 'cli', '--production']) !== 0)
  process.exit(1);
const sizeOf = (...paths) =>
  paths.every((p) => existsSync(join(ROOT, p))) ? paths.reduce((n, p) => n + statSync(join(ROOT, p)).size, 0) : undefined;
const sizes = {
  // The activation bundle: what VS Code loads to activate us (docs/performance.md).
  extension_bundle_bytes: sizeOf('dist/extension.js'),
  webview_bundle_bytes: sizeOf('dist/webview.js', 'media/panel.css'),
};
// Every extension-host bundle, so nothing moved out of the activation bundle is hidden: the engine
// (loaded on first use) and the analysis worker (its own thread). Reported, not budgeted.
const HOST_BUNDLES = ['dist/extension.js', 'dist/engine.js', 'dist/finder-worker.js'];
const hostBundles = Object.fromEntries(HOST_BUNDLES.map((p) => [p, sizeOf(p) ?? null]));
if (files.some((f) => BROWSER.has(f)) && run('bash', ['scripts/setup-e2e.sh']) !== 0) process.exit(1);

const dir = mkdtempSync(join(tmpdir(), 'dms-bench-'));
const results = join(dir, 'results.jsonl');
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f}`);
  if (run('node', ['--import', 'tsx', `bench/${f}`], { BENCH_RESULTS: results, ...(tiny ? { BENCH_TINY: '1' } : {}) }) !== 0) {
    failed++;
    console.error(`${f} failed`);
  }
}
const recorded = new Map();
if (existsSync(results))
  for (const line of readFileSync(results, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    recorded.set(r.key, r);
  }
rmSync(dir, { recursive: true, force: true });

const fmt = (v, unit) => (v === null || v === undefined ? '—' : unit === 'bytes' ? `${(v / KIB).toFixed(1)} KiB` : `${v.toFixed(2)} ms`);
const rows = BUDGETS.map((b) => {
  const r =
    b.unit === 'bytes'
      ? sizes[b.key] === undefined
        ? { median: null, runs: 0, reason: 'not built' }
        : { median: sizes[b.key], p90: null, runs: 1 }
      : recorded.get(b.key);
  const value = r?.median ?? null;
  const why = r?.reason ?? (r ? '' : files.some((f) => f.startsWith(b.source)) ? 'the bench did not report it' : 'not run');
  const holds = value === null ? '—' : value <= b.budget ? 'yes' : 'NO';
  return {
    b,
    value,
    cells: [b.key, fmt(value, b.unit), fmt(r?.p90 ?? null, b.unit), String(r?.runs ?? 0), fmt(b.budget, b.unit), holds, why],
  };
});
const head = ['case', 'median', 'p90', 'runs', 'budget', 'holds?', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i].length)));
const line = (cells) =>
  cells
    .map((c, i) => c.padEnd(widths[i]))
    .join('  ')
    .trimEnd();
console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const r of rows) console.log(line(r.cells));
console.log(`extension-host bundles (not budgeted): ${HOST_BUNDLES.map((p) => `${p} ${fmt(hostBundles[p], 'bytes')}`).join(', ')}`);
if (tiny) console.log('(--tiny: a few runs per case, not a measurement)');
if (json) {
  const out = Object.fromEntries(rows.map((r) => [r.b.key, r.value === null ? null : Math.round(r.value * 1000) / 1000]));
  // Why a key is null, so a tracker can tell "not run" from "not built yet".
  out.null_reasons = Object.fromEntries(rows.filter((r) => r.value === null).map((r) => [r.b.key, r.cells[6]]));
  out.budgets = Object.fromEntries(BUDGETS.map((b) => [b.key, b.budget]));
  out.host_bundle_bytes = hostBundles;
  out.tiny = tiny;
  console.log(JSON.stringify(out));
}
process.exit(failed ? 1 : 0);
