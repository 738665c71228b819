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
import { parseDType } from '../../base/dtypes';
import type { Quantization } from '../../memory/quantization';
import type { DocumentFacts, DocumentProblem, FoundDeviceMap, MaxMemorySpec, ModelRef, Span } from '../types';
import { literalMaxMemory, stringMapShape } from '../stringMap';
import { spannedCommands } from './spannedWords';
import { optionValue, swiftCommand, valueSpan, type SwiftCommand } from './swiftCommand';

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
  const maxMemory = (mm ? literalMaxMemory(mm) : undefined) ?? deviceMaxMemoryOf(cmd);
  // Without --device_map ms-swift picks the map itself (its default depends on the run): nothing written to check.
  if (!written) return undefined;
  const modelWord = optionValue(cmd, 'model', 'model_id_or_path');
  const dtypeWord = optionValue(cmd, 'torch_dtype', 'dtype');
  const dtype = dtypeWord ? parseDType(dtypeWord.text) : undefined;
  const quant = quantizationOf(cmd);
  const visibleDevices = countVisible(cmd.command.env.get('CUDA_VISIBLE_DEVICES')?.text ?? visible);
  const callSpan: Span = { start: cmd.command.start, end: cmd.command.end };
  const shape = stringMapShape(written, '--device_map', problems);
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
  let loraTargets: string[] | undefined;
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
    // `all-linear` (ms-swift's default) names no module: the estimate keeps its own default targets then.
    const targets = cmd.options.get('target_modules')?.values.map((v) => v.text) ?? [];
    if (targets.length > 0 && targets.every((t) => /^[\w.]+$/.test(t) && !/^all/i.test(t))) loraTargets = targets;
    const found = mapOf(cmd, visible, problems);
    if (found) maps.push(found);
  }
  return { maps, trains, ...(loraRank !== undefined ? { loraRank } : {}), ...(loraTargets ? { loraTargets } : {}), problems };
}
