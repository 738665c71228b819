/**
 * A `.ipynb` file as a list of cells, nbformat 3 or 4. Only what the analysis
 * needs is read: each cell's kind, language and source (a string or a list of
 * lines). Outputs (often megabytes of base64 images) are never looked at.
 * Never throws: a file that is not a notebook gives one clear message.
 */

export type CellKind = 'code' | 'markdown' | 'raw';

/** One cell, at its index in the notebook's `cells` array (nbformat 3: the worksheets' cells, in order). */
export interface NotebookCell {
  readonly kind: CellKind;
  /** The cell's source text, lines joined as Jupyter writes them. */
  readonly text: string;
  /** `python`, `r`, `sql`... (the cell's own language when it names one, else the notebook's). */
  readonly languageId: string;
}

export interface Notebook {
  readonly nbformat: number;
  /** The kernel's language (`python` when the notebook does not say). */
  readonly language: string;
  readonly cells: readonly NotebookCell[];
}

export type NotebookRead = { readonly ok: true; readonly notebook: Notebook } | { readonly ok: false; readonly message: string };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `source` / `input`: a string, or a list of strings Jupyter joins as they are (each keeps its `\n`). */
function sourceText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string').join('');
  return '';
}

function field(obj: Json | undefined, ...path: string[]): unknown {
  let v: unknown = obj;
  for (const k of path) v = isObject(v) ? v[k] : undefined;
  return v;
}

function notebookLanguage(meta: Json | undefined, cells3?: Json): string {
  const named =
    field(meta, 'kernelspec', 'language') ?? field(meta, 'language_info', 'name') ?? field(meta, 'language') ?? cells3?.language;
  return typeof named === 'string' && named.trim() !== '' ? named.trim().toLowerCase() : 'python';
}

/** The language a cell names for itself: VS Code's `metadata.vscode.languageId`, nbformat 3's `language`, polyglot kernels. */
function cellLanguage(cell: Json, fallback: string): string {
  const named =
    field(cell, 'metadata', 'vscode', 'languageId') ??
    field(cell, 'metadata', 'polyglot_notebook', 'kernelName') ??
    field(cell, 'metadata', 'dotnet_interactive', 'language') ??
    cell.language;
  return typeof named === 'string' && named.trim() !== '' ? named.trim().toLowerCase() : fallback;
}

function kindOf(type: unknown): CellKind {
  if (type === 'code') return 'code';
  // nbformat 3's `heading` cells are markdown in nbformat 4.
  if (type === 'markdown' || type === 'heading') return 'markdown';
  return 'raw';
}

function readCell(raw: unknown, language: string, nbformat: number): NotebookCell {
  if (!isObject(raw)) return { kind: 'raw', text: '', languageId: language };
  const kind = kindOf(raw.cell_type);
  const text = sourceText(nbformat >= 4 ? raw.source : (raw.input ?? raw.source));
  return { kind, text, languageId: kind === 'code' ? cellLanguage(raw, language) : kind };
}

/** Reads notebook JSON text. */
export function readNotebook(json: string): NotebookRead {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { ok: false, message: `not a notebook: the file is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!isObject(data)) return { ok: false, message: 'not a notebook: the JSON is not an object with "cells"' };
  const nbformat = typeof data.nbformat === 'number' ? data.nbformat : Array.isArray(data.cells) ? 4 : 3;
  const meta = isObject(data.metadata) ? data.metadata : undefined;
  if (nbformat >= 4) {
    if (!Array.isArray(data.cells)) return { ok: false, message: `not a notebook: nbformat ${nbformat} without a "cells" array` };
    const language = notebookLanguage(meta);
    return { ok: true, notebook: { nbformat, language, cells: data.cells.map((c) => readCell(c, language, nbformat)) } };
  }
  if (!Array.isArray(data.worksheets)) return { ok: false, message: `not a notebook: nbformat ${nbformat} without "worksheets"` };
  const raw = data.worksheets.flatMap((w) => (isObject(w) && Array.isArray(w.cells) ? w.cells : []));
  const firstCode = raw.find((c) => isObject(c) && c.cell_type === 'code') as Json | undefined;
  const language = notebookLanguage(meta, firstCode);
  return { ok: true, notebook: { nbformat, language, cells: raw.map((c) => readCell(c, language, nbformat)) } };
}
