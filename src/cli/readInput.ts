/**
 * Every file the CLI reads on the user's behalf (sources to check, `--map @file`,
 * a local config.json) goes through here: regular files only (a FIFO would block
 * forever), at most the limit of core/limits.ts, and every failure is one clear
 * line with exit 2.
 */
import { LimitError, MAX_CONFIG_BYTES, MAX_NOTEBOOK_BYTES, MAX_SOURCE_BYTES } from '../core/index';
import { NotRegularFileError, readBoundedFileSync } from '../node/readBounded';
import { UsageError } from './args';

function read(path: string, label: string, maxBytes: number): string {
  try {
    return readBoundedFileSync(path, maxBytes);
  } catch (e) {
    if (e instanceof LimitError || e instanceof NotRegularFileError) throw new UsageError(`${label}: ${e.message}`);
    throw new UsageError(`cannot read ${label}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** A source file to check (.py, .json, .jsonc, or a notebook .ipynb with its outputs). */
export function readSourceFile(path: string, label = path): string {
  return read(path, label, /\.ipynb$/i.test(path) ? MAX_NOTEBOOK_BYTES : MAX_SOURCE_BYTES);
}

/** A JSON input (config.json, `--map @file`). */
export function readJsonInput(path: string, label = path): string {
  return read(path, label, Math.max(MAX_CONFIG_BYTES, MAX_SOURCE_BYTES));
}
