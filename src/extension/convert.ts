/**
 * The one adapter between the engine's plain data (UTF-16 offsets, findings,
 * edits) and `vscode.*` types. Nothing else in the extension converts offsets.
 */
import * as vscode from 'vscode';
import {
  codeDescription,
  type CodeAction,
  type CompletionItem,
  type Finding,
  type HoverResult,
  type Severity,
  type Span,
  type TextEdit,
} from '../core/index';
import { FIX_APPLIED } from './walkthrough/commandIds';

export const SOURCE = 'Device Map Studio';

/** A span as a range, clamped to the document so a stale span can never throw. */
export function toRange(doc: vscode.TextDocument, span: Span): vscode.Range {
  const len = doc.getText().length;
  const start = Math.max(0, Math.min(span.start, len));
  const end = Math.max(start, Math.min(span.end, len));
  return new vscode.Range(doc.positionAt(start), doc.positionAt(end));
}

export function toSpan(doc: vscode.TextDocument, range: vscode.Range): Span {
  return { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(doc: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(doc, f), f.message, SEVERITY[f.severity] ?? vscode.DiagnosticSeverity.Warning);
  d.source = SOURCE;
  // Each code links to its own page (docs/diagnostics/<code>.md), generated from its rule unit.
  const page = codeDescription(f.code);
  d.code = page ? { value: f.code, target: vscode.Uri.parse(page.href) } : f.code;
  if (f.related?.length) {
    d.relatedInformation = f.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, toRange(doc, r.span)), r.message),
    );
  }
  return d;
}

/** The code a diagnostic carries (plain or `{value, target}`). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** All edits of one action in one WorkspaceEdit: a single undo step. */
export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  we.set(
    doc.uri,
    edits.map((e) => vscode.TextEdit.replace(toRange(doc, { start: e.offset, end: e.offset + e.length }), e.text)),
  );
  return we;
}

/** The editor's command for each non-edit action the engine can ask for. */
const COMMANDS: Record<NonNullable<CodeAction['command']>, string> = {
  configureGpus: 'deviceMapStudio.configureGpus',
};

export function toCodeAction(doc: vscode.TextDocument, a: CodeAction, diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction {
  const kind = a.kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite;
  const action = new vscode.CodeAction(a.title, kind);
  if (a.edits.length > 0) action.edit = toWorkspaceEdit(doc, a.edits);
  if (a.command) action.command = { title: a.title, command: COMMANDS[a.command] };
  // Runs after the edit: marks the walkthrough's "apply a fix" step done.
  else if (a.edits.length > 0) action.command = { title: a.title, command: FIX_APPLIED };
  action.isPreferred = a.preferred ?? false;
  const fixed = diagnostics.filter((d) => d.source === SOURCE && [...a.fixes, ...(a.suppresses ?? [])].includes(codeOf(d) ?? ''));
  if (fixed.length) action.diagnostics = fixed;
  return action;
}

const KIND: Record<CompletionItem['kind'], vscode.CompletionItemKind> = {
  module: vscode.CompletionItemKind.Module,
  device: vscode.CompletionItemKind.EnumMember,
  strategy: vscode.CompletionItemKind.Constant,
  snippet: vscode.CompletionItemKind.Snippet,
  size: vscode.CompletionItemKind.Unit,
  key: vscode.CompletionItemKind.Property,
};

export function toCompletionItem(doc: vscode.TextDocument, c: CompletionItem): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KIND[c.kind] ?? vscode.CompletionItemKind.Value);
  item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
  item.range = toRange(doc, c.replace);
  // VS Code filters by the text of the replaced span (quotes included), so filter on what we insert.
  item.filterText = c.snippet ? c.label : c.insertText;
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
  if (c.sortText) item.sortText = c.sortText;
  return item;
}

export function toHover(doc: vscode.TextDocument, h: HoverResult): vscode.Hover {
  const md = new vscode.MarkdownString(h.markdown);
  md.supportHtml = false;
  md.isTrusted = false;
  return new vscode.Hover(md, toRange(doc, h.span));
}
