/** The engine's plain data as LSP types: diagnostics, completions, hovers, code actions, lenses. */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  type CodeAction as LspCodeAction,
  type CodeLens,
  type CompletionItem as LspCompletionItem,
  type Diagnostic,
  type Hover,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  codeDescription,
  type CodeAction,
  type CodeLensInfo,
  type CompletionItem,
  type Finding,
  type HoverResult,
  type Severity,
} from '../core/index';
import { toRange } from './positions';

export const SOURCE = 'Device Map Studio';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The code's page in the repository (docs/diagnostics/<code>.md): the core's one owner of that link. */
export function codeDocsUrl(code: string): string | undefined {
  return codeDescription(code)?.href;
}

export function toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
  const href = codeDocsUrl(f.code);
  return {
    range: toRange(doc, f),
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    code: f.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: SOURCE,
    message: f.message,
    ...(f.related?.length
      ? { relatedInformation: f.related.map((r) => ({ location: { uri: doc.uri, range: toRange(doc, r.span) }, message: r.message })) }
      : {}),
  };
}

const KIND: Record<CompletionItem['kind'], CompletionItemKind> = {
  module: CompletionItemKind.Module,
  device: CompletionItemKind.EnumMember,
  strategy: CompletionItemKind.Constant,
  snippet: CompletionItemKind.Snippet,
  size: CompletionItemKind.Unit,
  key: CompletionItemKind.Property,
};

export function toCompletionItem(doc: TextDocument, c: CompletionItem, snippets: boolean): LspCompletionItem {
  // Without snippet support the placeholders are dropped, leaving plain text.
  const text = c.snippet && !snippets ? c.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '') : c.insertText;
  return {
    label: c.label,
    kind: KIND[c.kind] ?? CompletionItemKind.Value,
    textEdit: { range: toRange(doc, c.replace), newText: text },
    insertTextFormat: c.snippet && snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    filterText: c.snippet ? c.label : c.insertText,
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
    ...(c.sortText ? { sortText: c.sortText } : {}),
  };
}

export function toHover(doc: TextDocument, h: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(doc, h.span) };
}

/** One action, all its edits in one WorkspaceEdit: one undo step in the client. */
export function toCodeAction(doc: TextDocument, a: CodeAction, diagnostics: readonly Diagnostic[]): LspCodeAction {
  const fixed = diagnostics.filter((d) => d.source === SOURCE && [...a.fixes, ...(a.suppresses ?? [])].includes(String(d.code ?? '')));
  return {
    title: a.title,
    kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    edit: {
      changes: { [doc.uri]: a.edits.map((e) => ({ range: toRange(doc, { start: e.offset, end: e.offset + e.length }), newText: e.text })) },
    },
    ...(a.preferred ? { isPreferred: true } : {}),
    ...(fixed.length ? { diagnostics: fixed } : {}),
  };
}

/** A lens shows its text; the layout panel behind it is a VS Code feature, so other clients get no command to run. */
export function toCodeLens(doc: TextDocument, l: CodeLensInfo): CodeLens {
  return { range: toRange(doc, l.span), command: { title: l.title, command: '' } };
}
