/**
 * Finds the config file for a checked path: walking up from its folder, the
 * nearest folder with `.device-map-studio.toml`, `device-map-studio.toml` or a
 * `pyproject.toml` holding `[tool.device-map-studio]` wins. Parsed files are
 * cached by path and mtime, so a language server re-reads only what changed.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CONFIG_FILE_NAMES, parseStudioConfig, type FileConfig } from '../../core/index';

const cache = new Map<string, { mtimeMs: number; size: number; config: FileConfig | undefined }>();

function statOf(path: string): { mtimeMs: number; size: number; file: boolean } | undefined {
  try {
    const s = statSync(path);
    return { mtimeMs: s.mtimeMs, size: s.size, file: s.isFile() };
  } catch {
    return undefined;
  }
}

/** Parses one config file (`pyproject.toml` reads only its table). Undefined: a pyproject without our table. */
export function loadConfigFile(path: string): FileConfig | undefined {
  const full = resolve(path);
  const st = statOf(full);
  if (!st?.file)
    return {
      path: full,
      dir: dirname(full),
      settings: {},
      problems: [{ path: full, line: 0, key: '', message: 'cannot read the config file; using the defaults' }],
    };
  const hit = cache.get(full);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.config;
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    return {
      path: full,
      dir: dirname(full),
      settings: {},
      problems: [{ path: full, line: 0, key: '', message: `cannot read (${(e as NodeJS.ErrnoException).code ?? e}); using the defaults` }],
    };
  }
  const config = parseStudioConfig(text, full, basename(full) === 'pyproject.toml' ? 'pyproject' : 'standalone');
  cache.set(full, { mtimeMs: st.mtimeMs, size: st.size, config });
  return config;
}

/** The nearest config for `path` (a file or a folder), or undefined when none up to the root. */
export function findConfigFor(path: string): FileConfig | undefined {
  const start = resolve(path);
  let dir = statOf(start)?.file === false ? start : dirname(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = resolve(dir, name);
      if (!statOf(candidate)?.file) continue;
      const config = loadConfigFile(candidate);
      if (config) return config;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
