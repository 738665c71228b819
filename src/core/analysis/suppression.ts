/**
 * Suppression comments, applied once in the finding pipeline so every face
 * (editor, CLI, language server) honours them:
 *   `# device-map: ignore[DM009]`      that code on this line (several: `[DM009, DM015]`)
 *   `# device-map: ignore`             every code on this line
 *   `# device-map: ignore-file[DM009]` that code in the whole file (bare: every code)
 *   `// device-map: ignore[...]`       the same in JSONC
 * A comment alone on its line applies to the next non-blank line (the first line
 * of a multi-line entry); a trailing comment applies to its line, and to any
 * finding whose span covers that line. A suppression that silences nothing is
 * itself reported (info, `unused-suppression`), like ruff's unused-noqa.
 */
import type { Span } from '../text/types';
import type { Finding, SourceDocument } from './api';
import { engineSay } from './engineMessages';

export const UNUSED_SUPPRESSION = 'unused-suppression';

export interface Suppression {
  readonly scope: 'line' | 'file';
  /** Empty: every code. */
  readonly codes: readonly string[];
  /** The directive text (`device-map: ignore[DM009]`), where unused reports point. */
  readonly span: Span;
  /** 0-based line it applies to (line scope). */
  readonly line: number;
}

const DIRECTIVE = /device-map:\s*(ignore-file|ignore)(?![\w-])(?:\[([^\]]*)\])?/g;

/** 0-based start offset of every line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line holding `offset` (binary search over `starts`). */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function commentMarker(languageId: string): string {
  return languageId === 'python' ? '#' : '//';
}

export function findSuppressions(doc: SourceDocument): Suppression[] {
  const text = doc.text;
  if (!text.includes('device-map:')) return [];
  const marker = commentMarker(doc.languageId);
  const starts = lineStarts(text);
  const out: Suppression[] = [];
  for (let line = 0; line < starts.length; line++) {
    const from = starts[line]!;
    const to = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
    const lineText = text.slice(from, to);
    const hash = lineText.indexOf(marker);
    if (hash < 0 || !lineText.includes('device-map:', hash)) continue;
    const comment = lineText.slice(hash);
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(comment); m; m = DIRECTIVE.exec(comment)) {
      const codes = (m[2] ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c.length > 0);
      const start = from + hash + m.index;
      let target = line;
      if (lineText.slice(0, hash).trim() === '') {
        // Alone on its line: it speaks for the next line that holds code.
        target = line + 1;
        while (target < starts.length - 1 && text.slice(starts[target]!, starts[target + 1]! - 1).trim() === '') target++;
      }
      out.push({ scope: m[1] === 'ignore-file' ? 'file' : 'line', codes, span: { start, end: start + m[0].length }, line: target });
    }
  }
  return out;
}

function covers(s: Suppression, code: string): boolean {
  return s.codes.length === 0 || s.codes.includes(code);
}

/** Drops suppressed findings and adds one info finding per directive (or listed code) that silenced nothing. */
export function applySuppressions(
  doc: SourceDocument,
  findings: readonly Finding[],
  opts: { readonly reportUnused?: boolean } = {},
): Finding[] {
  const suppressions = findSuppressions(doc);
  if (suppressions.length === 0) return [...findings];
  const starts = lineStarts(doc.text);
  const used = new Map<Suppression, Set<string>>(suppressions.map((s) => [s, new Set<string>()]));
  const kept: Finding[] = [];
  for (const f of findings) {
    const first = lineAt(starts, f.start);
    const last = lineAt(starts, Math.max(f.start, f.end - 1));
    const by = suppressions.filter((s) => covers(s, f.code) && (s.scope === 'file' || (s.line >= first && s.line <= last)));
    if (by.length === 0) kept.push(f);
    for (const s of by) used.get(s)!.add(f.code);
  }
  if (opts.reportUnused === false) return kept;
  for (const [s, codes] of used) {
    const unused = s.codes.length === 0 ? (codes.size === 0 ? ['*'] : []) : s.codes.filter((c) => !codes.has(c));
    for (const c of unused) {
      kept.push({
        code: UNUSED_SUPPRESSION,
        severity: 'info',
        start: s.span.start,
        end: s.span.end,
        message:
          c === '*'
            ? engineSay.text(s.scope === 'file' ? 'unusedInFile' : 'unusedOnLine', {})
            : engineSay.text(s.scope === 'file' ? 'unusedCodeInFile' : 'unusedCodeOnLine', { code: c }),
        data: { unusedCode: c },
      });
    }
  }
  return kept;
}
