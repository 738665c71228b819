/**
 * `--output-format sarif`: a SARIF 2.1.0 log for code scanning. One rule per
 * diagnostic code (title and default level from the code table, help URI to
 * the code's page under docs/diagnostics in the repository), one result per
 * finding with a physical location (1-based lines, UTF-16 columns: SARIF's
 * default column kind) relative to %SRCROOT%, and related locations.
 */
import { CODES, DUPLICATE_KEY, PARSE_PROBLEM, UNUSED_SUPPRESSION } from '../../core/index';
import type { Formatter, ReportedFinding } from './types';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Findings that carry a plain tag instead of a DM code. */
const TAGS: Readonly<Record<string, { title: string; level: string }>> = {
  [DUPLICATE_KEY]: { title: 'a key written twice in one device_map (the last one wins)', level: 'warning' },
  [PARSE_PROBLEM]: { title: 'the map could not be read', level: 'warning' },
  [UNUSED_SUPPRESSION]: { title: 'a device-map: ignore comment that silences nothing', level: 'note' },
};

function level(severity: ReportedFinding['severity']): string {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function region(d: { line: number; column: number; endLine: number; endColumn: number }): object {
  return { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: Math.max(d.endColumn, d.endLine === d.line ? d.column : 1) };
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
  const docs = `${tool.repositoryUrl}/blob/main/docs/diagnostics`;
  for (const [code, info] of Object.entries(CODES)) add(code, info.title, level(info.severity), `${docs}/${code}.md`);
  for (const [tag, info] of Object.entries(TAGS)) add(tag, info.title, info.level);
  const results: object[] = [];
  for (const f of files) {
    const artifactLocation = { uri: uriOf(f.path), uriBaseId: '%SRCROOT%' };
    for (const d of f.diagnostics) {
      if (!index.has(d.code)) add(d.code, d.code, level(d.severity));
      results.push({
        ruleId: d.code,
        ruleIndex: index.get(d.code),
        level: level(d.severity),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(d) } }],
        ...(d.related && d.related.length > 0
          ? { relatedLocations: d.related.map((r, i) => ({ id: i, message: { text: r.message }, physicalLocation: { artifactLocation, region: region(r) } })) }
          : {}),
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'device-map', informationUri: tool.repositoryUrl, version: tool.version, semanticVersion: tool.version, rules } }, results, columnKind: 'utf16CodeUnits' }],
  };
  return JSON.stringify(log, null, 2);
};
