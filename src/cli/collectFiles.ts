/**
 * Turns `check`'s arguments (files, folders, globs) into the files to check.
 * Folders are walked for the languages `languageOfPath` knows, skipping
 * `.git`, `node_modules`, virtual environments and caches; every file is then
 * held against the `exclude` globs of the configuration that applies to it.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { globToRegExp, languageOfFileName } from '../core/index';
import { UsageError } from './args';
import { walkFiles } from '../node/walkTree';

/** The "language" of a Jupyter notebook: its code cells are read as one Python program (src/cli/checkable.ts). */
export const NOTEBOOK = 'jupyter-notebook';

/** What `check` says it reads, in skip and usage messages. */
export const CHECKED_KINDS = '.py, .json, .jsonc, .ipynb, .sh and .yaml/.yml';

/** The language a path is checked as, or undefined when `check` does not read that kind of file. */
export function languageOfPath(path: string): string | undefined {
  return /\.ipynb$/i.test(path) ? NOTEBOOK : languageOfFileName(path);
}

function walk(dir: string, out: string[]): void {
  walkFiles(dir, (name) => languageOfPath(name) !== undefined, out);
}

const hasGlob = (s: string): boolean => /[*?[]/.test(s);

/** The fixed folder a glob starts from (`src/**\/*.py` → `src`). */
function globBase(glob: string): string {
  const parts = glob.split(/[/\\]/);
  const fixed: string[] = [];
  for (const p of parts) {
    if (hasGlob(p)) break;
    fixed.push(p);
  }
  return fixed.join('/') || '.';
}

/** Absolute paths of the files to check, in a stable order, each once. */
export function collectFiles(inputs: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const full = resolve(cwd, input);
    if (hasGlob(input) && !existsSync(full)) {
      const base = resolve(cwd, globBase(input));
      const re = globToRegExp(relative(cwd, resolve(cwd, input)).split(sep).join('/'));
      const found: string[] = [];
      walk(base, found);
      out.push(...found.filter((f) => re.test(relative(cwd, f).split(sep).join('/'))));
      continue;
    }
    let st;
    try {
      st = statSync(full);
    } catch (e) {
      throw new UsageError(`cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (st.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return [...new Set(out)];
}
