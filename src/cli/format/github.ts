/**
 * `--output-format github`: one workflow command per finding, which GitHub
 * Actions shows as an annotation on the line:
 *   ::error file=train.py,line=12,col=5,endLine=12,endColumn=9,title=DM007::message
 * Escaping follows the runner's rules (`%`, CR, LF in data; also `:` and `,` in properties).
 * A notebook finding's line is inside its cell, not in the `.ipynb` file GitHub
 * shows, so it is a file annotation whose message names the place:
 *   ::error file=nb.ipynb,title=DM003::DM003 cell 3, line 5, column 14: message
 */
import { placeInFile, type Formatter, type ReportedFinding } from './types';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function level(severity: ReportedFinding['severity']): string {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

export const githubFormat: Formatter = (files) => {
  const lines: string[] = [];
  for (const f of files) {
    const file = escapeProperty(f.path.replace(/\\/g, '/'));
    for (const d of f.diagnostics) {
      if (d.cell !== undefined) {
        lines.push(
          `::${level(d.severity)} file=${file},title=${escapeProperty(d.code)}::${escapeData(`${d.code} ${placeInFile(d)}: ${d.message}`)}`,
        );
        continue;
      }
      lines.push(
        `::${level(d.severity)} file=${file},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${escapeProperty(d.code)}::${escapeData(`${d.code} ${d.message}`)}`,
      );
    }
  }
  return lines.join('\n');
};
