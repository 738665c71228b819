/**
 * `device-map check <files...> [--gpus 2x24GiB] [--model <default>] [--json]`:
 * the editor's diagnostics on the command line, for CI and pre-commit.
 * Models are resolved before the (synchronous) analysis runs; a relative
 * model path resolves against the folder of the file that names it.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { analyzeDocument, factsOf } from '../../core/analysis/analyze';
import type { AnalysisEnv, Finding, ModelLookup, SourceDocument } from '../../core/analysis/api';
import type { TransformersMajor } from '../../core/models/tree';
import type { MachineSetup } from '../../core/settings';
import { GPUS_FLAG_HELP, setupFromGpusFlag } from '../gpusFlag';
import { parseArgs, UsageError } from '../args';
import { EXIT_FINDINGS, EXIT_OK, type CliIO, type Command } from '../io';
import { lineColumn, transformersFlag } from '../loadModel';
import { loadModelForCli } from '../../node/models/index';

export const USAGE = `device-map check <files...> [${GPUS_FLAG_HELP}] [--model <dir|hub-id used when a file names none>] [--transformers 4|5] [--json]`;

export interface CheckedFile {
  readonly path: string;
  readonly diagnostics: ReadonlyArray<{ code: string; severity: string; line: number; column: number; message: string }>;
}

function languageOf(path: string): string {
  if (/\.pyi?$/i.test(path)) return 'python';
  if (/\.jsonc$/i.test(path)) return 'jsonc';
  if (/\.json$/i.test(path)) return 'json';
  throw new UsageError(`${path}: only .py, .json and .jsonc files can be checked`);
}

function modelKey(ref: { name: string; loaderClass?: string } | undefined, fallback?: string): string {
  return JSON.stringify([ref?.name ?? fallback ?? '', ref?.loaderClass ?? '']);
}

/** Resolves every model a document names (once per name and folder), so the analysis can look them up synchronously. */
async function resolveModels(doc: SourceDocument, io: CliIO, transformers: TransformersMajor, fallback: string | undefined): Promise<Map<string, ModelLookup>> {
  const out = new Map<string, ModelLookup>();
  // The loader class decides the tree (AutoModel: no `model.` prefix), so each (name, class) pair resolves apart.
  const refs = new Map<string, { name: string; loaderClass?: string }>();
  for (const m of factsOf(doc).maps) {
    if (!m.reachesModel) continue;
    const ref = { name: m.model?.name ?? fallback ?? '', ...(m.model?.loaderClass ? { loaderClass: m.model.loaderClass } : {}) };
    refs.set(modelKey(ref), ref);
  }
  for (const [key, { name, loaderClass }] of refs) {
    if (name === '') {
      out.set(key, { status: 'error', message: 'the file names no model; pass --model to check this map against one' });
      continue;
    }
    try {
      // Local folders (relative to this file), the HF cache, the Hub when allowed, then the built-in catalogue.
      const tree = await loadModelForCli(name, { cwd: dirname(doc.fileName), env: io.env, transformers, ...(loaderClass ? { loaderClass } : {}) });
      out.set(key, { status: 'ok', tree, origin: name });
    } catch (e) {
      out.set(key, { status: 'error', message: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
    }
  }
  return out;
}

export async function checkFile(path: string, io: CliIO, setup: MachineSetup, transformers: TransformersMajor, fallback?: string): Promise<{ file: CheckedFile; findings: Finding[] }> {
  const full = resolve(io.cwd, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const doc: SourceDocument = { text, languageId: languageOf(path), fileName: full };
  const models = await resolveModels(doc, io, transformers, fallback);
  const env: AnalysisEnv = {
    setup,
    lookupModel: (ref) => models.get(modelKey(ref, fallback)) ?? { status: 'error', message: 'model not resolved' },
  };
  const { findings } = analyzeDocument(doc, env);
  const diagnostics = findings.map((f) => ({ code: f.code, severity: f.severity, ...lineColumn(text, f.start), message: f.message }));
  return { file: { path, diagnostics }, findings };
}

export const check: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['gpus', 'model', 'transformers'], booleans: ['json'] });
  if (args.positionals.length === 0) throw new UsageError(`no files given (usage: ${USAGE})`);
  const setup = await setupFromGpusFlag(args.values.get('gpus'), io);
  const transformers = transformersFlag(args.values.get('transformers'));
  const files: CheckedFile[] = [];
  let errors = 0;
  for (const path of args.positionals) {
    const { file } = await checkFile(path, io, setup, transformers, args.values.get('model'));
    files.push(file);
    errors += file.diagnostics.filter((d) => d.severity === 'error').length;
  }
  if (args.booleans.has('json')) {
    io.out(JSON.stringify({ files }, null, 2));
  } else {
    for (const f of files) for (const d of f.diagnostics) io.out(`${f.path}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`);
    const total = files.reduce((n, f) => n + f.diagnostics.length, 0);
    io.out(`${files.length} file${files.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${total - errors} other finding${total - errors === 1 ? '' : 's'}`);
  }
  return errors > 0 ? EXIT_FINDINGS : EXIT_OK;
};
