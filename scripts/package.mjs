// `npm run package`: minified bundles, then a lean .vsix via @vscode/vsce (files chosen by
// .vscodeignore; bundled code, so no node_modules). Prints the file list and size.
//   --out FILE   where to write the .vsix (default: device-map-studio-<version>.vsix)
//   --no-build   package dist/ as it is (tests: no rebuild while other tests read dist/)
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const out = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ROOT, `${manifest.name}-${manifest.version}.vsix`));
const LIMIT = 1.5 * 2 ** 20;

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!args.includes('--no-build'))
  run('node', ['esbuild.mjs', 'extension', 'finderWorker', 'web', 'webFinderWorker', 'webview', '--production']);
run('npx', ['vsce', 'package', '--no-dependencies', '--out', out]);
const size = statSync(out).size;
console.log(`${out}: ${(size / 2 ** 20).toFixed(2)} MiB`);
if (size > LIMIT) {
  console.error(`the .vsix is over the ${LIMIT / 2 ** 20} MiB budget`);
  process.exit(1);
}
