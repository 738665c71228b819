/** What every output format of `device-map check` receives: the checked files and their findings, 1-based positions. */
export interface ReportedFinding {
  readonly code: string;
  /** The code's own page (docs/diagnostics/<code>.md), as LSP's codeDescription. */
  readonly codeDescription?: { readonly href: string };
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  /** Notebooks only: the index into the notebook's `cells` array; `line`/`column` are then inside that cell. */
  readonly cell?: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  readonly related?: ReadonlyArray<{
    readonly cell?: number;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly message: string;
  }>;
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

/** Where a finding is, for messages: `cell 3, line 5, column 14` in a notebook, `line 5, column 14` elsewhere. */
export function placeInFile(d: { readonly cell?: number; readonly line: number; readonly column: number }): string {
  return `${d.cell === undefined ? '' : `cell ${d.cell}, `}line ${d.line}, column ${d.column}`;
}
