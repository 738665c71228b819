/**
 * The CLI's `--model`: a checkpoint folder, a config.json path or a Hub id
 * (local first, then the HF cache, the Hub when allowed, then the catalogue).
 * Throws an Error whose first line is the DM016 reason and fix, for the CLI to
 * print as its one line on stderr (exit 2).
 */
import type { ModelTree, TransformersMajor } from '../../core/models/tree';
import type { Env } from '../../core/models/resolve/hfCache';
import { resolveModel } from './resolveModel';

export interface CliModelOptions {
  readonly cwd: string;
  readonly env: Env;
  readonly transformers: TransformersMajor;
  /** `--loader`: the class that loads the model (`AutoModel`, `LlamaForSequenceClassification`); default its causal LM / seq2seq class. */
  readonly loaderClass?: string;
  /** `revision=` of the file's from_pretrained call (a branch, tag or commit). */
  readonly revision?: string;
  /** Verbose mode: each note (a gated repo answered from the catalogue, a missing shard) as one line. */
  readonly note?: (line: string) => void;
}

export class ModelNotResolvedError extends Error {}

export async function loadModelForCli(spec: string, opts: CliModelOptions): Promise<ModelTree> {
  const ref = opts.revision !== undefined ? { name: spec, revision: opts.revision, span: { start: 0, end: 0 } } : spec;
  const r = await resolveModel(ref, { fileDir: opts.cwd, workspaceFolders: [opts.cwd], env: opts.env, transformers: opts.transformers,
    ...(opts.loaderClass ? { loaderClass: opts.loaderClass } : {}),
  });
  if (!r.ok) {
    const fix = r.diagnostic.fixes[0] ? ` (to fix: ${r.diagnostic.fixes[0]})` : '';
    throw new ModelNotResolvedError(`${spec}: ${r.diagnostic.why}${fix}`);
  }
  for (const n of r.notes) opts.note?.(n);
  return r.tree;
}
