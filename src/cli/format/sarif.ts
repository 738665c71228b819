/**
 * `--output-format sarif`: a SARIF 2.1.0 log for code scanning. One rule per
 * code and tag, read from the rule units (title, default level, help URI: the
 * unit's page under docs/diagnostics, the same link as codeDescription), one result per
 * finding with a physical location (1-based lines, UTF-16 columns: SARIF's
 * default column kind) relative to %SRCROOT%, and related locations.
 * A notebook finding's line and column are inside its cell, not in the `.ipynb`
 * text, so its physical location names the file only (no region); the cell is a
 * logical location (`/cells/N`, a JSON pointer into the notebook) and the
 * message starts with `cell N, line L, column C:`.
 */
import { RULES, UNUSED_SUPPRESSION, codeDescription } from '../../core/index';
import { placeInFile, type Formatter, type ReportedFinding } from './types';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The one finding that no rule unit raises: suppression.ts reports it after the rules ran. */
const UNUSED_SUPPRESSION_TITLE = 'a device-map: ignore comment that silences nothing';

function level(severity: ReportedFinding['severity']): string {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function region(d: { line: number; column: number; endLine: number; endColumn: number }): object {
  return {
    startLine: d.line,
    startColumn: d.column,
    endLine: d.endLine,
    endColumn: Math.max(d.endColumn, d.endLine === d.line ? d.column : 1),
  };
}

type Placed = { cell?: number; line: number; column: number; endLine: number; endColumn: number; message: string };

/** A finding's or related place's location and message text: a region in a file, or a cell of a notebook. */
function locate(artifactLocation: object, d: Placed): { location: object; text: string } {
  if (d.cell === undefined) return { location: { physicalLocation: { artifactLocation, region: region(d) } }, text: d.message };
  return {
    location: {
      physicalLocation: { artifactLocation },
      logicalLocations: [{ name: `cell ${d.cell}`, fullyQualifiedName: `/cells/${d.cell}`, kind: 'object' }],
    },
    text: `${placeInFile(d)}: ${d.message}`,
  };
}

/** A relative path as a URI reference: `/` separators, each segment percent-encoded. */
function uriOf(path: string): string {
  return path.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

export const sarifFormat: Formatter = (files, tool) => {
  const rules: object[] = [];
  const index = new Map<string, number>();
  const add = (id: string, title: string, defaultLevel: string, helpUri?: string): void => {
    index.set(id, rules.length);
    rules.push({ id, shortDescription: { text: title }, defaultConfiguration: { level: defaultLevel }, ...(helpUri ? { helpUri } : {}) });
  };
  for (const unit of RULES) add(unit.code, unit.title, level(unit.severity), codeDescription(unit.code)?.href);
  add(UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_TITLE, 'note');
  const results: object[] = [];
  for (const f of files) {
    const artifactLocation = { uri: uriOf(f.path), uriBaseId: '%SRCROOT%' };
    for (const d of f.diagnostics) {
      if (!index.has(d.code)) add(d.code, d.code, level(d.severity));
      const at = locate(artifactLocation, d);
      results.push({
        ruleId: d.code,
        ruleIndex: index.get(d.code),
        level: level(d.severity),
        message: { text: at.text },
        locations: [at.location],
        ...(d.related && d.related.length > 0
          ? {
              relatedLocations: d.related.map((r, i) => {
                const rel = locate(artifactLocation, r);
                return { id: i, message: { text: rel.text }, ...rel.location };
              }),
            }
          : {}),
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'device-map', informationUri: tool.repositoryUrl, version: tool.version, semanticVersion: tool.version, rules },
        },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};
