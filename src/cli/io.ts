/** Where a command writes, so tests can capture output without spawning. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Working directory for relative paths. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** All of standard input (for `check --stdin-filename`); absent where there is none. */
  readStdin?(): Promise<string>;
}

/** Exit codes: 0 ok, 1 the check found errors, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export type Command = (argv: readonly string[], io: CliIO) => Promise<number>;
