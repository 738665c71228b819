/**
 * Reading a file the user named, safely: only a regular file (a FIFO or a
 * device named `config.json` or `x.py` would block or never end), opened
 * non-blocking so even a FIFO swapped in after the check cannot hang us, and
 * never more than `maxBytes` (past it: a LimitError naming the file size limit).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { LimitError } from '../core/index';

export class NotRegularFileError extends Error {}

export async function readBoundedFile(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new NotRegularFileError(`${path} is not a regular file (a FIFO, device or folder); it is not read`);
    if (s.size > maxBytes) throw new LimitError('file size', `${s.size} bytes`, maxBytes);
    // Read at most maxBytes + 1: a file growing while read is caught too.
    const buf = Buffer.alloc(Math.min(s.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buf.length) break;
    }
    if (filled > maxBytes) throw new LimitError('file size', `more than ${maxBytes} bytes`, maxBytes);
    return buf.subarray(0, filled).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The same, synchronously (the CLI's flag parsing is synchronous). */
export function readBoundedFileSync(path: string, maxBytes: number): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw new NotRegularFileError(`${path} is not a regular file (a FIFO, device or folder); it is not read`);
    if (s.size > maxBytes) throw new LimitError('file size', `${s.size} bytes`, maxBytes);
    const buf = Buffer.alloc(Math.min(s.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const n = readSync(fd, buf, filled, buf.length - filled, filled);
      if (n === 0) break;
      filled += n;
      if (filled === buf.length) break;
    }
    if (filled > maxBytes) throw new LimitError('file size', `more than ${maxBytes} bytes`, maxBytes);
    return buf.subarray(0, filled).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
