/**
 * Restricted Mode's file access: a `ModelFs` that refuses every path whose
 * real location (links resolved, file by file) lies outside the workspace
 * folders. Checking only the folder named let a `config.json` or
 * `model.safetensors` inside the workspace, linked to a file elsewhere, be
 * opened, and its first bytes appear in DM016. Now nothing outside is opened,
 * listed or stat'ed through a link; the resolver reports `outside-workspace`.
 */
import { isInside, type ModelFs } from './fs';

/** Thrown instead of touching a path outside the workspace; its message names only the path. */
export class OutsideWorkspaceError extends Error {
  constructor(readonly path: string) {
    super(`${path} lies outside this untrusted workspace, so it is not read`);
    this.name = 'OutsideWorkspaceError';
  }
}

export function confinedFs(fs: ModelFs, workspaceFolders: readonly string[]): ModelFs {
  let roots: Promise<string[]> | undefined;
  const realRoots = (): Promise<string[]> => (roots ??= Promise.all(workspaceFolders.map((w) => fs.realpath(w))));
  /** The path itself must lie inside (no stat outside), and so must its real path (links resolved). */
  const check = async (path: string): Promise<void> => {
    if (!workspaceFolders.some((w) => isInside(fs, w, path))) throw new OutsideWorkspaceError(path);
    const real = await fs.realpath(path);
    // A fully resolved path under a folder's own name is inside too (that folder has no links then);
    // it also covers a path that does not exist, which realpath gives back unresolved.
    const roots = [...(await realRoots()), ...workspaceFolders];
    if (!roots.some((r) => isInside(fs, r, real))) throw new OutsideWorkspaceError(path);
  };
  return {
    ...fs,
    async kind(path) {
      await check(path);
      return fs.kind(path);
    },
    async readText(path) {
      await check(path);
      return fs.readText(path);
    },
    async readRange(path, offset, length) {
      await check(path);
      return fs.readRange(path, offset, length);
    },
    async list(dir) {
      await check(dir);
      return fs.list(dir);
    },
  };
}
