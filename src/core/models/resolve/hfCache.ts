/**
 * The Hugging Face hub cache layout, as huggingface_hub writes it:
 * `<cache>/models--<org>--<name>/refs/<revision>` holds a commit hash, and
 * `<cache>/models--<org>--<name>/snapshots/<hash>/` holds the files.
 * The cache folder is `HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
 */
import type { ModelFs } from './fs';

export type Env = Readonly<Record<string, string | undefined>>;

/** Mirrors huggingface_hub `constants.HF_HUB_CACHE` (1.x): where the hub cache lives. */
export function hubCacheDir(fs: ModelFs, env: Env, homeDir: string): string {
  if (env['HF_HUB_CACHE']) return env['HF_HUB_CACHE'];
  return fs.join(hfHome(fs, env, homeDir), 'hub');
}

/** `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface`. */
export function hfHome(fs: ModelFs, env: Env, homeDir: string): string {
  if (env['HF_HOME']) return env['HF_HOME'];
  return fs.join(env['XDG_CACHE_HOME'] || fs.join(homeDir, '.cache'), 'huggingface');
}

/** Mirrors huggingface_hub `repo_folder_name`: `models--org--name`. */
export function repoFolderName(repoId: string): string {
  return ['models', ...repoId.split('/')].join('--');
}

const COMMIT = /^[0-9a-f]{40}$/;

/**
 * The snapshot folder for `repoId` at `revision` (default `main`), or undefined
 * when the cache does not hold it. A commit hash is looked up directly.
 */
export async function cachedSnapshot(fs: ModelFs, cacheDir: string, repoId: string, revision = 'main'): Promise<string | undefined> {
  const repoDir = fs.join(cacheDir, repoFolderName(repoId));
  if ((await fs.kind(repoDir)) !== 'dir') return undefined;
  let commit: string | undefined;
  if (COMMIT.test(revision)) commit = revision;
  else {
    // A revision like "refs/pr/1" is stored as nested folders under refs/.
    const refFile = fs.join(repoDir, 'refs', ...revision.split('/'));
    if ((await fs.kind(refFile)) !== 'file') return undefined;
    commit = (await fs.readText(refFile)).trim();
    if (!COMMIT.test(commit)) return undefined;
  }
  const snapshot = fs.join(repoDir, 'snapshots', commit);
  return (await fs.kind(snapshot)) === 'dir' ? snapshot : undefined;
}

/**
 * The model ids the cache holds, sorted: the inverse of `repoFolderName` over
 * `models--*` folders (huggingface_hub's `validate_repo_id` forbids `--` in an
 * id, so the split is unambiguous). None when the folder cannot be listed.
 */
export async function cachedModelIds(fs: ModelFs, cacheDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.list(cacheDir);
  } catch {
    return [];
  }
  const ids: string[] = [];
  for (const n of names) {
    const parts = n.split('--');
    if (parts[0] !== 'models' || parts.length < 2 || parts.slice(1).some((p) => p === '')) continue;
    if ((await fs.kind(fs.join(cacheDir, n, 'snapshots'))) === 'dir') ids.push(parts.slice(1).join('/'));
  }
  return ids.sort();
}
