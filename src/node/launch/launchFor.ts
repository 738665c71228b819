/**
 * How a Python file is launched, for the CLI and the language server: the `processes`
 * setting (config key, `--processes`) wins; else a shell script in the file's folder or
 * the folder above that starts it (torchrun, accelerate launch, deepspeed...).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { launchesIn, type LaunchContext } from '../../core/index';

/** Shell scripts larger than this are not launch scripts worth reading. */
const MAX_SCRIPT_BYTES = 256 * 1024;

function shellScripts(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.sh'))
      .map((f) => join(dir, f))
      .filter((p) => {
        try {
          return statSync(p).size <= MAX_SCRIPT_BYTES;
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}

export function launchFor(pyPath: string, processesSetting?: number): LaunchContext | undefined {
  if (processesSetting !== undefined) return { processes: processesSetting, from: 'the processes setting' };
  const full = resolve(pyPath);
  const dir = dirname(full);
  for (const sh of [...shellScripts(dir), ...shellScripts(dirname(dir))]) {
    let text: string;
    try {
      text = readFileSync(sh, 'utf8');
    } catch {
      continue;
    }
    const shDir = dirname(sh);
    for (const l of launchesIn(text)) {
      if (!l.script || l.processes === undefined) continue;
      // The script runs from its own folder or from the one above it (bash scripts/run.sh).
      if (resolve(shDir, l.script) !== full && resolve(dirname(shDir), l.script) !== full) continue;
      return { processes: l.processes, from: `${basename(sh)}:${l.line}`, ...(l.bypass ? { bypass: true } : {}) };
    }
  }
  return undefined;
}
