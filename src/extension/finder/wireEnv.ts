/**
 * The analysis environment as plain data, so a whole analysis can run on the worker thread, and
 * the one function that turns it back into an AnalysisEnv: the host's in-process path and the
 * worker build the same env from the same data (one owner for what an env holds).
 */
import {
  type AnalysisEnv,
  defaultEstimateMode,
  type EstimateSettings,
  type LaunchContext,
  type MachineSetup,
  type ModelLookup,
  type ModelRef,
  type ModelHints,
  type RuleSeverity,
  setMessageLocale,
} from '../../core/index';
import { VSCODE_MODEL_HINTS } from '../models/modelHints';

export interface WireEnv {
  readonly setup: MachineSetup;
  readonly rules?: Readonly<Record<string, RuleSeverity>>;
  readonly estimate: EstimateSettings;
  readonly launch?: LaunchContext;
  /** `vscode.env.language`: the worker thread's own core module picks the same catalogue. */
  readonly locale?: string;
  /** The host's model hints in its display language (the worker cannot call vscode.l10n). */
  readonly modelHints?: ModelHints;
}

export function envFromWire(wire: WireEnv, lookupModel: (ref: ModelRef | undefined, fileName: string) => ModelLookup): AnalysisEnv {
  // On the worker this is the first the core hears of the locale; in the host it is already set.
  if (wire.locale) setMessageLocale(wire.locale);
  return {
    ...(wire.launch ? { launch: wire.launch } : {}),
    setup: wire.setup,
    rules: wire.rules,
    lookupModel,
    estimateMode: (facts) => defaultEstimateMode(facts, wire.estimate),
    modelHints: wire.modelHints ?? VSCODE_MODEL_HINTS,
  };
}
