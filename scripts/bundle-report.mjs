// `node scripts/bundle-report.mjs [dist/extension.meta.json] [--top N]`: what a bundle is made of,
// by package (node_modules) or source folder, from the metafile `node esbuild.mjs --production --metafile` writes.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => a.endsWith('.json')) ?? 'dist/extension.meta.json';
const top = Number(args[args.indexOf('--top') + 1]) || 25;
const meta = JSON.parse(readFileSync(file, 'utf8'));

/** `node_modules/@scope/pkg` or `node_modules/pkg`, else the first three path parts (`src/core/models`). */
function group(input) {
  const parts = input.split('/');
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) return parts.slice(nm, nm + (parts[nm + 1].startsWith('@') ? 3 : 2)).join('/');
  return parts.slice(0, 3).join('/');
}

for (const [out, o] of Object.entries(meta.outputs)) {
  if (out.endsWith('.map')) continue;
  const by = new Map();
  for (const [input, v] of Object.entries(o.inputs)) by.set(group(input), (by.get(group(input)) ?? 0) + v.bytesInOutput);
  console.log(`${out}: ${o.bytes} bytes (${(o.bytes / 1024).toFixed(1)} KiB)`);
  for (const [g, b] of [...by].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(b / 1024).toFixed(1).padStart(8)} KiB  ${g}`);
}
