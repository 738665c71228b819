/**
 * What a setup's `from_pretrained` gets for the model the user named: a Hub id as given;
 * a local folder relative to where the files go (`./models/llama`), so the setup moves
 * with its folder. `device-map init` and VS Code's New Setup both write it this way.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export function setupModelId(spec: string, cwd: string, outDir: string): string {
  const local = resolve(cwd, spec);
  if (!existsSync(local)) return spec;
  const rel = relative(outDir, local).split(sep).join('/');
  return isAbsolute(rel) ? local : rel.startsWith('.') ? rel : `./${rel}`;
}
