/**
 * `--model` for the CLI: a checkpoint folder, a `config.json` path, or (through
 * the Node resolver, when available) a Hub id from the cache, the Hub or the
 * built-in catalogue. Every failure becomes one clear line (exit 2).
 */
import { cliSay, mustBe } from './messages';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { loadModelForCli } from '../node/models/cliModel';
import { CLI_MODEL_HINTS } from './modelHints';
import type { HFConfig, ModelTree, TransformersMajor } from '../core/index';
import { UsageError } from './args';
import { readJsonInput } from './readInput';
import { LineIndex } from '../core/index';
import type { CliIO } from './io';

/** 1-based line and column of a UTF-16 offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  // One index per text, kept while the same text is asked about: positions stay linear in the findings.
  if (lastIndex?.text !== text) lastIndex = { text, index: new LineIndex(text) };
  return lastIndex.index.lineColumn(offset);
}
let lastIndex: { text: string; index: LineIndex } | undefined;

/** Parses strict JSON text, or throws a UsageError naming the file, line and column. */
export function parseJsonText(text: string, label: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    const e = errors[0]!;
    const { line, column } = lineColumn(text, e.offset);
    throw new UsageError(`${label}: malformed JSON at line ${line}, column ${column} (${printParseErrorCode(e.error)})`);
  }
  return value;
}

export function readJsonFile(path: string): unknown {
  return parseJsonText(readJsonInput(path), path);
}

/** The config at a local path, parsed strictly; undefined when the path does not exist (a Hub id). */
function configFromPath(path: string): HFConfig | undefined {
  if (!existsSync(path)) return undefined;
  const file = statSync(path).isDirectory() ? join(path, 'config.json') : path;
  if (!existsSync(file)) throw new UsageError(`${path} has no config.json`);
  const value = readJsonFile(file);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${file}: a config must be a JSON object`);
  return value as HFConfig;
}

/**
 * Resolves `--model` the way the extension does (local folder with safetensors
 * headers, HF cache, Hub when allowed, catalogue). A local config.json is parsed
 * here first so a malformed file is reported with its line and column.
 */
export async function loadModel(
  spec: string | undefined,
  io: CliIO,
  transformers: TransformersMajor,
  loaderClass?: string,
): Promise<ModelTree> {
  if (!spec) throw new UsageError(cliSay.text('modelRequired', {}));
  configFromPath(resolve(io.cwd, spec));
  try {
    const loader = loaderClass?.trim() ? { loaderClass: loaderClass.trim() } : {};
    return await loadModelForCli(spec, {
      cwd: io.cwd,
      env: io.env,
      transformers,
      ...loader,
      hints: CLI_MODEL_HINTS,
      note: (n) => io.err(`note: ${n}`),
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function transformersFlag(raw: string | undefined): TransformersMajor {
  if (raw === undefined || raw === '5') return 5;
  if (raw === '4') return 4;
  throw new UsageError(mustBe('--transformers', ['4', '5'], raw));
}
