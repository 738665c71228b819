/** What every output format of `device-map check` receives: the checked files and their findings, 1-based positions. */
export interface ReportedFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  readonly related?: ReadonlyArray<{ readonly line: number; readonly column: number; readonly endLine: number; readonly endColumn: number; readonly message: string }>;
}

export interface CheckedFile {
  /** As the user wrote it or relative to the working directory, `/`-separated in SARIF and GitHub output. */
  readonly path: string;
  readonly diagnostics: readonly ReportedFinding[];
}

export interface ToolInfo {
  readonly version: string;
  /** The repository URL (package.json `repository.url`, without `.git`). */
  readonly repositoryUrl: string;
}

export type Formatter = (files: readonly CheckedFile[], tool: ToolInfo, opts: { readonly quiet: boolean }) => string;
