/** What a model name looks like: a Hub repo id, or a path on disk. */

/** Mirrors huggingface_hub `validate_repo_id`: `name` or `org/name`, word chars, `-`, `.`, no `--` / `..`, at most 96 chars. */
export function isHubId(name: string): boolean {
  if (name.length === 0 || name.length > 96) return false;
  if (!/^(\b[\w\-.]+\b\/)?\b[\w\-.]+\b$/.test(name)) return false;
  return !name.includes('--') && !name.includes('..');
}

/** Names that can only be paths: absolute, `./`, `../`, `~`, Windows drives, or more than one slash. */
export function isPathLike(name: string): boolean {
  return (
    /^(\/|\.{1,2}[\\/]|~|[A-Za-z]:[\\/]|\\\\)/.test(name) ||
    name.split('/').length > 2 ||
    name.includes('\\') ||
    name === '.' ||
    name === '..'
  );
}
