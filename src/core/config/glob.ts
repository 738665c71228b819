/**
 * Exclude globs, gitignore-like: `*` within one path segment, `**` across
 * segments, `?` one character; a pattern without `/` matches a name at any
 * depth (`build`, `*.ipynb`); a pattern that names a folder excludes what is under it.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const anchored = g.includes('/') && !g.endsWith('/') ? true : g.slice(0, -1).includes('/');
  g = g.replace(/\/$/, '');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re.replace(/^\//, '')}(?:/.*)?$`);
}

/** True when `relPath` (relative to the globs' base, `/`-separated) matches one of `globs`. */
export function isExcluded(relPath: string, globs: readonly string[]): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  return globs.some((g) => globToRegExp(g).test(p));
}
