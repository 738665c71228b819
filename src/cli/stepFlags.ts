/**
 * The step a memory figure covers, as the command line spells it: one parser
 * for `estimate` and `plan` (`--mode --batch --seq --new-tokens --lora-r
 * --lora-targets --gradient-checkpointing`), with the editor's setting defaults.
 */
import { cliSay } from './messages';
import { DEFAULT_ESTIMATE_SETTINGS, type EstimateMode } from '../core/index';
import { intFlag, UsageError, type ParsedArgs } from './args';

export const STEP_VALUE_FLAGS = ['mode', 'batch', 'seq', 'new-tokens', 'lora-r', 'lora-targets'] as const;
export const STEP_BOOLEAN_FLAGS = ['gradient-checkpointing'] as const;
export const STEP_USAGE =
  '--mode load|forward|generate|train-lora|train-full [--batch N] [--seq N] [--new-tokens N] [--lora-r N] [--lora-targets q_proj,v_proj] [--gradient-checkpointing]';

const MODES = ['load', 'forward', 'generate', 'train-lora', 'train-full'] as const;
const DEPENDENT = ['batch', 'seq', 'new-tokens', 'lora-r', 'lora-targets'] as const;

/** The step `--mode` names; `fallback` when it is absent (undefined: none, and then the step's other flags are an error). */
export function stepFrom(args: ParsedArgs, fallback: (typeof MODES)[number] | undefined): EstimateMode | undefined {
  const kind = args.values.get('mode') ?? fallback;
  if (kind === undefined) {
    const stray =
      DEPENDENT.find((f) => args.values.has(f)) ?? (args.booleans.has('gradient-checkpointing') ? 'gradient-checkpointing' : undefined);
    if (stray) throw new UsageError(cliSay.text('describesStep', { flag: `--${stray}` }));
    return undefined;
  }
  if (!(MODES as readonly string[]).includes(kind))
    throw new UsageError(cliSay.text('mustBeOneOf', { flag: '--mode', choices: MODES.join(', '), value: kind }));
  const batch = intFlag(args, 'batch', DEFAULT_ESTIMATE_SETTINGS.batch);
  const seq = intFlag(args, 'seq', DEFAULT_ESTIMATE_SETTINGS.seqLength);
  if (kind === 'load') return { kind: 'load' };
  if (kind === 'forward') return { kind: 'forward', batch, seq };
  // Default new tokens: the editor's setting default, so the CLI and the editor agree out of the box.
  if (kind === 'generate')
    return { kind: 'generate', batch, prompt: seq, newTokens: intFlag(args, 'new-tokens', DEFAULT_ESTIMATE_SETTINGS.newTokens) };
  if (kind === 'train-full') {
    const lora = (['lora-r', 'lora-targets'] as const).find((f) => args.values.has(f));
    if (lora) throw new UsageError(cliSay.text('loraFlagFull', { flag: `--${lora}` }));
    return { kind: 'train-full', batch, seq, gradientCheckpointing: args.booleans.has('gradient-checkpointing') };
  }
  const targets = (args.values.get('lora-targets') ?? 'q_proj,v_proj')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (targets.length === 0) throw new UsageError(cliSay.text('loraTargets', {}));
  return {
    kind: 'train-lora',
    batch,
    seq,
    rank: intFlag(args, 'lora-r', 8),
    targets,
    gradientCheckpointing: args.booleans.has('gradient-checkpointing'),
  };
}
