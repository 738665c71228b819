// `node scripts/e2e-soak.mjs [--runs 5] [--no-load] [files...]`: runs the whole end-to-end suite
// (test/e2e and test/webview: real VS Code in code-server, the panel in Chromium) N times in a
// row while a parallel build loads the machine (tsc and esbuild in a loop, writing only to a
// temporary folder, never to dist/ which the suite runs). A flaky test shows up here, not in CI.
// Prints one line per run and a closing "N runs: N green, N red"; exits 1 if any run failed.
// Logs: test-results/soak/run-<n>.log. Heavy: on a shared machine run it under the lock
// (`flock /tmp/dms-heavy.lock node scripts/e2e-soak.mjs`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at >= 0 ? Number(args[at + 1]) : 5;
const load = !args.includes('--no-load');
const named = args.filter((a, i) => !a.startsWith('--') && i !== at + 1);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a whole number >= 1, got ${args[at + 1]}`);

function testFiles(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? testFiles(p) : /\.test\.(ts|mjs)$/.test(n) ? [p] : [];
  });
}
const files = named.length > 0 ? named : ['test/e2e', 'test/webview'].flatMap((d) => testFiles(join(ROOT, d))).sort();

function must(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
must('node', ['esbuild.mjs']);
must('bash', ['scripts/setup-e2e.sh']);

/** A parallel build in a loop, in its own process group so it can be stopped as a whole. */
function startLoad() {
  const out = mkdtempSync(join(tmpdir(), 'dms-soak-build-'));
  const loop = `while :; do npx tsc -p tsconfig.json --noEmit >/dev/null 2>&1; npx esbuild src/extension/main.ts src/cli/main.ts --bundle --platform=node --external:vscode --outdir="${out}" --log-level=error >/dev/null 2>&1; done`;
  const child = spawn('bash', ['-c', loop], { cwd: ROOT, detached: true, stdio: 'ignore' });
  return () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    rmSync(out, { recursive: true, force: true });
  };
}

const logs = join(ROOT, 'test-results', 'soak');
mkdirSync(logs, { recursive: true });
const stopLoad = load ? startLoad() : () => undefined;
process.on('exit', stopLoad);
process.on('SIGINT', () => process.exit(130));

/** The spec reporter's closing count (`ℹ pass 61`), NaN when the run died before printing it. */
const counts = (text, word) => Number(text.match(new RegExp(`^ℹ ${word} (\\d+)$`, 'm'))?.[1] ?? NaN);
let red = 0;
console.log(`soak: ${runs} run(s) of ${files.length} test files${load ? ', with a parallel build loading the machine' : ''}`);
for (let i = 1; i <= runs; i++) {
  const t0 = Date.now();
  const r = spawnSync('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = `${r.stdout}\n${r.stderr}`;
  writeFileSync(join(logs, `run-${i}.log`), text);
  const pass = counts(text, 'pass');
  const fail = counts(text, 'fail');
  const ok = r.status === 0 && fail === 0 && pass > 0;
  if (!ok) red++;
  const failed = ok
    ? ''
    : ` — failed: ${[...text.matchAll(/^✖ (.+?) \(\d/gm)]
        .map((m) => m[1])
        .filter((n, j, a) => a.indexOf(n) === j)
        .slice(0, 5)
        .join('; ')}`;
  console.log(`run ${i}/${runs}: ${pass} passed, ${fail} failed, exit ${r.status} (${Math.round((Date.now() - t0) / 1000)} s)${failed}`);
}
stopLoad();
console.log(`${runs} runs: ${runs - red} green, ${red} red (logs in test-results/soak/)`);
process.exit(red > 0 ? 1 : 0);
