/**
 * The CLI's real process wiring. Writes go to stdout/stderr as the commands
 * produce them; at the end the process is never killed with `process.exit`
 * (which drops whatever a pipe has not yet taken: `check --json | jq` got the
 * first 64 KiB of a 5.7 MB answer). Instead both streams are drained and the
 * exit code is set with `process.exitCode`, so Node exits once all is written.
 */
import type { Writable } from 'node:stream';
import type { CliIO } from './io';

/** Resolves once everything written so far to `stream` has been handed to the OS. */
export function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || stream.writableFinished) return resolve();
    // An empty write calls back after every earlier write was flushed (or failed: EPIPE when the reader left).
    stream.write('', () => resolve());
  });
}

export function processIo(): CliIO {
  return {
    out: (t) => void process.stdout.write(`${t}\n`),
    err: (t) => void process.stderr.write(`${t}\n`),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** Sets the exit code once stdout and stderr are drained; the event loop then ends by itself. */
export async function finish(code: number): Promise<void> {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
}

/** A reader that closed the pipe early (`| head`) is not an error of ours: stop writing, keep the exit code. */
export function ignoreBrokenPipe(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
}
