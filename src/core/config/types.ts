/**
 * The settings every face reads (VS Code, the CLI, the language server), as
 * plain data. `StudioSettings` uses the VS Code setting names (without the
 * `deviceMapStudio.` prefix); a config file's kebab-case keys are mapped onto
 * them by `parseStudioConfig`, so one resolver serves every source.
 */
import type { RuleSeverity } from '../analysis/api';

export type { RuleSeverity };

export interface StudioSettings {
  readonly gpus?: unknown;
  readonly accelerator?: string;
  readonly cpuMemoryGiB?: number | null;
  readonly trainingReserveGiB?: number;
  readonly contextMiB?: number | null;
  readonly transformersVersion?: string;
  readonly 'hub.enabled'?: boolean;
  readonly 'hub.endpoint'?: string;
  readonly models?: Readonly<Record<string, string>>;
  readonly 'estimate.mode'?: string;
  readonly 'estimate.batch'?: number;
  readonly 'estimate.seqLength'?: number;
  readonly 'estimate.newTokens'?: number;
  /** Processes per node a launcher starts (torchrun `--nproc-per-node`); carried for launch analysis. */
  readonly processes?: number;
  /** Per-code severities: `{ DM009: 'off', DM015: 'error' }`. */
  readonly rules?: Readonly<Record<string, RuleSeverity>>;
  /** Globs (relative to the config file's folder) the CLI and server skip. */
  readonly exclude?: readonly string[];
}

export type SettingName = keyof StudioSettings;

/** A problem in a config file, with where it is. */
export interface ConfigProblem {
  readonly path: string;
  /** 1-based; 0 when the line is unknown. */
  readonly line: number;
  /** The key as written in the file (`estimate.batch`, `rules.DM009`), or '' for a syntax error. */
  readonly key: string;
  readonly message: string;
}

/** One config file, parsed: the settings it sets (valid ones only) and what was wrong. */
export interface FileConfig {
  readonly path: string;
  /** Folder the file lives in: relative `models` folders and `exclude` globs resolve against it. */
  readonly dir: string;
  readonly settings: StudioSettings;
  readonly problems: readonly ConfigProblem[];
}

/** "path:line: key: message" — the one way a config problem is shown on every face. */
export function formatConfigProblem(p: ConfigProblem): string {
  return `${p.path}${p.line > 0 ? `:${p.line}` : ''}: ${p.key ? `${p.key}: ` : ''}${p.message}`;
}
