/** Decoding Python string literals as the interpreter would (prefixes, triple quotes, escapes). */

export interface StringParts {
  prefix: string;
  quote: '"' | "'";
  /** Length of the opening quote run (1 or 3). */
  quoteLen: number;
  /** Offsets (relative to the literal start) of the body. */
  bodyStart: number;
  bodyEnd: number;
  raw: boolean;
  /** False while the user is still typing the string (no closing quote yet). */
  closed: boolean;
}

/** Splits a literal such as `rb'''x'''` into prefix, quotes and body; tolerant of a missing closing quote. */
export function stringParts(text: string): StringParts | undefined {
  const m = /^([rRbBuUfF]{0,2})(['"])/.exec(text);
  if (!m) return undefined;
  const prefix = m[1] ?? '';
  const quote = m[2] as '"' | "'";
  const triple = text.startsWith(quote.repeat(3), prefix.length);
  const quoteLen = triple ? 3 : 1;
  const bodyStart = prefix.length + quoteLen;
  const close = quote.repeat(quoteLen);
  const closed =
    text.length - bodyStart >= quoteLen &&
    text.endsWith(close) &&
    !/(^|[^\\])(\\\\)*\\$/.test(text.slice(bodyStart, text.length - quoteLen));
  const bodyEnd = closed ? text.length - quoteLen : text.length;
  return { prefix, quote, quoteLen, bodyStart, bodyEnd: Math.max(bodyStart, bodyEnd), raw: /[rR]/.test(prefix), closed };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Applies Python escape sequences; unknown escapes stay as written (as Python does). */
export function unescapePython(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1]!;
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hexLen = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLen);
      if (hex.length === hexLen && /^[0-9a-fA-F]+$/.test(hex)) {
        const cp = parseInt(hex, 16);
        if (cp <= 0x10ffff) {
          out += String.fromCodePoint(cp);
          i += 1 + hexLen;
          continue;
        }
      }
    }
    const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    if (oct) {
      out += String.fromCharCode(parseInt(oct[0], 8));
      i += oct[0].length;
      continue;
    }
    out += c;
  }
  return out;
}

/** The value of one plain (non-f), finished string literal, or undefined if it is not one. */
export function decodeStringLiteral(text: string): { value: string; quote: '"' | "'"; bytes: boolean } | undefined {
  const p = stringParts(text);
  if (!p || !p.closed || /[fF]/.test(p.prefix)) return undefined;
  const body = text.slice(p.bodyStart, p.bodyEnd);
  return { value: p.raw ? body : unescapePython(body), quote: p.quote, bytes: /[bB]/.test(p.prefix) };
}
