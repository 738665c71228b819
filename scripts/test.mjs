// `npm test`: formatting check, typecheck, build, then every test (unit, webview in Chromium, VS Code end to end)
// in one run of node's test runner, so there is one summary and one exit code.
//   --unit      only the pure unit tests (fast inner loop)
//   --no-e2e    everything but the real-VS-Code tests
//   FILTER=...  passed to --test-name-pattern
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.includes('--unit')
  ? ['unit']
  : args.includes('--no-e2e')
    ? ['unit', 'node', 'cli', 'webview']
    : ['unit', 'node', 'cli', 'webview', 'e2e'];

function run(cmd, cmdArgs, extra = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', ...extra });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.test\.(ts|mjs)$/.test(n) ? [p] : [];
  });
}

// Formatting first: Prettier (.prettierrc.json) was applied once to the whole tree and stays applied.
run('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
run('npx', ['tsc', '-p', 'tsconfig.core.json', '--noEmit']);
run('node', ['esbuild.mjs']);
if (only.includes('webview') || only.includes('e2e')) run('bash', ['scripts/setup-e2e.sh']);

const testFiles = only.flatMap((d) => files(join('test', d))).sort();
const nodeArgs = [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-reporter=./scripts/summary-reporter.mjs',
  '--test-reporter-destination=stdout',
  '--test-reporter-destination=stdout',
];
if (process.env.FILTER) nodeArgs.push(`--test-name-pattern=${process.env.FILTER}`);
run('node', [...nodeArgs, ...testFiles]);
