/**
 * The config file's keys: kebab-case TOML name → setting name and a checker.
 * One table, so the parser, the JSON schema test and the docs agree.
 */
import type { SettingName } from './types';

/** Returns an error message, or undefined when the value is acceptable. */
export type Check = (value: unknown) => string | undefined;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const nonNegative: Check = (v) => (isNum(v) && v >= 0 ? undefined : 'must be a number ≥ 0');
const nonNegativeOrNull: Check = (v) => (v === null || (isNum(v) && v >= 0) ? undefined : 'must be a number ≥ 0');
const positiveInt: Check = (v) => (isNum(v) && Number.isInteger(v) && v >= 1 ? undefined : 'must be an integer ≥ 1');
const nonNegativeInt: Check = (v) => (isNum(v) && Number.isInteger(v) && v >= 0 ? undefined : 'must be an integer ≥ 0');
const oneOf =
  (...allowed: string[]): Check =>
  (v) =>
    typeof v === 'string' && allowed.includes(v) ? undefined : `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`;
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const str: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'must be a non-empty string');
const gpus: Check = (v) => (Array.isArray(v) ? undefined : 'must be a list such as ["rtx4090", "24GiB"]');
const stringMap: Check = (v) =>
  v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')
    ? undefined
    : 'must be a table of model name = "folder"';
const stringList: Check = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'must be a list of glob strings');

/** TOML key (dotted for sub-tables) → [setting, check]. `rules` is handled on its own. */
export const CONFIG_KEYS: ReadonlyMap<string, readonly [SettingName, Check]> = new Map([
  ['gpus', ['gpus', gpus]],
  ['accelerator', ['accelerator', oneOf('cuda', 'npu', 'xpu', 'mps')]],
  ['cpu-memory', ['cpuMemoryGiB', nonNegativeOrNull]],
  ['training-reserve', ['trainingReserveGiB', nonNegative]],
  ['context', ['contextMiB', nonNegativeOrNull]],
  ['transformers-version', ['transformersVersion', oneOf('5', '4')]],
  ['hub.enabled', ['hub.enabled', bool]],
  ['hub.endpoint', ['hub.endpoint', str]],
  ['models', ['models', stringMap]],
  ['estimate.mode', ['estimate.mode', oneOf('auto', 'load', 'forward', 'generate', 'train')]],
  ['estimate.batch', ['estimate.batch', positiveInt]],
  ['estimate.seq-length', ['estimate.seqLength', positiveInt]],
  ['estimate.new-tokens', ['estimate.newTokens', nonNegativeInt]],
  ['processes', ['processes', positiveInt]],
  ['exclude', ['exclude', stringList]],
] as const);

/** Tables that hold further keys. */
export const CONFIG_TABLES = new Set(['hub', 'estimate', 'rules', 'models']);

export const RULE_SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'] as const;
