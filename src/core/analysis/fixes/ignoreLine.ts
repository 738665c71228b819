/**
 * "Ignore DM009 on this line": appends `# device-map: ignore[DM009]` (`//` in
 * JSONC) to the finding's first line, or adds the code to a directive already
 * there. One insertion, so one undo. Not offered in strict JSON (no comments)
 * nor after a Python line continuation (a comment there would break the line).
 */
import type { CodeAction, Finding, SourceDocument } from '../api';
import { UNUSED_SUPPRESSION, lineAt, lineStarts } from '../suppression';
import { engineSay } from '../engineMessages';

export function ignoreLineAction(doc: SourceDocument, f: Finding): CodeAction | undefined {
  if (f.code === UNUSED_SUPPRESSION) return undefined;
  const python = doc.languageId === 'python';
  if (!python && doc.languageId !== 'jsonc') return undefined;
  const text = doc.text;
  const starts = lineStarts(text);
  const line = lineAt(starts, f.start);
  let end = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
  if (text[end - 1] === '\r') end--;
  const lineText = text.slice(starts[line]!, end);
  if (python && /\\\s*$/.test(lineText)) return undefined;
  const title = engineSay.text('ignoreOnLine', { code: f.code });
  const existing = /device-map:\s*ignore(\[[^\]]*\])?(?![\w-])/.exec(lineText);
  if (existing) {
    if (!existing[1]) return undefined; // a bare `ignore` already covers every code
    const close = starts[line]! + existing.index + existing[0].length - 1;
    return { title, fixes: [], suppresses: [f.code], kind: 'quickfix', edits: [{ offset: close, length: 0, text: `, ${f.code}` }] };
  }
  const comment = `${python ? '#' : '//'} device-map: ignore[${f.code}]`;
  const pad = lineText.length === 0 || /\s$/.test(lineText) ? '' : '  ';
  return { title, fixes: [], suppresses: [f.code], kind: 'quickfix', edits: [{ offset: end, length: 0, text: `${pad}${comment}` }] };
}
