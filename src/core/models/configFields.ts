/**
 * Stricter config readers for the catalogue families. A transformers config class
 * fills every key a config.json leaves out with its own default, so a missing key
 * takes that default here too; but a key that is present with an unusable value
 * (a string, a negative size, a fraction) would crash inside torch, so it is a
 * ConfigError naming the key and the value instead.
 */
import { ConfigError, type HFConfig } from './config';
import { limitMessage, MAX_EXPERTS, MAX_LAYERS, type LimitName } from '../base/limits';

/** Keys whose value multiplies the tree (one module per layer or expert): bounded by core/limits.ts. */
const BOUNDED = new Map<string, [LimitName, number]>([
  ...['num_hidden_layers', 'n_layer', 'n_layers', 'num_layers', 'num_decoder_layers'].map((k): [string, [LimitName, number]] => [
    k,
    ['layers', MAX_LAYERS],
  ]),
  ...['num_local_experts', 'num_experts', 'n_routed_experts', 'moe_num_experts'].map((k): [string, [LimitName, number]] => [
    k,
    ['experts', MAX_EXPERTS],
  ]),
]);

function describe(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
}

function modelType(config: HFConfig): string {
  return String(config['model_type'] ?? 'unknown');
}

/**
 * The first of `keys` (aliases, in the order transformers resolves them) that the
 * config sets to a non-null value, as a positive integer (zero too when `allowZero`).
 * Absent or null everywhere: `fallback` (the config class default), else a ConfigError.
 */
export function intField(config: HFConfig, keys: string | readonly string[], fallback?: number, allowZero = false): number {
  const names = typeof keys === 'string' ? [keys] : keys;
  for (const k of names) {
    const v = config[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || (v === 0 && !allowZero)) {
      throw new ConfigError(
        `config.json "${k}" must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${describe(v)} (model_type ${modelType(config)})`,
      );
    }
    // 1e300 is an integer to JavaScript but no exact count; a million layers would take minutes and all memory.
    if (!Number.isSafeInteger(v))
      throw new ConfigError(`config.json "${k}" is ${describe(v)}, too large to be represented exactly (model_type ${modelType(config)})`);
    const bound = BOUNDED.get(k);
    if (bound && v > bound[1]) throw new ConfigError(`config.json "${k}": ${limitMessage(bound[0], v, bound[1])}`);
    return v;
  }
  if (fallback !== undefined) return fallback;
  throw new ConfigError(`config.json has no "${names.join('" / "')}" (model_type ${modelType(config)}), which this architecture needs`);
}

/** Like `intField` but absent/null gives undefined (keys whose null means "derive it"). */
export function optIntField(config: HFConfig, keys: string | readonly string[]): number | undefined {
  const names = typeof keys === 'string' ? [keys] : keys;
  return names.some((k) => config[k] !== undefined && config[k] !== null) ? intField(config, names) : undefined;
}

/** A boolean flag; absent/null gives the class default, anything but true/false is an error. */
export function boolField(config: HFConfig, key: string, fallback: boolean): boolean {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean')
    throw new ConfigError(`config.json "${key}" must be true or false, got ${describe(v)} (model_type ${modelType(config)})`);
  return v;
}

/** A string setting; absent/null gives the class default. */
export function strField(config: HFConfig, key: string, fallback: string): string {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string')
    throw new ConfigError(`config.json "${key}" must be a string, got ${describe(v)} (model_type ${modelType(config)})`);
  return v;
}

/** A fraction in (0, 1]; absent/null gives the default. */
export function fractionField(config: HFConfig, keys: readonly string[], fallback: number): number {
  for (const k of keys) {
    const v = config[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
      throw new ConfigError(`config.json "${k}" must be a number in (0, 1], got ${describe(v)} (model_type ${modelType(config)})`);
    }
    return v;
  }
  return fallback;
}

/** The checks transformers' modules make in `__init__` (`embed_dim must be divisible by num_heads`). */
export function requireDivisible(config: HFConfig, size: number, sizeKey: string, heads: number, headsKey: string): void {
  if (size % heads !== 0) {
    throw new ConfigError(
      `config.json "${sizeKey}" (${size}) must be divisible by "${headsKey}" (${heads}) (model_type ${modelType(config)})`,
    );
  }
}
