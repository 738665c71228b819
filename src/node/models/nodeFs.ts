/** The real file system behind core's `ModelFs`: partial reads only, so safetensors data is never loaded. */
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { MAX_INDEX_BYTES } from '../../core/index';
import { readBoundedFile } from '../readBounded';
import * as path from 'node:path';
import type { ModelFs } from '../../core/index';

export const nodeFs: ModelFs = {
  join: (...parts) => path.join(...parts),
  dirname: (p) => path.dirname(p),
  isAbsolute: (p) => path.isAbsolute(p),
  relative: (from, to) => path.relative(from, to),
  async kind(p) {
    try {
      const s = await stat(p);
      return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  },
  async realpath(p) {
    try {
      return await realpath(p);
    } catch {
      return p;
    }
  },
  // Bounded and regular files only: a FIFO named config.json never blocks, a huge index never fills memory.
  readText: (p) => readBoundedFile(p, MAX_INDEX_BYTES),
  async readRange(p, offset, length) {
    // Non-blocking and regular files only: a FIFO swapped in for a shard never hangs the read.
    const handle = await open(p, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) throw new Error(`${p} is not a regular file; it is not read`);
      const buf = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buf, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buf.subarray(0, filled);
    } finally {
      await handle.close();
    }
  },
  list: async (dir) => {
    try {
      return await readdir(dir);
    } catch {
      return [];
    }
  },
};
