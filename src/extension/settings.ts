/**
 * `deviceMapStudio.*` settings, merged with the project's config file
 * (`[tool.device-map-studio]` in pyproject.toml, or device-map-studio.toml) by
 * the core resolver every face uses: a setting the user set explicitly (user,
 * workspace or folder) wins over the file, the file over the defaults.
 * Bad values become messages (shown once), never exceptions.
 */
import * as vscode from 'vscode';
import {
  resolveSettings,
  type EstimateSetting,
  type EstimateSettings,
  type FileConfig,
  type MachineSetup,
  type RuleSeverity,
  type SettingName,
  type StudioSettings,
} from '../core/index';

export const SECTION = 'deviceMapStudio';

export type { EstimateSetting, EstimateSettings };

export interface ExtensionSettings {
  readonly setup: MachineSetup;
  /** Why some settings (or config-file keys) were ignored. */
  readonly problems: readonly string[];
  readonly transformers: 4 | 5;
  readonly hub: { readonly enabled: boolean; readonly endpoint: string };
  /** Model name -> local folder, as written (relative folders resolve against the workspace). */
  readonly models: Readonly<Record<string, string>>;
  readonly estimate: EstimateSettings;
  /** Per-code severities from the config file (`[tool.device-map-studio.rules]`). */
  readonly rules: Readonly<Record<string, RuleSeverity>>;
  /** How many processes run each script (the config file's `processes`), overriding launch scripts. */
  readonly processes?: number;
  /** The config file that applied, if any. */
  readonly configPath?: string;
}

/** Finds the config file for a path; set by the desktop entry (the web build reads no files). */
let configReader: ((fsPath: string) => FileConfig | undefined) | undefined;

export function setConfigFileReader(reader: (fsPath: string) => FileConfig | undefined): void {
  configReader = reader;
}

/** The settings the package contributes, by their names under `deviceMapStudio.`. */
const NAMES: readonly SettingName[] = [
  'gpus',
  'accelerator',
  'cpuMemoryGiB',
  'trainingReserveGiB',
  'contextMiB',
  'transformersVersion',
  'hub.enabled',
  'hub.endpoint',
  'models',
  'estimate.mode',
  'estimate.batch',
  'estimate.seqLength',
  'estimate.newTokens',
];

/** Only what the user set (folder over workspace over user): defaults are left to the resolver, so the file can apply. */
function explicitSettings(scope: vscode.Uri | undefined): StudioSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const out: Record<string, unknown> = {};
  for (const name of NAMES) {
    const i = c.inspect<unknown>(name);
    const v =
      i?.workspaceFolderLanguageValue ??
      i?.workspaceLanguageValue ??
      i?.globalLanguageValue ??
      i?.workspaceFolderValue ??
      i?.workspaceValue ??
      i?.globalValue;
    if (v !== undefined && v !== null) out[name] = v;
  }
  return out as StudioSettings;
}

/** The folder whose config applies to `scope`: the file's own, else the first workspace folder. */
function configFor(scope: vscode.Uri | undefined): FileConfig | undefined {
  if (!configReader) return undefined;
  const target =
    scope?.scheme === 'file' ? scope.fsPath : vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  return target ? configReader(target) : undefined;
}

export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const file = configFor(scope);
  const workspaceDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const r = resolveSettings({ explicit: explicitSettings(scope), ...(file ? { file } : {}), ...(workspaceDir ? { workspaceDir } : {}) });
  return {
    setup: r.setup,
    problems: r.problems,
    transformers: r.transformers,
    // Untrusted workspaces never reach the network, whatever the setting or the file says.
    hub: { enabled: r.hub.enabled && vscode.workspace.isTrusted, endpoint: r.hub.endpoint },
    models: r.models,
    estimate: r.estimate,
    rules: r.rules,
    ...(r.processes !== undefined ? { processes: r.processes } : {}),
    ...(r.configPath ? { configPath: r.configPath } : {}),
  };
}

/** True when a configuration change touches our settings (for any resource). */
export function affectsUs(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
