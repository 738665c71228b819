/**
 * Walking a project folder the way `device-map check DIR` does: sorted, skipping version control,
 * `node_modules`, virtual environments and caches. Shared by the files `check` reads and the launch
 * files it reads beside them (launch/projectLaunches.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Folders never walked into (a named file inside one is still checked). */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.ipynb_checkpoints',
]);

function isVirtualEnv(dir: string): boolean {
  return existsSync(resolve(dir, 'pyvenv.cfg'));
}

/** Files under `dir` (absolute paths, sorted per folder) whose name `accept` takes; at most `limit` of them. */
export function walkFiles(dir: string, accept: (name: string, full: string) => boolean, out: string[] = [], limit = Infinity): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (out.length >= limit) break;
    const full = resolve(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name) && !isVirtualEnv(full)) walkFiles(full, accept, out, limit);
    } else if (e.isFile() && accept(e.name, full)) out.push(full);
  }
  return out;
}
