/**
 * A tiny, strict argument parser: `--flag value`, `--flag=value`, boolean
 * flags, positionals. Unknown flags are errors, so typos never pass silently.
 */
import { limitMessage, MAX_INTEGER_DIGITS } from '../core/index';
import { cliSay } from './messages';

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value. */
  readonly values?: readonly string[];
  /** Flags that are on/off. */
  readonly booleans?: readonly string[];
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Map<string, string>;
  readonly booleans: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const positionals: string[] = [];
  const takesValue = new Set(spec.values ?? []);
  const isBool = new Set([...(spec.booleans ?? []), 'help']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (takesValue.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(cliSay.text('needsValue', { flag: `--${name}` }));
      values.set(name, value);
    } else if (isBool.has(name)) {
      if (eq >= 0) throw new UsageError(cliSay.text('takesNoValue', { flag: `--${name}` }));
      booleans.add(name);
    } else {
      throw new UsageError(cliSay.text('unknownOption', { flag: `--${name}` }));
    }
  }
  return { positionals, values, booleans };
}

/** A positive integer flag, or the default. */
export function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new UsageError(cliSay.text('positiveInteger', { flag: `--${name}`, value: raw }));
  // 400 digits read as Infinity and printed NaN sizes: past MAX_INTEGER_DIGITS no count is exact or real.
  if (raw.replace(/^0+/, '').length > MAX_INTEGER_DIGITS)
    throw new UsageError(`--${name}: ${limitMessage('integer digits', `${raw.length} digits`, MAX_INTEGER_DIGITS)}`);
  return Number(raw);
}
