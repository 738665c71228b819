/** Small in-place rewrites of one literal: a float device (`1.0` -> `1`), a `max_memory` key (`"cuda:0"` -> `0`), bits (`"20Gb"` -> `"20GB"`). */
import { action, dataOf, type Fix } from './fixContext';

export const floatDevice: Fix = ({ finding, ctx }) => {
  const key = dataOf<{ key: string }>(finding).key;
  const e = key !== undefined ? ctx.entryByKey.get(key) : undefined;
  const v = e?.value ?? ctx.map.value;
  if (!v || typeof v.literal !== 'number' || !Number.isInteger(v.literal) || v.literal < 0 || v.span.start !== finding.start) return [];
  return action(`Write ${v.raw} as ${v.literal}`, ['DM006'], [{ offset: v.span.start, length: v.span.end - v.span.start, text: String(v.literal) }], true);
};

export const maxMemoryLiteral: Fix = ({ finding, ctx }) => {
  const d = dataOf<{ kind: string; replacement: string }>(finding);
  const mm = ctx.map.maxMemory;
  if (!mm || d.replacement === undefined) return [];
  const e = mm.entries.find((x) => (d.kind === 'key' ? x.keySpan : x.valueSpan).start === finding.start);
  if (!e) return [];
  const span = d.kind === 'key' ? e.keySpan : e.valueSpan;
  const raw = ctx.doc.text.slice(span.start, span.end);
  const q = raw[0] === "'" ? "'" : '"';
  // JSON object keys must stay strings; Python GPU keys become ints.
  const text = d.kind === 'key' && ctx.doc.languageId === 'python' ? d.replacement : `${q}${d.replacement}${q}`;
  return action(d.kind === 'key' ? `Use ${text} as the key` : `Write ${text} (bytes, not bits)`, ['DM014'], [{ offset: span.start, length: span.end - span.start, text }], true);
};
