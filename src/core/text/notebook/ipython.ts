/**
 * IPython syntax in one cell, made plain Python without moving any text:
 * line magics (`%pip install x`), shell lines (`!nvidia-smi`, `x = !ls`), help
 * lines (`x?`, `??x`), autocall escapes and a cell magic on the first line
 * become `0#...` of the same length, so every offset of the cell stays where it
 * was. `%env NAME=value` (and `%set_env`) is the one exception: it becomes
 * `os.environ["NAME"] = "value"`, so the analysis sees the variable set, as it
 * is at run time. Cells whose magic hands the body to another language
 * (`%%bash`, `%%sql`...) are not Python at all.
 *
 * Only lines where a statement starts are looked at (not inside a
 * triple-quoted string, brackets or a `\` continuation), as IPython's own
 * transformers do.
 */

/** Cell magics whose body is Python (IPython's built-ins plus common extensions). */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3', 'memit', 'px', 'autopx', 'mprun']);

/** A piece of the cell's Python: `exact` pieces are the cell's text offset for offset (or replaced by text of equal length). */
export interface CellPiece {
  readonly text: string;
  /** Offsets in the cell this piece stands for. */
  readonly start: number;
  readonly end: number;
  readonly exact: boolean;
}

export type CellPython =
  { readonly python: true; readonly pieces: readonly CellPiece[] } | { readonly python: false; readonly magic: string };

interface ScanState {
  triple?: '"""' | "'''";
  depth: number;
  continued: boolean;
}

/** Updates the scan state over one line; returns where its comment starts (or its length). */
function scanLine(line: string, st: ScanState): number {
  let i = 0;
  let codeEnd = line.length;
  while (i < line.length) {
    if (st.triple) {
      const close = line.indexOf(st.triple, i);
      if (close < 0) {
        i = line.length;
        break;
      }
      // An escaped quote does not close the string.
      if (close > 0 && line[close - 1] === '\\') {
        i = close + 1;
        continue;
      }
      i = close + 3;
      st.triple = undefined;
      continue;
    }
    const c = line[i]!;
    if (c === '#') {
      codeEnd = i;
      break;
    }
    if (c === '"' || c === "'") {
      if (line.startsWith(c.repeat(3), i)) {
        st.triple = c.repeat(3) as '"""' | "'''";
        i += 3;
        continue;
      }
      i++;
      while (i < line.length && line[i] !== c) i += line[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') st.depth++;
    else if (c === ')' || c === ']' || c === '}') st.depth = Math.max(0, st.depth - 1);
    i++;
  }
  st.continued = !st.triple && /\\\s*$/.test(line.slice(0, codeEnd));
  return codeEnd;
}

/** Same-length plain Python for IPython text starting at `from`: `0#` then anything (a comment). */
function neutral(line: string, from: number): string {
  const rest = line.length - from;
  if (rest <= 0) return line;
  return line.slice(0, from) + (rest === 1 ? '0' : `0#${line.slice(from + 2)}`);
}

/** `%env NAME=value`, `%env NAME value`, `%set_env NAME value`: the variable and its value (undefined for a read). */
function envAssignment(code: string): { name: string; value: string } | undefined {
  const m = /^%(?:env|set_env)\s+([A-Za-z_]\w*)(?:\s*=\s*|\s+)(.*?)\s*$/.exec(code);
  if (!m) return undefined;
  let value = m[2]!;
  // `%env X="0,1"`: IPython keeps the quotes, but CUDA ignores them the way users mean them.
  if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
  return { name: m[1]!, value };
}

/** `x = !ls`, `out = %timeit f()`: where the IPython part starts. */
const ASSIGNED_MAGIC = /^(\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)[!%]/;

function cellMagic(lines: readonly string[]): string | undefined {
  const first = lines.find((l) => l.trim() !== '');
  const m = first ? /^%%(\S*)/.exec(first) : null;
  return m ? m[1]! : undefined;
}

/** The Python a code cell runs, or why it is not Python. */
export function cellPython(text: string): CellPython {
  const lines = text.split('\n');
  const magic = cellMagic(lines);
  if (magic !== undefined && !PYTHON_CELL_MAGICS.has(magic.toLowerCase())) return { python: false, magic: `%%${magic}` };
  const pieces: CellPiece[] = [];
  const st: ScanState = { depth: 0, continued: false };
  let offset = 0;
  let shellContinues = false;
  let pendingExact = '';
  let pendingStart = 0;
  const flush = (at: number): void => {
    if (pendingExact !== '' || at > pendingStart) pieces.push({ text: pendingExact, start: pendingStart, end: at, exact: true });
    pendingExact = '';
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const eol = n < lines.length - 1 ? '\n' : '';
    const lineStart = offset;
    offset += line.length + eol.length;
    const atStatement = !st.triple && st.depth === 0 && !st.continued;
    const ws = /^\s*/.exec(line)![0].length;
    const code = line.slice(ws);
    if (shellContinues) {
      // The next line of a `!cmd \` or `%magic \`: still IPython.
      shellContinues = /\\\s*$/.test(line);
      pendingExact += (code === '' ? line : `${line.slice(0, ws)}#${code.slice(1)}`) + eol;
      continue;
    }
    if (!atStatement || code === '') {
      scanLine(line, st);
      pendingExact += line + eol;
      continue;
    }
    const env = /^%(?:env|set_env)\b/.test(code) ? envAssignment(code) : undefined;
    if (env) {
      flush(lineStart);
      pieces.push({
        text: `${line.slice(0, ws)}os.environ[${JSON.stringify(env.name)}] = ${JSON.stringify(env.value)}${eol}`,
        start: lineStart,
        end: offset,
        exact: false,
      });
      pendingStart = offset;
      continue;
    }
    let from: number | undefined;
    if (/^[%!?/,;]/.test(code)) from = ws;
    else {
      const assigned = ASSIGNED_MAGIC.exec(line);
      if (assigned && !/^\s*\S+\s*==/.test(line)) from = assigned[1]!.length;
      else {
        const probe: ScanState = { ...st };
        const codeEnd = scanLine(line, probe);
        // Python never ends a statement with `?`: IPython's help (`x?`, `obj.method??`).
        if (!probe.triple && probe.depth === 0 && /\?\s*$/.test(line.slice(0, codeEnd))) from = ws;
      }
    }
    if (from === undefined) {
      scanLine(line, st);
      pendingExact += line + eol;
      continue;
    }
    shellContinues = /\\\s*$/.test(line);
    pendingExact += neutral(line, from) + eol;
  }
  flush(offset);
  return { python: true, pieces };
}
