/**
 * Device maps on ms-swift command lines in shell scripts. ms-swift passes
 * `--device_map` through `json_parse_to_dict(value, strict=False)` (swift/utils/utils.py:
 * a path is `json.load`ed, otherwise `json.loads`, and a string that is not JSON stays a
 * string) to transformers' `from_pretrained`, with `--max_memory` read by `ast.literal_eval`
 * (swift/arguments/base_args/model_args.py), the model from `--model`, the dtype from
 * `--torch_dtype` and bitsandbytes from `--quant_method bnb --quant_bits 4|8`
 * (base_args/quant_args.py). ms-swift 2.x spelled them `--model_id_or_path`,
 * `--device_map_config`, `--device_max_memory 15GB 15GB` (one size per visible card, as
 * `{0: ..., 1: ...}`), `--dtype` and `--quantization_bit`. The value is read by the same
 * map builder as Python and JSON; every span is carried back through the shell quoting.
 */
import { parseTree, visit, printParseErrorCode } from 'jsonc-parser';
import { parseDType } from '../../base/dtypes';
import type { Quantization } from '../../memory/quantization';
import type { DocumentFacts, DocumentProblem, FoundDeviceMap, MaxMemorySpec, ModelRef, Span } from '../types';
import { toPyVal } from '../json/findJson';
import { mapShape, maxMemorySpec } from '../python/mapValue';
import { Env } from '../python/env';
import { Evaluator } from '../python/evaluate';
import { parsePython } from '../python/parseCache';
import type { PyVal } from '../python/values';
import { isVerbatim, sourceSpan, spannedCommands, type SpannedText } from './spannedWords';
import { optionValue, swiftCommand, valueSpan, type SwiftCommand } from './swiftCommand';

/** Every `{start, end}` inside `x`, carried through `f` (a deep copy; other values kept). */
function remapSpans<T>(x: T, f: (s: Span) => Span, depth = 0): T {
  if (depth > 60 || x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map((v) => remapSpans(v, f, depth + 1)) as T;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 2 && typeof o.start === 'number' && typeof o.end === 'number') return f(o as unknown as Span) as T;
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = remapSpans(o[k], f, depth + 1);
  return out as T;
}

/** Where `json.loads` (strict JSON) first fails in `text`, and why. */
function jsonError(text: string): { at: number; why: string } | undefined {
  let first: { at: number; why: string } | undefined;
  visit(
    text,
    {
      onError: (code, offset) => {
        first ??= { at: offset, why: printParseErrorCode(code) };
      },
      onComment: (offset) => {
        first ??= { at: offset, why: 'CommentNotAllowed' };
      },
    },
    { disallowComments: false, allowTrailingComma: false },
  );
  return first;
}

const TRAILING_COMMA = /,\s*[}\]]/;

