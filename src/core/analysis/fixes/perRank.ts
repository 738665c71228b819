/**
 * Quick fixes that make a map depend on the rank (DM019, DM020): one whole copy per
 * process, `{"": local_rank}`, or a hybrid layout with cards of its own per rank and the
 * bypass. The rank comes in the file's own style: a variable that already holds it, else
 * one line that reads it (`PartialState().local_process_index` where accelerate is
 * imported, else `int(os.environ.get("LOCAL_RANK", 0))`), with the import it needs.
 * Every edit of one action is one undo step.
 */
import type { TextEdit } from '../../text/types';
import type { RuleContext } from '../context';

/** `name = <something that reads the rank>` at the start of a line: its indentation and name. */
const RANK_ASSIGNMENT = /^([ \t]*)([A-Za-z_]\w*)[ \t]*=[ \t]*[^=\n]*(LOCAL_RANK|process_index|get_rank\(\)|\.local_rank\b)[^\n]*$/gm;
/** `accelerator = Accelerator(...)` / `state = PartialState()`: an accelerate object the file already made. */
const STATE_ASSIGNMENT = /^([ \t]*)([A-Za-z_]\w*)[ \t]*=[ \t]*(?:accelerate\.)?(?:Accelerator|PartialState)\(/gm;
/** What may precede the loader call on its line for a statement to be inserted above it. */
const STATEMENT_HEAD = /^[ \t]*(?:[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*|return[ \t]+)?$/;

/** Whether `at` sits inside brackets (a statement cannot start there): a scan that skips strings and comments. */
function insideBrackets(text: string, at: number): boolean {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    const c = text[i]!;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? at : nl;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      while (j < at && !text.startsWith(close, j)) j += text[j] === '\\' ? 2 : 1;
      i = j + close.length - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
  }
  return depth > 0;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Where a new top-level import goes: after `from __future__` imports, else before the first import, else the top. */
function importPoint(text: string): number {
  let last: number | undefined;
  for (const m of text.matchAll(/^from __future__ import[^\n]*\n/gm)) last = m.index + m[0].length;
  if (last !== undefined) return last;
  const first = /^(?:import|from)[ \t]/m.exec(text);
  return first ? first.index : 0;
}

export interface RankRead {
  /** The expression that holds the rank (a variable name). */
  readonly name: string;
  /** Edits that define it: an import and a line above the statement (empty when the file has it already). */
  readonly edits: TextEdit[];
}

/**
 * The rank as the file would write it, for a statement at `at` (the loader call); `extra`: a line to add
 * above the statement too (the bypass). Undefined when no line can go above the call (it sits inside an
 * expression that spans lines).
 */
export function rankRead(ctx: RuleContext, at: number, extra?: string): RankRead | undefined {
  const text = ctx.doc.text;
  const start = lineStart(text, at);
  if (!STATEMENT_HEAD.test(text.slice(start, at)) || insideBrackets(text, start)) return undefined;
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const visibleHere = (m: RegExpMatchArray) => m[1] === '' || m[1] === indent;
  let existing: string | undefined;
  for (const m of text.slice(0, start).matchAll(RANK_ASSIGNMENT)) if (visibleHere(m)) existing = m[2];
  let state: string | undefined;
  for (const m of text.slice(0, start).matchAll(STATE_ASSIGNMENT)) if (visibleHere(m)) state = m[2];
  const needsOs = (extra !== undefined || existing === undefined) && !/^[ \t]*import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*os\b/m.test(text);
  const accelerate = /^[ \t]*(?:from[ \t]+accelerate\b|import[ \t]+accelerate\b)/m.test(text);
  const imports: string[] = [];
  let line = '';
  let name = existing;
  if (name === undefined) {
    name = /\blocal_rank\b/.test(text) ? 'process_rank' : 'local_rank';
    if (state !== undefined) line = `${indent}${name} = ${state}.local_process_index\n`;
    else if (accelerate) {
      if (!/\bPartialState\b/.test(text)) imports.push('from accelerate import PartialState');
      line = `${indent}${name} = PartialState().local_process_index\n`;
    } else line = `${indent}${name} = int(os.environ.get("LOCAL_RANK", 0))\n`;
  }
  const usesOs = extra !== undefined || line.includes('os.environ');
  if (usesOs && needsOs) imports.unshift('import os');
  const edits: TextEdit[] = [];
  const point = importPoint(text);
  if (imports.length > 0) edits.push({ offset: point, length: 0, text: imports.map((i) => `${i}\n`).join('') });
  const above = `${extra !== undefined ? `${indent}${extra}\n` : ''}${line}`;
  if (above) {
    // An import and the new line at the same place (a file with no imports): one insertion, imports first.
    if (edits[0] && edits[0].offset === start) edits[0] = { ...edits[0], text: edits[0].text + above };
    else edits.push({ offset: start, length: 0, text: above });
  }
  return { name, edits };
}

/** `edits` plus one replacement, sorted, as one action's edits. */
export function withReplacement(read: RankRead, offset: number, length: number, text: string, more: TextEdit[] = []): TextEdit[] {
  return [...read.edits, { offset, length, text }, ...more].sort((a, b) => a.offset - b.offset);
}

/** Cards each process can have to itself: the visible cards (the launch's, the file's, the configured) divided by the processes. */
export function cardsPerRank(ctx: RuleContext): number | undefined {
  const launch = ctx.env.launch;
  if (!launch) return undefined;
  const configured = ctx.gpuCount;
  const visible = launch.visibleDevices === undefined ? configured : Math.min(configured ?? Infinity, launch.visibleDevices);
  return visible === undefined || !Number.isFinite(visible) ? undefined : Math.floor(visible / launch.processes);
}
