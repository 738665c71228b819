/** `--output-format text` (the default): `path:line:col: severity CODE message` (`nb.ipynb:cell N:line:col` in a notebook), then a one-line summary unless `--quiet`. */
import type { Formatter } from './types';
import { cliSay } from '../messages';

/** `1 file` / `3 files`, as a whole template per count so a locale words each. */
const counted = (n: number, one: 'filesOne' | 'errorsOne' | 'othersOne', many: 'filesMany' | 'errorsMany' | 'othersMany'): string =>
  n === 1 ? cliSay.text(one, {}) : cliSay.text(many, { count: n });

export const textFormat: Formatter = (files, _tool, { quiet }) => {
  const lines: string[] = [];
  for (const f of files)
    for (const d of f.diagnostics)
      lines.push(
        `${f.path}:${d.cell === undefined ? '' : cliSay.text('inCell', { cell: d.cell })}${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`,
      );
  if (!quiet) {
    const all = files.flatMap((f) => f.diagnostics);
    const errors = all.filter((d) => d.severity === 'error').length;
    lines.push(
      cliSay.text('summary', {
        files: counted(files.length, 'filesOne', 'filesMany'),
        errors: counted(errors, 'errorsOne', 'errorsMany'),
        others: counted(all.length - errors, 'othersOne', 'othersMany'),
      }),
    );
  }
  return lines.join('\n');
};
