/**
 * Reading a `config.json` the way transformers' config classes do: each family
 * names the keys it reads and their defaults; a missing required key is a clear
 * error, never a crash.
 */
import { parseDType, type DType } from '../memory/dtypes';

export type HFConfig = Readonly<Record<string, unknown>>;

export class ConfigError extends Error {}

/** A numeric config value, trying each alias in turn, else the default, else an error. */
export function num(config: HFConfig, keys: string | readonly string[], fallback?: number): number {
  for (const k of typeof keys === 'string' ? [keys] : keys) {
    const v = config[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  if (fallback !== undefined) return fallback;
  const name = typeof keys === 'string' ? keys : keys.join(' / ');
  throw new ConfigError(`config.json has no numeric "${name}" (model_type ${String(config['model_type'])})`);
}

/** An optional numeric value: null/absent gives undefined. */
export function optNum(config: HFConfig, key: string): number | undefined {
  const v = config[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(config: HFConfig, key: string, fallback: boolean): boolean {
  const v = config[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function str(config: HFConfig, key: string, fallback: string): string {
  const v = config[key];
  return typeof v === 'string' ? v : fallback;
}

/** The dtype a config declares (`dtype` in transformers 5, `torch_dtype` before). */
export function configDType(config: HFConfig): DType | undefined {
  const v = config['dtype'] ?? config['torch_dtype'];
  return typeof v === 'string' ? parseDType(v) : undefined;
}
