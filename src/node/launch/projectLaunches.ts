/**
 * `device-map check DIR` judges a project: every launch script (`*.sh`) and `.vscode/launch.json`
 * in the tree is read once, and each Python file it starts gets that launch, wherever the two sit.
 * A script's path is resolved as the shell would from the folders it is usually run from: the
 * script's own folder, then each folder above it up to the checked one (`bash scripts/run.sh` from
 * the project root). Files a launch names that do not exist are left out, never a false finding.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { launchesIn, launchesInLaunchJson, type Launch, type LaunchContext } from '../../core/index';
import { walkFiles } from '../walkTree';
import { contextOf, launchJsonScript, readText, small, withAccelerateConfig, type ReadScope } from './launchFor';

/** Launch files read per checked folder (a monorepo of thousands of shell scripts reads the first ones). */
const MAX_LAUNCH_FILES = 2000;

function isLaunchFile(name: string, full: string): boolean {
  return name.endsWith('.sh') || (name === 'launch.json' && basename(dirname(full)) === '.vscode');
}

/** `dir` and each folder above it, up to and including `root`. */
function upTo(dir: string, root: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    out.push(d);
    if (d === root || dirname(d) === d || relative(root, d).startsWith('..')) break;
  }
  return out;
}

export class ProjectLaunches {
  private readonly byScript = new Map<string, LaunchContext>();

  constructor(
    roots: readonly string[],
    private readonly scope: ReadScope = {},
  ) {
    for (const root of roots.map((r) => resolve(r))) {
      for (const file of walkFiles(root, isLaunchFile, [], MAX_LAUNCH_FILES)) {
        if (!small(file)) continue;
        const text = readText(file);
        if (text === undefined) continue;
        if (file.endsWith('.sh')) this.addShell(file, text, root);
        else this.addLaunchJson(file, text);
      }
    }
  }

  private add(script: string, l: Launch, dirs: readonly string[], from: string): void {
    if (this.byScript.has(script) || !existsSync(script)) return;
    const withConfig = withAccelerateConfig(l, dirs, this.scope);
    if (withConfig.processes === undefined) return;
    this.byScript.set(script, contextOf({ ...withConfig, processes: withConfig.processes }, from));
  }

  private addShell(file: string, text: string, root: string): void {
    const dir = dirname(file);
    const shown = relative(root, file).split(sep).join('/');
    for (const l of launchesIn(text)) {
      if (!l.script) continue;
      const cwd = upTo(dir, root).find((d) => existsSync(resolve(d, l.script!)));
      if (cwd !== undefined) this.add(resolve(cwd, l.script), l, [cwd, dir], `${shown}:${l.line}`);
    }
  }

  private addLaunchJson(file: string, text: string): void {
    const root = dirname(dirname(file));
    for (const l of launchesInLaunchJson(text)) {
      // `${file}` starts whatever file is open: not one script of the project (launchFor reads it per file).
      if (!l.script || l.script.includes('${file}')) continue;
      this.add(launchJsonScript(l.script, root, root), l, [root], `launch.json:${l.line}`);
    }
  }

  /** The launch that starts `pyPath`, if a launch file in the tree does. */
  launchFor(pyPath: string): LaunchContext | undefined {
    return this.byScript.get(resolve(pyPath));
  }
}
