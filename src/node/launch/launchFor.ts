/**
 * How a Python file is launched, for the CLI, the language server and VS Code: the `processes`
 * setting (config key, `--processes`) wins; else a shell script in the file's folder or the
 * folder above that starts it (torchrun, accelerate launch, deepspeed...), with accelerate's
 * config file for what an `accelerate launch` line leaves out; else a `.vscode/launch.json`
 * debug configuration (in the file's folder or one above it) that starts it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { launchesIn, launchesInLaunchJson, type Launch, type LaunchContext } from '../../core/index';
import { accelerateConfigFor, inScope, type ReadScope } from './accelerateConfigFile';

export type { ReadScope } from './accelerateConfigFile';

/** Shell scripts and launch.json files larger than this are not launch files worth reading. */
export const MAX_SCRIPT_BYTES = 256 * 1024;
/** Folders above the file searched for `.vscode/launch.json`. */
const LAUNCH_JSON_LEVELS = 4;

export function small(p: string): boolean {
  try {
    return statSync(p).size <= MAX_SCRIPT_BYTES;
  } catch {
    return false;
  }
}

function shellScripts(dir: string, scope: ReadScope): string[] {
  if (!inScope(dir, scope)) return [];
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.sh'))
      .map((f) => join(dir, f))
      .filter(small);
  } catch {
    return [];
  }
}

export function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** The launch with what accelerate's config file adds: the line's own flags beat the file. */
export function withAccelerateConfig(l: Launch, dirs: readonly string[], scope: ReadScope): Launch {
  if (l.launcher !== 'accelerate' || (l.processes !== undefined && l.visibleDevices !== undefined)) return l;
  const config = accelerateConfigFor(l.configFile, dirs, scope);
  if (!config) return l;
  const processes = l.processes ?? config.processes;
  const visibleDevices = l.visibleDevices ?? config.visibleDevices;
  const fromFile = l.processes === undefined && config.processes !== undefined;
  return {
    ...l,
    ...(processes !== undefined ? { processes } : {}),
    ...(visibleDevices !== undefined ? { visibleDevices } : {}),
    command: fromFile ? `${l.command}; num_processes: ${config.processes} in ${config.shown}` : l.command,
  };
}

export function contextOf(l: Launch & { processes: number }, from: string): LaunchContext {
  return {
    processes: l.processes,
    from,
    command: l.command,
    ...(l.bypass ? { bypass: true } : {}),
    ...(l.visibleDevices !== undefined ? { visibleDevices: l.visibleDevices } : {}),
  };
}

function fromShellScripts(full: string, scope: ReadScope): LaunchContext | undefined {
  const dir = dirname(full);
  for (const sh of [...shellScripts(dir, scope), ...shellScripts(dirname(dir), scope)]) {
    const text = readText(sh);
    if (text === undefined) continue;
    const shDir = dirname(sh);
    for (const raw of launchesIn(text)) {
      if (!raw.script) continue;
      // The script runs from its own folder or from the one above it (bash scripts/run.sh).
      if (resolve(shDir, raw.script) !== full && resolve(dirname(shDir), raw.script) !== full) continue;
      const l = withAccelerateConfig(raw, [shDir, dirname(shDir)], scope);
      if (l.processes === undefined) continue;
      return contextOf({ ...l, processes: l.processes }, `${basename(sh)}:${l.line}`);
    }
  }
  return undefined;
}

/** `${workspaceFolder}/train.py`, `${file}`, `train.py` (relative to `cwd`, by default the workspace folder). */
export function launchJsonScript(script: string, root: string, full: string): string {
  const filled = script
    .replace(/\$\{workspaceFolder\}/g, root)
    .replace(/\$\{file\}/g, full)
    .replace(/\$\{fileDirname\}/g, dirname(full));
  return resolve(root, filled);
}

function fromLaunchJson(full: string, scope: ReadScope): LaunchContext | undefined {
  let root = dirname(full);
  for (let level = 0; level <= LAUNCH_JSON_LEVELS; level++, root = dirname(root)) {
    const path = join(root, '.vscode', 'launch.json');
    if (!inScope(path, scope) || !small(path)) {
      if (dirname(root) === root) break;
      continue;
    }
    const text = readText(path);
    if (text === undefined) continue;
    for (const raw of launchesInLaunchJson(text)) {
      if (!raw.script || launchJsonScript(raw.script, root, full) !== full) continue;
      const l = withAccelerateConfig(raw, [root], scope);
      if (l.processes === undefined) continue;
      return contextOf({ ...l, processes: l.processes }, `launch.json:${l.line}`);
    }
    if (dirname(root) === root) break;
  }
  return undefined;
}

export function launchFor(pyPath: string, processesSetting?: number, scope: ReadScope = {}): LaunchContext | undefined {
  if (processesSetting !== undefined) return { processes: processesSetting, from: 'the processes setting' };
  const full = resolve(pyPath);
  return fromShellScripts(full, scope) ?? fromLaunchJson(full, scope);
}
