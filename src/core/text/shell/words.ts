/**
 * Shell text as commands of words: line continuations joined, comments and heredoc
 * bodies dropped, quotes removed, `$VAR` / `${VAR}` / `${VAR:-default}` filled from
 * earlier assignments. Enough for launch lines; anything it cannot read stays as written.
 */

export interface ShellCommand {
  /** 1-based line where the command starts. */
  readonly line: number;
  /** Leading `NAME=value` words (the command's own environment). */
  readonly env: ReadonlyMap<string, string>;
  /** The words after them (for `export A=B`, the words `export`, `A=B`). */
  readonly words: readonly string[];
}

function expand(word: string, vars: ReadonlyMap<string, string>): string {
  return word.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g,
    (whole, a: string | undefined, def: string | undefined, b: string | undefined) => {
      const name = a ?? b!;
      return vars.get(name) ?? def ?? whole;
    },
  );
}

/** Splits one logical line into words, honouring quotes; `#` outside quotes starts a comment. */
function splitWords(line: string, vars: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end < 0 ? line.length : end;
      cur += line.slice(i + 1, stop);
      has = true;
      i = stop;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        s += line[j];
        j++;
      }
      cur += expand(s, vars);
      has = true;
      i = j;
    } else if (c === '$' && line[i + 1] === '(') {
      // A command substitution is one word, known only at run time (kept as written).
      let depth = 0;
      let j = i + 1;
      for (; j < line.length; j++) {
        if (line[j] === '(') depth++;
        else if (line[j] === ')' && --depth === 0) break;
      }
      cur += line.slice(i, j + 1);
      has = true;
      i = j;
    } else if (/\s/.test(c) || c === ';' || c === '&' || c === '|') {
      if (has) out.push(cur);
      cur = '';
      has = false;
      if (c !== ' ' && c !== '\t') out.push(c);
    } else if (c === '#' && !has) {
      break;
    } else {
      let j = i;
      while (j < line.length && !/[\s'";&|]/.test(line[j]!) && !(line[j] === '$' && line[j + 1] === '(')) j++;
      cur += expand(line.slice(i, j), vars);
      has = true;
      i = j - 1;
    }
  }
  if (has) out.push(cur);
  return out;
}

const ASSIGN = /^([A-Za-z_]\w*)=(.*)$/s;

export function shellCommands(text: string): ShellCommand[] {
  const lines = text.split(/\r?\n/);
  const vars = new Map<string, string>();
  const out: ShellCommand[] = [];
  let heredocEnd: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let raw = lines[i]!;
    if (heredocEnd !== undefined) {
      if (raw.trim() === heredocEnd) heredocEnd = undefined;
      continue;
    }
    while (/\\\s*$/.test(raw) && i + 1 < lines.length) raw = raw.replace(/\\\s*$/, ' ') + lines[++i]!;
    const here = /<<-?\s*['"]?(\w+)['"]?/.exec(raw);
    if (here) heredocEnd = here[1];
    const words = splitWords(raw, vars);
    // Commands separated by ; && || | on one line are read one by one.
    let part: string[] = [];
    const flush = () => {
      const env = new Map<string, string>();
      let k = 0;
      for (; k < part.length; k++) {
        const m = ASSIGN.exec(part[k]!);
        if (!m) break;
        env.set(m[1]!, m[2]!);
      }
      const rest = part.slice(k);
      if (rest.length === 0) for (const [n, v] of env) vars.set(n, v);
      if (rest[0] === 'export')
        for (const w of rest.slice(1)) {
          const m = ASSIGN.exec(w);
          if (m) vars.set(m[1]!, m[2]!);
        }
      if (rest.length > 0) out.push({ line: startLine, env, words: rest });
      part = [];
    };
    for (const w of words) {
      if (w === ';' || w === '&' || w === '|') flush();
      else part.push(w);
    }
    flush();
  }
  return out;
}

/** Every variable the script exports or assigns before `line` (later ones win), for CUDA_VISIBLE_DEVICES and the bypass. */
export function exportedBefore(commands: readonly ShellCommand[], line: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of commands) {
    if (c.line >= line) break;
    if (c.words[0] === 'export')
      for (const w of c.words.slice(1)) {
        const m = ASSIGN.exec(w);
        if (m) out.set(m[1]!, m[2]!);
      }
  }
  return out;
}
