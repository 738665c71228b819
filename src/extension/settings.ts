/**
 * `deviceMapStudio.*` settings, read once per change into plain data the engine
 * understands. Bad values become messages (shown once), never exceptions.
 */
import * as vscode from 'vscode';
import { type AcceleratorKind, DEFAULT_SETUP, type EstimateSetting, type EstimateSettings, GIB, type MachineSetup, parseGpuSetting } from '../core/index';

export const SECTION = 'deviceMapStudio';

export type { EstimateSetting, EstimateSettings };

export interface ExtensionSettings {
  readonly setup: MachineSetup;
  /** Why some `deviceMapStudio.gpus` entries were ignored. */
  readonly problems: readonly string[];
  readonly transformers: 4 | 5;
  readonly hub: { readonly enabled: boolean; readonly endpoint: string };
  /** Model name -> local folder, as written (relative folders resolve against the workspace). */
  readonly models: Readonly<Record<string, string>>;
  readonly estimate: EstimateSettings;
}

const ACCELERATORS: readonly AcceleratorKind[] = ['cuda', 'npu', 'xpu', 'mps'];
const MIB = 2 ** 20;

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const problems: string[] = [];
  const gpus = parseGpuSetting(c.get<unknown>('gpus'));
  problems.push(...gpus.errors.map((e) => `deviceMapStudio.gpus: ${e}`));

  const acc = c.get<string>('accelerator', 'cuda');
  const accelerator = (ACCELERATORS as readonly string[]).includes(acc) ? (acc as AcceleratorKind) : 'cuda';
  if (accelerator !== acc) problems.push(`deviceMapStudio.accelerator: "${acc}" is not one of ${ACCELERATORS.join(', ')}; using cuda`);

  const cpuGiB = c.get<unknown>('cpuMemoryGiB');
  const setup: MachineSetup = {
    accelerator,
    gpus: gpus.gpus,
    ...(typeof cpuGiB === 'number' && cpuGiB > 0 ? { cpuMemory: Math.round(cpuGiB * GIB) } : {}),
    trainingReserve: Math.round(positive(c.get('trainingReserveGiB'), DEFAULT_SETUP.trainingReserve / GIB) * GIB),
    contextBytes: Math.round(positive(c.get('contextMiB'), DEFAULT_SETUP.contextBytes / MIB) * MIB),
  };

  const rawModels = c.get<unknown>('models');
  const models: Record<string, string> = {};
  if (rawModels && typeof rawModels === 'object') {
    for (const [k, v] of Object.entries(rawModels)) if (typeof v === 'string') models[k] = v;
  }
  const mode = c.get<string>('estimate.mode', 'auto');
  return {
    setup,
    problems,
    transformers: c.get<string>('transformersVersion') === '4' ? 4 : 5,
    // Untrusted workspaces never reach the network, whatever the setting says.
    hub: { enabled: c.get<boolean>('hub.enabled', true) && vscode.workspace.isTrusted, endpoint: c.get<string>('hub.endpoint', 'https://huggingface.co') },
    models,
    estimate: {
      mode: (['auto', 'load', 'forward', 'generate', 'train'] as const).find((m) => m === mode) ?? 'auto',
      batch: Math.max(1, Math.round(positive(c.get('estimate.batch'), 1))),
      seqLength: Math.max(1, Math.round(positive(c.get('estimate.seqLength'), 512))),
      newTokens: Math.round(positive(c.get('estimate.newTokens'), 64)),
    },
  };
}

/** True when a configuration change touches our settings (for any resource). */
export function affectsUs(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
