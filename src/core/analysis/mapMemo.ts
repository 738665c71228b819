/**
 * Per-map findings, memoized by content: re-linting after a keystroke re-runs
 * the rules only for the maps whose text or inputs changed. A map's key is
 * everything the rules can see of it, with positions made relative to the
 * map, so a map that only moved (text typed above it) is a hit and its
 * findings are shifted back into place:
 *   - the map's facts (entries, spans, model, dtype, max_memory...) relative to its start,
 *   - the text under all of its spans, and whether only blanks precede it (DM016 reads that),
 *   - the file-level facts (training, LoRA targets and rank), language and file name,
 *   - the machine setup (by identity), the estimate mode, what the model lookup returned, and
 *     every other input on the env (the face's wording hints...: objects by identity),
 *   - the message catalogue in force (messages.ts: a locale by identity, a test's fill watcher).
 * The rules are pure functions of these (context.ts), so a hit returns exactly
 * what they would.
 */
import type { ModelTree } from '../models/tree';
import type { DocumentFacts, FoundDeviceMap, Span } from '../text/types';
import type { AnalysisEnv, Finding, ModelLookup, SourceDocument } from './api';
import type { MachineSetup } from '../settings';
import { estimateModeOf } from './estimateChoice';
import { fillInputs } from './messages';

/**
 * Findings kept per machine setup (a setup change drops them all with the old setup object).
 * Keys hold the map's text and JSON (about 25 KB for an 80-layer map), so the bound keeps the
 * memo to a few MB: eight open documents of 50 maps each.
 */
const MAX_PER_SETUP = 400;
const bySetup = new WeakMap<MachineSetup, Map<string, readonly MapFinding[]>>();
const treeIds = new WeakMap<ModelTree, number>();
let nextTreeId = 1;

function isSpan(v: unknown): v is Span {
  return typeof v === 'object' && v !== null && typeof (v as Span).start === 'number' && typeof (v as Span).end === 'number';
}

