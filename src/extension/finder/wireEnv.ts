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
  type RuleSeverity,
} from '../../core/index';
import { VSCODE_MODEL_HINTS } from '../models/modelHints';

export interface WireEnv {
  readonly setup: MachineSetup;
  readonly rules?: Readonly<Record<string, RuleSeverity>>;
  readonly estimate: EstimateSettings;
  readonly launch?: LaunchContext;
}

export function envFromWire(wire: WireEnv, lookupModel: (ref: ModelRef | undefined, fileName: string) => ModelLookup): AnalysisEnv {
  return {
    ...(wire.launch ? { launch: wire.launch } : {}),
    setup: wire.setup,
    rules: wire.rules,
    lookupModel,
    estimateMode: (facts) => defaultEstimateMode(facts, wire.estimate),
    modelHints: VSCODE_MODEL_HINTS,
  };
}
