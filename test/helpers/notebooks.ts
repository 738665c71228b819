/**
 * Notebooks as Jupyter writes them (nbformat 4.5): cell ids, metadata,
 * execution counts, outputs with stream text and `image/png` base64, sources
 * as lists of lines each keeping its `\n`. nbformat 3 for the old layout.
 */
import { createHash } from 'node:crypto';

export interface CellSpec {
  readonly kind?: 'code' | 'markdown' | 'raw';
  readonly text: string;
  /** VS Code's per-cell language (`metadata.vscode.languageId`) when it is not the kernel's. */
  readonly languageId?: string;
  /** Bytes of fake PNG data in this cell's output (base64 in the file). */
  readonly pngBytes?: number;
}

/** Jupyter's list form of a source: one string per line, each but the last ending in `\n`. */
export function sourceLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== '');
}

function cellId(i: number): string {
  return createHash('sha1').update(`cell-${i}`).digest('hex').slice(0, 8);
}

function pngBase64(bytes: number): string {
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const body = Buffer.alloc(Math.max(0, bytes - header.length), 7);
  return Buffer.concat([header, body]).toString('base64');
}

/** A notebook JSON text (nbformat 4.5, Python 3 kernel), indented as Jupyter saves it. */
export function notebookJson(cells: readonly CellSpec[], options: { stringSources?: boolean; language?: string } = {}): string {
  let count = 0;
  const language = options.language ?? 'python';
  const nb = {
    cells: cells.map((c, i) => {
      const kind = c.kind ?? 'code';
      const source = options.stringSources ? c.text : sourceLines(c.text);
      const metadata = c.languageId ? { vscode: { languageId: c.languageId } } : {};
      if (kind !== 'code') return { cell_type: kind, id: cellId(i), metadata, source };
      const outputs: unknown[] = [{ name: 'stdout', output_type: 'stream', text: [`ran cell ${i}\n`] }];
      if (c.pngBytes)
        outputs.push({
          data: { 'image/png': pngBase64(c.pngBytes), 'text/plain': ['<Figure size 640x480 with 1 Axes>'] },
          metadata: {},
          output_type: 'display_data',
        });
      return { cell_type: 'code', execution_count: ++count, id: cellId(i), metadata, outputs, source };
    }),
    metadata: {
      kernelspec: {
        display_name: language === 'python' ? 'Python 3 (ipykernel)' : language,
        language,
        name: language === 'python' ? 'python3' : language,
      },
      language_info: {
        codemirror_mode: { name: 'ipython', version: 3 },
        file_extension: '.py',
        mimetype: 'text/x-python',
        name: language,
        nbconvert_exporter: 'python',
        pygments_lexer: 'ipython3',
        version: '3.11.9',
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

/** The same cells in nbformat 3 (one worksheet, `input` instead of `source`, `language` on code cells). */
export function notebookJsonV3(cells: readonly CellSpec[]): string {
  const nb = {
    metadata: { name: '' },
    nbformat: 3,
    nbformat_minor: 0,
    worksheets: [
      {
        cells: cells.map((c, i) =>
          (c.kind ?? 'code') === 'code'
            ? {
                cell_type: 'code',
                collapsed: false,
                input: sourceLines(c.text),
                language: c.languageId ?? 'python',
                metadata: {},
                outputs: [],
                prompt_number: i + 1,
              }
            : { cell_type: c.kind, metadata: {}, source: sourceLines(c.text) },
        ),
        metadata: {},
      },
    ],
  };
  return `${JSON.stringify(nb, null, 1)}\n`;
}
