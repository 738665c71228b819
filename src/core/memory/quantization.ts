/** bitsandbytes quantization as `BitsAndBytesConfig` describes it. */
export interface Quantization {
  readonly method: 'bnb-4bit' | 'bnb-8bit';
  /** `llm_int8_skip_modules`; when absent transformers keeps the output head unquantized. */
  readonly skipModules?: readonly string[];
  /** `llm_int8_enable_fp32_cpu_offload`. */
  readonly cpuOffload?: boolean;
  /** `bnb_4bit_use_double_quant`, for the record (the weight still counts half a byte). */
  readonly doubleQuant?: boolean;
}

/** Bytes per element that transformers 5 counts for a quantized Linear weight. */
export function quantizedElementBytes(q: Quantization): number {
  return q.method === 'bnb-4bit' ? 0.5 : 1;
}

/**
 * Whether transformers would replace this module's weight with a bitsandbytes one.
 * Only `nn.Linear` weights are quantized; a module is skipped when a skip entry
 * equals its name or one of its dotted name segments (as `replace_with_bnb_linear`
 * matches `current_key_name`).
 */
export function isQuantizedLinear(moduleName: string, className: string, q: Quantization, defaultSkips: readonly string[]): boolean {
  if (className !== 'Linear') return false;
  const skips = q.skipModules ?? defaultSkips;
  const parts = moduleName.split('.');
  for (const s of skips) {
    if (moduleName === s || parts.includes(s) || moduleName.endsWith(`.${s}`)) return false;
  }
  return true;
}
