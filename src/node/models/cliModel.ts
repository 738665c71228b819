/**
 * The CLI's `--model`: a checkpoint folder, a config.json path or a Hub id
 * (local first, then the HF cache, the Hub when allowed, then the catalogue).
 * Throws an Error whose first line is the DM016 reason and fix (worded with the
 * caller's hints), for the CLI to
 * print as its one line on stderr (exit 2).
 */
import { explainModelProblem, type Env, type ModelHints, type ModelTree, type TransformersMajor } from '../../core/index';
import { resolveModel } from './resolveModel';

export interface CliModelOptions {
  readonly cwd: string;
  readonly env: Env;
  readonly transformers: TransformersMajor;
  /** `--loader`: the class that loads the model (`AutoModel`, `LlamaForSequenceClassification`); default its causal LM / seq2seq class. */
  readonly loaderClass?: string;
  /** `revision=` of the file's from_pretrained call (a branch, tag or commit). */
  readonly revision?: string;
  /** How the CLI words the fix (its flags, never a VS Code setting). */
  readonly hints: ModelHints;
  /** Verbose mode: each note (a gated repo answered from the catalogue, a missing shard) as one line. */
  readonly note?: (line: string) => void;
}

export class ModelNotResolvedError extends Error {}

export async function loadModelForCli(spec: string, opts: CliModelOptions): Promise<ModelTree> {
  const ref = opts.revision !== undefined ? { name: spec, revision: opts.revision, span: { start: 0, end: 0 } } : spec;
  const r = await resolveModel(ref, {
    fileDir: opts.cwd,
    workspaceFolders: [opts.cwd],
    env: opts.env,
    transformers: opts.transformers,
    ...(opts.loaderClass ? { loaderClass: opts.loaderClass } : {}),
  });
  if (!r.ok) {
    const { why, fixes } = explainModelProblem(r.problem, opts.hints);
    const fix = fixes[0] ? ` (to fix: ${fixes[0]})` : '';
    throw new ModelNotResolvedError(`${spec}: ${why}${fix}`);
  }
  for (const n of r.notes) opts.note?.(n);
  return r.tree;
}
