/**
 * Runs one vendor tool the safe way: `execFile` (no shell, so nothing in the
 * environment or a setting is ever interpreted), a hard time-out, output capped.
 * Never throws: a missing tool, a hang or a failure each come back as data.
 */
import { execFile } from 'node:child_process';

export const TOOL_TIMEOUT_MS = 2000;

export type ToolResult =
  | { readonly kind: 'ok'; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'failed'; readonly code: number | null; readonly stdout: string; readonly stderr: string; readonly message: string };

export type ToolRunner = (file: string, args: readonly string[]) => Promise<ToolResult>;

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** The real runner. Our own timer settles the promise on time even if a grandchild keeps the pipes open. */
export function runTool(file: string, args: readonly string[], opts: RunOptions = {}): Promise<ToolResult> {
  const timeoutMs = opts.timeoutMs ?? TOOL_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: ToolResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let child: ReturnType<typeof execFile> | undefined;
    const timer = setTimeout(() => {
      child?.kill('SIGKILL');
      settle({ kind: 'timeout' });
    }, timeoutMs);
    try {
      child = execFile(
        file,
        [...args],
        {
          env: opts.env ?? process.env,
          timeout: timeoutMs,
          killSignal: 'SIGKILL',
          maxBuffer: 4 * 1024 * 1024,
          windowsHide: true,
          encoding: 'utf8',
        },
        (err, stdout, stderr) => {
          if (!err) return settle({ kind: 'ok', stdout, stderr });
          const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string | null };
          if (e.code === 'ENOENT' || e.code === 'EACCES') return settle({ kind: 'missing' });
          if (e.killed) return settle({ kind: 'timeout' });
          settle({
            kind: 'failed',
            code: typeof e.code === 'number' ? e.code : null,
            stdout: String(stdout ?? ''),
            stderr: String(stderr ?? ''),
            message: e.message,
          });
        },
      );
      child.on('error', (e: NodeJS.ErrnoException) =>
        settle(
          e.code === 'ENOENT' || e.code === 'EACCES'
            ? { kind: 'missing' }
            : { kind: 'failed', code: null, stdout: '', stderr: '', message: e.message },
        ),
      );
    } catch (e) {
      settle({ kind: 'failed', code: null, stdout: '', stderr: '', message: e instanceof Error ? e.message : String(e) });
    }
  });
}
