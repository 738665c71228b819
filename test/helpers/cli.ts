/** Runs the CLI in-process with captured output (fast), or as a real process (what users run). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { REPO_ROOT } from './fixtures';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], cwd = REPO_ROOT, env: Record<string, string | undefined> = process.env): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd, env });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** The built `bin/device-map.js` in a child process (needs `node esbuild.mjs cli` first). */
export function cliProcess(argv: string[], cwd = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): CliResult {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/device-map.js'), ...argv], { cwd, env, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
