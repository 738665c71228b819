/**
 * The accelerate config file a launch uses: `--config_file X` (relative to where the launch script
 * runs), else accelerate's default, `$HF_HOME/accelerate/default_config.yaml` (`HF_HOME` defaults to
 * `$XDG_CACHE_HOME/huggingface`, `~/.cache/huggingface`), as accelerate 1.15's config_args.py finds it.
 * The default lies outside the project: read only where the face allows it (the CLI and the language
 * server; VS Code reads inside the workspace only, and nothing in Restricted Mode).
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { ACCELERATE_DEFAULT_CONFIG, readAccelerateConfig, type AccelerateConfig } from '../../core/index';

/** Config files larger than this are not accelerate configs. */
const MAX_CONFIG_BYTES = 256 * 1024;

export interface ReadScope {
  /** Files outside this folder are not read (VS Code: the workspace folder). Absent: any file. */
  readonly within?: string;
  /** Where `$HF_HOME` / `$XDG_CACHE_HOME` come from (the process's environment by default). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly home?: string;
}

export function inScope(path: string, scope: ReadScope): boolean {
  if (scope.within === undefined) return true;
  const rel = relative(resolve(scope.within), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** accelerate's default config file for this environment. */
export function defaultAccelerateConfigPath(scope: ReadScope): string {
  const env = scope.env ?? process.env;
  const home = scope.home ?? homedir();
  const expand = (p: string) => (p === '~' || p.startsWith('~/') ? join(home, p.slice(1)) : p);
  const hfHome = env['HF_HOME'] ?? join(env['XDG_CACHE_HOME'] ?? join(home, '.cache'), 'huggingface');
  return join(expand(hfHome), 'accelerate', ACCELERATE_DEFAULT_CONFIG);
}

export interface FoundConfig extends AccelerateConfig {
  /** The file read, for messages (`fsdp.yaml`, `~/.cache/huggingface/accelerate/default_config.yaml`). */
  readonly shown: string;
}

function readConfig(path: string, shown: string, scope: ReadScope): FoundConfig | undefined {
  if (!inScope(path, scope)) return undefined;
  try {
    if (statSync(path).size > MAX_CONFIG_BYTES) return undefined;
    return { ...readAccelerateConfig(readFileSync(path, 'utf8')), shown };
  } catch {
    return undefined;
  }
}

/** The config an `accelerate launch` line uses: the one it names (relative to `dirs`, in order), else the default. */
export function accelerateConfigFor(configFile: string | undefined, dirs: readonly string[], scope: ReadScope): FoundConfig | undefined {
  if (configFile !== undefined) {
    for (const d of dirs) {
      const found = readConfig(resolve(d, configFile), configFile, scope);
      if (found) return found;
    }
    return undefined;
  }
  const path = defaultAccelerateConfigPath(scope);
  const home = scope.home ?? homedir();
  const shown = path.startsWith(`${home}/`) ? `~/${relative(home, path)}` : path;
  return readConfig(path, shown, scope);
}
