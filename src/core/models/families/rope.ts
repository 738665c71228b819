/**
 * How much of the head dim a rotary embedding covers, read the way transformers 5
 * standardises RoPE settings (`RotaryEmbeddingConfigMixin.convert_rope_params_to_dict`):
 * the legacy `rope_scaling` dict wins over `rope_parameters`; the type is its
 * `rope_type` (or legacy `type`), else "default"; `partial_rotary_factor` comes from
 * that dict, else the top-level key.
 */
import type { HFConfig } from '../config';
import { fractionField } from '../configFields';

function ropeDict(config: HFConfig): Readonly<Record<string, unknown>> {
  for (const key of ['rope_scaling', 'rope_parameters']) {
    const v = config[key];
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  }
  return {};
}

export function ropeType(config: HFConfig): string {
  const d = ropeDict(config);
  const t = d['rope_type'] ?? d['type'];
  return typeof t === 'string' ? t : 'default';
}

/**
 * The `partial_rotary_factor` the inverse frequencies are computed with.
 * Every non-default RoPE init function in `modeling_rope_utils` honours it; a family's
 * own default init (`compute_default_rope_parameters`) only does when `defaultReadsPartial`
 * (Phi3 yes, Llama/Mistral/Qwen/Gemma no).
 */
export function ropeDimFactor(config: HFConfig, defaultReadsPartial: boolean): number {
  if (ropeType(config) === 'default' && !defaultReadsPartial) return 1;
  const fromDict = ropeDict(config)['partial_rotary_factor'];
  if (typeof fromDict === 'number' && fromDict > 0 && fromDict <= 1) return fromDict;
  return fractionField(config, ['partial_rotary_factor'], 1);
}