/** `--device_map` as ms-swift reads it, in the value's own coordinates. */
function mapValueOf(v: SpannedText, problems: DocumentProblem[]): PyVal | 'file' {
  const t = v.text;
  const whole: Span = { start: 0, end: t.length };
  const trimmed = t.trim();
  // A variable or command substitution set outside the script: known only at run time.
  if (/\$[\w{(]/.test(t)) return { t: 'unknown', span: whole };
  if (/^[{["]|^-?\d+$/.test(trimmed)) {
    const bad = jsonError(t) ?? (TRAILING_COMMA.test(t) ? { at: t.search(TRAILING_COMMA), why: 'TrailingComma' } : undefined);
    if (bad)
      problems.push({
        kind: 'unreadable',
        span: sourceSpan(v, { start: bad.at, end: bad.at + 1 }),
        message: `ms-swift reads --device_map with json.loads, which fails here (${bad.why}); the text then reaches from_pretrained as one device string and the load fails`,
      });
    const root = parseTree(t, [], { allowTrailingComma: true, disallowComments: false });
    return root ? toPyVal(root, t) : { t: 'unknown', span: whole };
  }
  // json_parse_to_dict loads an existing path as JSON: its map is in that file, read at run time.
  if (/\.jsonc?$/i.test(trimmed)) return 'file';
  return { t: 'str', v: t, span: whole };
}

/** `--max_memory '{0: "20GB", 1: "20GB"}'`: a Python literal (`ast.literal_eval`). */
function maxMemoryOf(v: SpannedText): MaxMemorySpec | undefined {
  const text = v.text;
  if (!/^\s*\{/.test(text)) return undefined;
  const tree = parsePython(text);
  const stmt = tree.topNode.firstChild;
  const expr = stmt?.firstChild;
  if (!expr) return undefined;
  const value = new Evaluator(text).eval(expr, new Env());
  return maxMemorySpec(value, { start: expr.from, end: expr.to }, text);
}

/** `--device_max_memory 15GB 15GB` (ms-swift 2.x): one size per card, from card 0. */
function deviceMaxMemoryOf(cmd: SwiftCommand): MaxMemorySpec | undefined {
  const values = cmd.options.get('device_max_memory')?.values ?? [];
  if (values.length === 0) return undefined;
  const spans = values.map(valueSpan);
  return {
    span: { start: spans[0]!.start, end: spans[spans.length - 1]!.end },
    entries: values.map((w, i) => ({ key: i, keyRaw: String(i), keySpan: spans[i]!, value: w.text, valueSpan: spans[i]! })),
    partial: false,
  };
}

function quantizationOf(cmd: SwiftCommand): { quantization: Quantization; span: Span } | undefined {
  const bits = optionValue(cmd, 'quant_bits', 'quantization_bit');
  if (!bits) return undefined;
  // 3.x and later quantize only with --quant_method bnb; 2.x's --quantization_bit defaulted to bnb.
  const method = optionValue(cmd, 'quant_method')?.text ?? (cmd.options.has('quantization_bit') ? 'bnb' : undefined);
  if (method !== 'bnb' || (bits.text !== '4' && bits.text !== '8')) return undefined;
  return { quantization: { method: bits.text === '4' ? 'bnb-4bit' : 'bnb-8bit' }, span: valueSpan(bits) };
}

function countVisible(v: string | undefined): number | undefined {
  if (v === undefined || v.includes('$')) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean).length;
}

function mapOf(cmd: SwiftCommand, visible: string | undefined, problems: DocumentProblem[]): FoundDeviceMap | undefined {
  const written = optionValue(cmd, 'device_map', 'device_map_config', 'device_map_config_path');
  const mm = optionValue(cmd, 'max_memory');
  const maxMemoryRaw = mm ? maxMemoryOf(mm) : undefined;
  const maxMemory = maxMemoryRaw && mm ? remapSpans(maxMemoryRaw, (s) => sourceSpan(mm, s)) : deviceMaxMemoryOf(cmd);
  // Without --device_map ms-swift picks the map itself (its default depends on the run): nothing written to check.
  if (!written) return undefined;
  const modelWord = optionValue(cmd, 'model', 'model_id_or_path');
  const dtypeWord = optionValue(cmd, 'torch_dtype', 'dtype');
  const dtype = dtypeWord ? parseDType(dtypeWord.text) : undefined;
  const quant = quantizationOf(cmd);
  const visibleDevices = countVisible(cmd.command.env.get('CUDA_VISIBLE_DEVICES')?.text ?? visible);
  const callSpan: Span = { start: cmd.command.start, end: cmd.command.end };
  let shape: Omit<FoundDeviceMap, 'reachesModel'>;
  {
    const value = mapValueOf(written, problems);
    if (value === 'file') shape = { kind: 'unknown', entries: [], partial: true, span: valueSpan(written) };
    else {
      const local = { ...mapShape(value, { start: 0, end: written.text.length }, written.text, 'json'), span: value.span };
      const mapped = remapSpans(local, (s) => sourceSpan(written, s));
      // Escaped or expanded text cannot take edits at these offsets: findings only.
      shape = isVerbatim(written)
        ? mapped
        : { ...mapped, entries: mapped.entries.map((e) => ({ ...e, literal: false })), dictSpan: undefined, style: undefined };
    }
  }
  const model: ModelRef | undefined =
    modelWord && !modelWord.text.includes('$') ? { name: modelWord.text, span: valueSpan(modelWord) } : undefined;
  return {
    ...shape,
    ...(model ? { model } : {}),
    ...(modelWord && !model
      ? { modelUnresolved: { span: valueSpan(modelWord), text: modelWord.text, reason: 'it is a shell variable set outside this script' } }
      : {}),
    ...(maxMemory ? { maxMemory } : {}),
    ...(dtype ? { dtype } : {}),
    ...(quant ? { quantization: quant.quantization, quantizationSpan: quant.span } : {}),
    ...(visibleDevices !== undefined ? { visibleDevices } : {}),
    callSpan,
    reachesModel: true,
  };
}

export function findShellMaps(text: string): DocumentFacts {
  const maps: FoundDeviceMap[] = [];
  const problems: DocumentProblem[] = [];
  let trains = false;
  let loraRank: number | undefined;
  let visible: string | undefined;
  for (const c of spannedCommands(text)) {
    if (c.words.length === 0 || c.words[0]!.text === 'export') {
      const set = c.words.length === 0 ? c.env.get('CUDA_VISIBLE_DEVICES') : undefined;
      if (set) visible = set.text;
      for (const w of c.words.slice(1)) if (w.text.startsWith('CUDA_VISIBLE_DEVICES=')) visible = w.text.slice(21);
      continue;
    }
    const cmd = swiftCommand(c);
    if (!cmd) continue;
    if (cmd.trains) trains = true;
    const rank = optionValue(cmd, 'lora_rank');
    if (rank && /^\d+$/.test(rank.text)) loraRank = Number(rank.text);
    const found = mapOf(cmd, visible, problems);
    if (found) maps.push(found);
  }
  return { maps, trains, ...(loraRank !== undefined ? { loraRank } : {}), problems };
}
