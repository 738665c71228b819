/**
 * The little file access model resolution needs, injected so the resolution
 * logic stays pure: Node passes the real file system, tests may pass a fake.
 * Paths are opaque strings built only through `join` / `dirname`.
 */
export interface ModelFs {
  join(...parts: string[]): string;
  dirname(path: string): string;
  isAbsolute(path: string): boolean;
  /** `relative(from, to)` as node:path has it: '' for the same path, `..` segments to go up. */
  relative(from: string, to: string): string;
  /** What is at `path` (following links), or undefined when nothing is. */
  kind(path: string): Promise<'file' | 'dir' | undefined>;
  /** The path with links resolved; the path itself when it cannot be resolved. */
  realpath(path: string): Promise<string>;
  readText(path: string): Promise<string>;
  /** Up to `length` bytes at `offset`, never more: used to read safetensors headers only. */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  list(dir: string): Promise<string[]>;
}

/** Whether `child` is `parent` or below it. */
export function isInside(fs: ModelFs, parent: string, child: string): boolean {
  const rel = fs.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !fs.isAbsolute(rel));
}
