/**
 * The config as read from `config.json`, the error every bad config becomes, and
 * the dtype it declares. Field readers with defaults and aliases live in
 * `configFields.ts`.
 */
import { parseDType, type DType } from '../base/dtypes';

export type HFConfig = Readonly<Record<string, unknown>>;

export class ConfigError extends Error {}

/** The dtype a config declares (`dtype` in transformers 5, `torch_dtype` before). */
export function configDType(config: HFConfig): DType | undefined {
  const v = config['dtype'] ?? config['torch_dtype'];
  return typeof v === 'string' ? parseDType(v) : undefined;
}
