/**
 * The one precedence rule every face uses (like ruff's `configurationPreference:
 * editorFirst`): a setting the user set explicitly in the editor (or passed in
 * the language server's initializationOptions / workspace/configuration, or on
 * the CLI) wins over the config file, which wins over the defaults. `models` and
 * `rules` merge key by key in the same order. Bad values never throw: each
 * becomes a problem line and its default applies.
 */
import { DEFAULT_ESTIMATE_SETTINGS, type EstimateSettings } from '../analysis/estimateChoice';
import { parseGpuSetting } from '../gpuSpecs';
import { DEFAULT_SETUP, GIB, type AcceleratorKind, type MachineSetup } from '../settings';
import { dirOf } from './parse';
import type { FileConfig, RuleSeverity, SettingName, StudioSettings } from './types';
import { formatConfigProblem } from './types';

export type SettingSource = 'explicit' | 'file' | 'default';

export interface ResolvedSettings {
  readonly setup: MachineSetup;
  readonly transformers: 4 | 5;
  readonly hub: { readonly enabled: boolean; readonly endpoint: string };
  /** Model name → folder; a folder from the config file is already joined to the file's folder. */
  readonly models: Readonly<Record<string, string>>;
  readonly estimate: EstimateSettings;
  readonly rules: Readonly<Record<string, RuleSeverity>>;
  /** Exclude globs and the folder they are relative to. */
  readonly exclude: { readonly base: string; readonly globs: readonly string[] };
  readonly processes?: number;
  /** The config file that applied, if any. */
  readonly configPath?: string;
  /** Why values were ignored, one line each ("path:line: key: message" for file problems). */
  readonly problems: readonly string[];
  /** Where each setting came from, for hovers and `--show-settings`-style output. */
  readonly sources: Readonly<Partial<Record<SettingName, SettingSource>>>;
}

export interface SettingsLayers {
  /** Values set explicitly in the editor / client / command line. */
  readonly explicit?: StudioSettings;
  readonly file?: FileConfig;
  /** Folder relative explicit `exclude` globs resolve against (the workspace). */
  readonly workspaceDir?: string;
}

const ACCELERATORS: readonly AcceleratorKind[] = ['cuda', 'npu', 'xpu', 'mps'];
const MIB = 2 ** 20;
const isAbsolute = (p: string): boolean => /^([/\\]|[A-Za-z]:[/\\]|~)/.test(p);
const joinPath = (dir: string, p: string): string => (isAbsolute(p) || dir === '.' ? p : `${dir.replace(/[/\\]$/, '')}/${p}`);

function num(value: unknown, fallback: number, min = 0): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

export function resolveSettings(layers: SettingsLayers): ResolvedSettings {
  const explicit = layers.explicit ?? {};
  const fromFile = layers.file?.settings ?? {};
  const sources: Partial<Record<SettingName, SettingSource>> = {};
  const problems: string[] = (layers.file?.problems ?? []).map(formatConfigProblem);
  const pick = <K extends SettingName>(key: K): StudioSettings[K] | undefined => {
    if (explicit[key] !== undefined) {
      sources[key] = 'explicit';
      return explicit[key];
    }
    if (fromFile[key] !== undefined) {
      sources[key] = 'file';
      return fromFile[key];
    }
    sources[key] = 'default';
    return undefined;
  };

  const gpuValue = pick('gpus');
  const gpus = parseGpuSetting(gpuValue ?? []);
  problems.push(...gpus.errors.map((e) => `gpus: ${e}`));
  const acc = pick('accelerator') ?? 'cuda';
  const accelerator = (ACCELERATORS as readonly string[]).includes(acc) ? (acc as AcceleratorKind) : 'cuda';
  if (accelerator !== acc) problems.push(`accelerator: "${acc}" is not one of ${ACCELERATORS.join(', ')}; using cuda`);
  const cpuGiB = pick('cpuMemoryGiB');
  const setup: MachineSetup = {
    accelerator,
    gpus: gpus.gpus,
    ...(typeof cpuGiB === 'number' && cpuGiB > 0 ? { cpuMemory: Math.round(cpuGiB * GIB) } : {}),
    trainingReserve: Math.round(num(pick('trainingReserveGiB'), DEFAULT_SETUP.trainingReserve / GIB) * GIB),
    contextBytes: Math.round(num(pick('contextMiB'), DEFAULT_SETUP.contextBytes / MIB) * MIB),
  };

  // models and rules merge key by key: file first, explicit over it.
  const fileDir = layers.file?.dir ?? '.';
  const models: Record<string, string> = {};
  for (const [k, v] of Object.entries(fromFile.models ?? {})) models[k] = joinPath(fileDir, v);
  for (const [k, v] of Object.entries(explicit.models ?? {})) if (typeof v === 'string') models[k] = v;
  sources.models = explicit.models && Object.keys(explicit.models).length > 0 ? 'explicit' : fromFile.models ? 'file' : 'default';
  const rules = { ...(fromFile.rules ?? {}), ...(explicit.rules ?? {}) };
  sources.rules = explicit.rules ? 'explicit' : fromFile.rules ? 'file' : 'default';

  const mode = pick('estimate.mode') ?? 'auto';
  const estimate: EstimateSettings = {
    mode: (['auto', 'load', 'forward', 'generate', 'train'] as const).find((m) => m === mode) ?? 'auto',
    batch: Math.max(1, Math.round(num(pick('estimate.batch'), DEFAULT_ESTIMATE_SETTINGS.batch))),
    seqLength: Math.max(1, Math.round(num(pick('estimate.seqLength'), DEFAULT_ESTIMATE_SETTINGS.seqLength))),
    newTokens: Math.round(num(pick('estimate.newTokens'), DEFAULT_ESTIMATE_SETTINGS.newTokens)),
  };
  const excludeExplicit = explicit.exclude !== undefined;
  const exclude = pick('exclude') ?? [];
  const processes = pick('processes');
  return {
    setup,
    transformers: String(pick('transformersVersion') ?? '5') === '4' ? 4 : 5,
    hub: { enabled: pick('hub.enabled') ?? true, endpoint: pick('hub.endpoint') ?? 'https://huggingface.co' },
    models,
    estimate,
    rules,
    exclude: {
      base: excludeExplicit ? (layers.workspaceDir ?? '.') : layers.file ? fileDir : (layers.workspaceDir ?? '.'),
      globs: exclude,
    },
    ...(typeof processes === 'number' ? { processes } : {}),
    ...(layers.file ? { configPath: layers.file.path } : {}),
    problems,
    sources,
  };
}

export { dirOf };
