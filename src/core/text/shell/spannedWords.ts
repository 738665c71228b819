/**
 * Shell text as commands of words that remember where every character came from:
 * quotes removed, `\`-newline continuations joined, `$VAR` / `${VAR}` filled from
 * earlier assignments (the characters keep the place of the assignment's value), comments
 * and heredoc bodies dropped. A finding about a character of an argument (a key inside
 * `--device_map '{...}'`) can then point at that character in the script.
 * Never throws; what it cannot read (`$(...)`, an unknown variable) stays as written.
 */
import type { Span } from '../types';
import { sliceSpanned, type SpannedText } from '../spannedText';

export { isVerbatim, sliceSpanned, sourceSpan, type SpannedText } from '../spannedText';

export interface ShellWord extends SpannedText {
  /** The word as written in the script, quotes included. */
  readonly span: Span;
}

export interface SpannedCommand {
  /** Offset where the command starts. */
  readonly start: number;
  /** Offset just past its last word. */
  readonly end: number;
  /** Leading `NAME=value` words: the command's own environment. */
  readonly env: ReadonlyMap<string, SpannedText>;
  /** The words after them. */
  readonly words: readonly ShellWord[];
}

const NAME = /^([A-Za-z_]\w*)/;

class WordBuilder {
  text = '';
  from: number[] = [];
  to: number[] = [];
  started = -1;

  add(c: string, from: number, to = from + 1): void {
    this.text += c;
    this.from.push(from);
    this.to.push(to);
  }

  addText(t: SpannedText): void {
    this.text += t.text;
    this.from.push(...t.from);
    this.to.push(...t.to);
  }
}

export function spannedCommands(src: string): SpannedCommand[] {
  const vars = new Map<string, SpannedText>();
  const out: SpannedCommand[] = [];
  let words: ShellWord[] = [];
  let w = new WordBuilder();
  let pendingHeredoc: string | undefined;
  let i = 0;

  const endWord = (at: number) => {
    if (w.started >= 0) words.push({ text: w.text, from: w.from, to: w.to, span: { start: w.started, end: at } });
    w = new WordBuilder();
  };
  const begin = (at: number) => {
    if (w.started < 0) w.started = at;
  };
  const endCommand = () => {
    const env = new Map<string, SpannedText>();
    let k = 0;
    for (; k < words.length; k++) {
      const m = /^([A-Za-z_]\w*)=/.exec(words[k]!.text);
      if (!m) break;
      env.set(m[1]!, sliceSpanned(words[k]!, m[0].length));
    }
    const rest = words.slice(k);
    if (rest.length === 0) for (const [n, v] of env) vars.set(n, v);
    if (rest[0]?.text === 'export' || rest[0]?.text === 'declare' || rest[0]?.text === 'local')
      for (const x of rest.slice(1)) {
        const m = /^([A-Za-z_]\w*)=/.exec(x.text);
        if (m) vars.set(m[1]!, sliceSpanned(x, m[0].length));
      }
    if (words.length > 0) out.push({ start: words[0]!.span.start, end: words[words.length - 1]!.span.end, env, words: rest });
    words = [];
  };
  /** `$NAME`, `${NAME}`, `${NAME:-default}` at `at` (the `$`): appends the value, returns the index after it. */
  const expand = (at: number): number => {
    const rest = src.slice(at + 1, at + 200);
    const braced = /^\{([A-Za-z_]\w*)(?::?[-=]([^}]*))?\}/.exec(rest);
    const plain = braced ? undefined : NAME.exec(rest);
    const m = braced ?? plain;
    if (!m) {
      w.add('$', at);
      return at + 1;
    }
    const end = at + 1 + m[0].length;
    const value = vars.get(m[1]!);
    if (value) w.addText(value);
    else if (braced && braced[2] !== undefined) {
      const defStart = at + 1 + braced[0].indexOf(braced[2], braced[1]!.length + 1);
      for (let j = 0; j < braced[2].length; j++) w.add(braced[2][j]!, defStart + j);
    } else for (let j = at; j < end; j++) w.add(src[j]!, j);
    return end;
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '\n') {
      endWord(i);
      endCommand();
      i++;
      if (pendingHeredoc !== undefined) {
        // Skip the heredoc body: lines up to the one holding only the delimiter.
        const delim = pendingHeredoc;
        pendingHeredoc = undefined;
        while (i < src.length) {
          const nl = src.indexOf('\n', i);
          const line = src.slice(i, nl < 0 ? src.length : nl);
          i = nl < 0 ? src.length : nl + 1;
          if (line.trim() === delim) break;
        }
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord(i);
      i++;
      continue;
    }
    if (c === ';' || c === '&' || c === '|') {
      endWord(i);
      endCommand();
      i++;
      continue;
    }
    if (c === '#' && w.started < 0) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }
    if (c === '<' && src[i + 1] === '<' && src[i + 2] !== '<') {
      const m = /^<<-?\s*(['"]?)(\w+)\1/.exec(src.slice(i, i + 200));
      if (m) {
        endWord(i);
        pendingHeredoc = m[2];
        i += m[0].length;
        continue;
      }
    }
    begin(i);
    if (c === "'") {
      const close = src.indexOf("'", i + 1);
      const stop = close < 0 ? src.length : close;
      for (let j = i + 1; j < stop; j++) w.add(src[j]!, j);
      i = stop + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        const d = src[j]!;
        if (d === '\\' && src[j + 1] === '\n') j += 2;
        else if (d === '\\' && '$`"\\'.includes(src[j + 1] ?? '')) {
          w.add(src[j + 1]!, j + 1);
          j += 2;
        } else if (d === '$' && src[j + 1] !== '(') j = expand(j);
        else {
          w.add(d, j);
          j++;
        }
      }
      i = j + 1;
    } else if (c === '$' && src[i + 1] === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src[j] === '(') depth++;
        else if (src[j] === ')' && --depth === 0) break;
      }
      for (let k = i; k <= Math.min(j, src.length - 1); k++) w.add(src[k]!, k);
      i = j + 1;
    } else if (c === '$') {
      i = expand(i);
    } else if (c === '\\' && i + 1 < src.length) {
      w.add(src[i + 1]!, i + 1);
      i += 2;
    } else {
      w.add(c, i);
      i++;
    }
  }
  endWord(src.length);
  endCommand();
  return out;
}