/** Every `"start":N` / `"end":N` in a JSON text, in order (a plain scan: this runs per map per keystroke). */
function spanFields(json: string): Array<{ at: number; len: number; value: number; start: boolean }> {
  const out: Array<{ at: number; len: number; value: number; start: boolean }> = [];
  for (const [field, start] of [
    ['"start":', true],
    ['"end":', false],
  ] as const) {
    for (let i = json.indexOf(field); i >= 0; i = json.indexOf(field, i + 1)) {
      let j = i + field.length;
      const from = j;
      if (json.charCodeAt(j) === 45) j++; // '-'
      while (j < json.length && json.charCodeAt(j) >= 48 && json.charCodeAt(j) <= 57) j++;
      if (j > from) out.push({ at: from, len: j - from, value: Number(json.slice(from, j)), start });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The map as JSON with every span made relative to the start of the extent all its spans cover. */
function relativeJson(map: FoundDeviceMap): { json: string; extent: Span } {
  const json = JSON.stringify(map);
  const fields = spanFields(json);
  let start = map.span.start;
  let end = map.span.end;
  for (const f of fields) {
    if (f.start) start = Math.min(start, f.value);
    else end = Math.max(end, f.value);
  }
  const parts: string[] = [];
  let last = 0;
  for (const f of fields) {
    parts.push(json.slice(last, f.at), String(f.value - start));
    last = f.at + f.len;
  }
  parts.push(json.slice(last));
  return { json: parts.join(''), extent: { start, end } };
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

function idOf(v: object): number {
  let id = objectIds.get(v);
  if (id === undefined) objectIds.set(v, (id = nextObjectId++));
  return id;
}

/**
 * The env's other inputs (the face's wording hints and whatever is added later): objects by
 * identity, plain values as they are. setup keys the memo itself; the lookup and the estimate
 * mode enter the key through their results.
 */
function envExtras(env: AnalysisEnv): string {
  const parts: string[] = [];
  const { catalogue } = fillInputs();
  parts.push(`~locale#${catalogue ? idOf(catalogue) : 0}`);
  for (const [k, v] of Object.entries(env)) {
    if (k === 'setup' || typeof v === 'function') continue;
    if (typeof v === 'object' && v !== null) parts.push(`${k}#${idOf(v)}`);
    else parts.push(`${k}=${JSON.stringify(v)}`);
  }
  return parts.sort().join(',');
}

/** A watched run always misses: the watcher must see every fill the rules make (a fresh id per map). */
function watchPart(): string {
  return fillInputs().watched ? `~watched#${nextObjectId++}` : '~unwatched';
}

function lookupId(l: ModelLookup): string {
  if (l.status !== 'ok') return l.status === 'error' ? `error:${l.message}` : 'pending';
  let id = treeIds.get(l.tree);
  if (id === undefined) treeIds.set(l.tree, (id = nextTreeId++));
  return `ok:${id}:${l.origin}`;
}

/** Shifts every span in a finding by `delta` (its range, related spans, any span in its data). */
function shifted<T>(v: T, delta: number): T {
  if (delta === 0 || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => shifted(x, delta)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = shifted(x, delta);
  if (isSpan(v)) {
    out.start = v.start + delta;
    out.end = v.end + delta;
  }
  return out as T;
}

/** A rule's finding, or the hint standing for a rule that threw (which names no map). */
export interface MapFinding {
  readonly finding: Finding;
  readonly internal: boolean;
}

export interface MapMemoKey {
  readonly key: string;
  /** Where the map's extent starts in this text: findings are stored relative to it. */
  readonly base: number;
}

/**
 * The part of every map's key that is the same for all maps of one document (file-level facts,
 * estimate mode, env extras): worked out once per analysis, not once per map.
 */
export function documentMemoKey(doc: SourceDocument, facts: DocumentFacts, env: AnalysisEnv): string {
  const { maps: _maps, problems: _problems, ...fileFacts } = facts;
  return [doc.languageId, doc.fileName, JSON.stringify(fileFacts), JSON.stringify(estimateModeOf(env, facts)), envExtras(env)].join(
    '\u0000',
  );
}

/**
 * The last key made for a map object. The finder hands back the very same object for a map whose
 * statements it replayed (statementMemo.ts), so its JSON is not made again, and the same key string
 * (whose hash V8 keeps) is reused while the rest of the key is unchanged; the text under the map is
 * still compared, since text between its spans may have changed.
 */
interface KeyParts {
  readonly rel: string;
  readonly extent: Span;
  readonly head: string;
  readonly under: string;
  readonly key: string;
}
const keysByMap = new WeakMap<FoundDeviceMap, KeyParts>();

export function mapMemoKey(
  doc: SourceDocument,
  documentKey: string,
  map: FoundDeviceMap,
  lookup: ModelLookup,
  leading: number,
): MapMemoKey {
  const last = keysByMap.get(map);
  // Spans are plain {start, end} objects (text/types.ts), so they are found in the JSON itself.
  const { rel, extent } = last ?? (({ json, extent }) => ({ rel: json, extent }))(relativeJson(map));
  const base = extent.start;
  const head = [documentKey, lookupId(lookup), watchPart(), leading < base ? 'after-text' : String(leading - base)].join('\u0000');
  const under = doc.text.slice(extent.start, extent.end);
  if (last && last.head === head && last.under === under) return { key: last.key, base };
  const key = [head, rel, under].join('\u0000');
  keysByMap.set(map, { rel, extent, head, under, key });
  return { key, base };
}

/** Hits and misses since start: the tests check that an edit re-runs the rules of the edited map only. */
export const mapMemoStats = { hits: 0, misses: 0 };

export function recall(setup: MachineSetup, k: MapMemoKey): MapFinding[] | undefined {
  const hit = bySetup.get(setup)?.get(k.key);
  if (hit) mapMemoStats.hits++;
  else mapMemoStats.misses++;
  return hit ? hit.map((f) => shifted(f, k.base)) : undefined;
}

export function remember(setup: MachineSetup, k: MapMemoKey, findings: readonly MapFinding[]): void {
  let memo = bySetup.get(setup);
  if (!memo) bySetup.set(setup, (memo = new Map()));
  memo.delete(k.key);
  memo.set(
    k.key,
    findings.map((f) => shifted(f, -k.base)),
  );
  if (memo.size > MAX_PER_SETUP) memo.delete(memo.keys().next().value!);
}
