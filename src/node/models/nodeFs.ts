/** The real file system behind core's `ModelFs`: partial reads only, so safetensors data is never loaded. */
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
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
  readText: (p) => readFile(p, 'utf8'),
  async readRange(p, offset, length) {
    const handle = await open(p, 'r');
    try {
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
