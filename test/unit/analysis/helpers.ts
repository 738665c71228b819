/**
 * Builders for analysis tests: a tiny Llama like the one user-maps.json was
 * recorded on, environments, and device maps written out as Python text with
 * exact spans (so findings can be checked against the text they point at).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromConfig } from '../../../src/core/models/registry';
import type { ModelTree } from '../../../src/core/models/tree';
import { DEFAULT_SETUP, GIB, type MachineSetup } from '../../../src/core/settings';
import type { AnalysisEnv, Finding, SourceDocument } from '../../../src/core/analysis/api';
import type { DeviceMapEntry, DeviceValue, DocumentFacts, FoundDeviceMap, Span } from '../../../src/core/text/types';
import { FIXTURES } from '../../helpers/fixtures';

/** The 4-layer Llama (hidden 256, vocab 1000) of fixtures/user-maps.json. */
export function tinyLlama(tied = false, layers = 4): ModelTree {
  return modelFromConfig({
    model_type: 'llama',
    hidden_size: 256,
    intermediate_size: 512,
    num_hidden_layers: layers,
    num_attention_heads: 4,
    num_key_value_heads: 4,
    vocab_size: 1000,
    tie_word_embeddings: tied,
    dtype: 'bfloat16',
  });
}

export function fixtureModel(name: string): ModelTree {
  return modelFromConfig(JSON.parse(readFileSync(join(FIXTURES, 'models', name, 'config.json'), 'utf8')));
}

export function gpus(n: number, gib = 24): MachineSetup {
  return { ...DEFAULT_SETUP, gpus: Array.from({ length: n }, () => ({ name: `${gib} GiB GPU`, memory: gib * GIB })) };
}

export function envWith(tree: ModelTree | undefined, setup: MachineSetup = DEFAULT_SETUP, error = 'no config.json found'): AnalysisEnv {
  return {
    setup,
    lookupModel: () => (tree ? { status: 'ok', tree, origin: 'test' } : { status: 'error', message: error }),
  };
}

/** A DeviceValue for Python source text such as `0`, `"cuda:1"`, `1.0`, `-1`. */
export function valueOf(raw: string, span: Span): DeviceValue {
  const q = raw[0] === '"' || raw[0] === "'" ? (raw[0] as '"' | "'") : undefined;
  if (q) {
    const s = raw.slice(1, -1);
    const cuda = /^cuda(?::(\d+))?$/.exec(s);
    let device: number | string | undefined = cuda ? Number(cuda[1] ?? 0) : s;
    let invalid: string | undefined;
    if (!cuda && !/^(cpu|disk|mps|meta|npu(:\d+)?|xpu(:\d+)?)$/.test(s)) {
      device = undefined;
      invalid = `Invalid device string: '${s}'`;
    }
    if (s === 'meta') {
      device = undefined;
      invalid = 'NotImplementedError: Cannot copy out of meta tensor; no data!';
    }
    return {
      raw,
      span,
      quote: q,
      literal: s,
      style: cuda ? 'cuda-string' : 'string',
      ...(device !== undefined ? { device } : {}),
      ...(invalid ? { invalid } : {}),
    };
  }
  const n = Number(raw);
  if (/[.eE]/.test(raw))
    return {
      raw,
      span,
      literal: n,
      style: 'other',
      invalid: 'TypeError: device() received an invalid combination of arguments - got (float)',
    };
  if (n < 0) return { raw, span, literal: n, style: 'int', invalid: 'Device index must not be negative' };
  return { raw, span, literal: n, style: 'int', device: n };
}

export interface PyMapOptions {
  readonly extra?: Partial<FoundDeviceMap>;
  readonly trains?: boolean;
  readonly loraTargets?: string[];
  /** Source lines before the call (imports, LoraConfig...). */
  readonly before?: string;
  readonly after?: string;
  readonly model?: string;
}

/** `model = AutoModelForCausalLM.from_pretrained("tiny", device_map={...})` with one entry per line. */
export function pyMap(
  entries: ReadonlyArray<readonly [string, string]>,
  opts: PyMapOptions = {},
): { doc: SourceDocument; facts: DocumentFacts } {
  let text = opts.before ?? '';
  const modelName = opts.model ?? 'tiny';
  text += 'model = AutoModelForCausalLM.from_pretrained(';
  const modelSpan = { start: text.length, end: text.length + modelName.length + 2 };
  text += `"${modelName}", device_map=`;
  const dictStart = text.length;
  text += '{\n';
  const out: DeviceMapEntry[] = [];
  for (const [key, raw] of entries) {
    text += '    ';
    const entryStart = text.length;
    const keyRaw = `"${key}"`;
    const keySpan = { start: text.length, end: text.length + keyRaw.length };
    text += `${keyRaw}: `;
    const vSpan = { start: text.length, end: text.length + raw.length };
    text += raw;
    out.push({ key, keySpan, value: valueOf(raw, vSpan), entrySpan: { start: entryStart, end: text.length }, literal: true });
    text += ',\n';
  }
  text += '}';
  const dictSpan = { start: dictStart, end: text.length };
  text += ')\n';
  const callEnd = text.length;
  text += opts.after ?? '';
  const map: FoundDeviceMap = {
    kind: 'dict',
    span: dictSpan,
    dictSpan,
    entries: out,
    partial: false,
    style: { indent: '    ', quote: '"', multiline: true, trailingComma: true },
    model: { name: modelName, span: modelSpan },
    callSpan: { start: (opts.before ?? '').length, end: callEnd },
    reachesModel: true,
    ...opts.extra,
  };
  return {
    doc: { text, languageId: 'python', fileName: '/work/test.py' },
    facts: { maps: [map], trains: opts.trains ?? false, ...(opts.loraTargets ? { loraTargets: opts.loraTargets } : {}), problems: [] },
  };
}

/** A `device_map="..."`/`device_map=N` argument. */
export function pyScalar(raw: string, opts: PyMapOptions = {}): { doc: SourceDocument; facts: DocumentFacts } {
  const prefix = `${opts.before ?? ''}model = AutoModelForCausalLM.from_pretrained("${opts.model ?? 'tiny'}", device_map=`;
  const span = { start: prefix.length, end: prefix.length + raw.length };
  const value = valueOf(raw, span);
  const isStrategy = typeof value.literal === 'string' && !/^(cuda(:\d+)?|cpu|disk|mps|meta)$/.test(value.literal);
  const map: FoundDeviceMap = {
    kind: isStrategy ? 'strategy' : typeof value.literal === 'number' ? 'int' : 'device',
    span,
    entries: [],
    value,
    partial: false,
    model: { name: opts.model ?? 'tiny', span: { start: prefix.indexOf('"'), end: prefix.lastIndexOf('"') + 1 } },
    reachesModel: true,
    ...opts.extra,
  };
  return {
    doc: { text: `${prefix}${raw})\n`, languageId: 'python', fileName: '/work/test.py' },
    facts: { maps: [map], trains: opts.trains ?? false, problems: [] },
  };
}

/** The 4-layer map of user-maps.json "valid", as [key, raw] pairs. */
export const VALID_TINY: ReadonlyArray<readonly [string, string]> = [
  ['model.embed_tokens', '0'],
  ['model.layers.0', '0'],
  ['model.layers.1', '0'],
  ['model.layers.2', '1'],
  ['model.layers.3', '1'],
  ['model.norm', '1'],
  ['lm_head', '1'],
  ['model.rotary_emb', '1'],
];

export function codes(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}

/** The text a finding points at. */
export function textOf(doc: SourceDocument, f: { start: number; end: number }): string {
  return doc.text.slice(f.start, f.end);
}
