/** `--output-format text` (the default): `path:line:col: severity CODE message` (`nb.ipynb:cell N:line:col` in a notebook), then a one-line summary unless `--quiet`. */
import type { Formatter } from './types';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const textFormat: Formatter = (files, _tool, { quiet }) => {
  const lines: string[] = [];
  for (const f of files)
    for (const d of f.diagnostics)
      lines.push(`${f.path}:${d.cell === undefined ? '' : `cell ${d.cell}:`}${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`);
  if (!quiet) {
    const all = files.flatMap((f) => f.diagnostics);
    const errors = all.filter((d) => d.severity === 'error').length;
    lines.push(`${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(all.length - errors, 'other finding')}`);
  }
  return lines.join('\n');
};
