/** `npm run docs`: writes docs/diagnostics/ and the README's code tables from the rule units. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderPages, withReadmeBlock } from './lib/diagnosticDocs';

const root = resolve(import.meta.dirname, '..');
const pages = renderPages();
mkdirSync(join(root, 'docs/diagnostics'), { recursive: true });
// Pages of codes that no longer exist go too, so the folder is exactly what the units say.
for (const name of readdirSync(join(root, 'docs/diagnostics'))) {
  if (!pages.has(`docs/diagnostics/${name}`)) rmSync(join(root, 'docs/diagnostics', name));
}
for (const [path, text] of pages) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
const readme = join(root, 'README.md');
writeFileSync(readme, withReadmeBlock(readFileSync(readme, 'utf8')));
console.log(`wrote ${pages.size} pages under docs/diagnostics and the README's code tables`);
