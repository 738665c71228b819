/**
 * `revision=` checked before it becomes part of a path. huggingface_hub joins it
 * under `refs/` and `snapshots/` and refuses a pointer path that leaves the
 * snapshots folder (`_get_pointer_path`: "Invalid pointer path: cannot create
 * pointer path in snapshot folder if ... revision=..."); we refuse the same
 * revisions up front: empty, absolute, with `.`/`..` or empty segments, a
 * backslash or control characters, or absurdly long (Git refs are far shorter).
 */
const MAX_REVISION_CHARS = 256;

/** Why a revision cannot be used, or undefined when it can. */
export function revisionProblem(revision: string): string | undefined {
  if (revision === '') return 'it is empty';
  if (revision.length > MAX_REVISION_CHARS) return `it is longer than ${MAX_REVISION_CHARS} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(revision)) return 'it contains control characters';
  if (revision.includes('\\')) return 'it contains a backslash';
  if (revision.startsWith('/')) return 'it is an absolute path';
  for (const seg of revision.split('/')) {
    if (seg === '') return 'it has an empty path segment';
    if (seg === '.' || seg === '..') return `it has a "${seg}" path segment, which would leave the cache's refs/ folder`;
  }
  return undefined;
}
