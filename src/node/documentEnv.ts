/**
 * What the CLI and the language server share to analyse a document outside
 * VS Code: resolve every model it names (asynchronously, once per name and
 * loader class) with the resolved settings, then an `AnalysisEnv` whose lookups
 * are synchronous.
 */
import { dirname } from 'node:path';
import {
  defaultEstimateMode,
  explainModelProblem,
  factsOf,
  type AnalysisEnv,
  type Env,
  type LaunchContext,
  type ModelHints,
  type ModelLookup,
  type ResolvedSettings,
  type SourceDocument,
} from '../core/index';
import { resolveModel } from './models/resolveModel';
import { DEFAULT_ENDPOINT } from './models/nodeHubSource';

export type ModelLookups = ReadonlyMap<string, ModelLookup>;

export function modelKey(ref: { name: string; loaderClass?: string; revision?: string } | undefined, fallback?: string): string {
  return JSON.stringify([ref?.name ?? fallback ?? '', ref?.loaderClass ?? '', ref?.revision ?? '']);
}

export interface ResolveOptions {
  readonly env: Env;
  /** `--model`: used for maps whose file names no model. */
  readonly fallback?: string;
  /** Folders relative model paths are also tried in (the workspace). */
  readonly workspaceFolders?: readonly string[];
  readonly signal?: AbortSignal;
  /** How this face words the fix for a model that did not resolve (CLI: flags; language server: the config file). */
  readonly hints: ModelHints;
}

/** Resolves every model a document names, so the analysis can look them up synchronously. */
export async function resolveDocumentModels(
  doc: SourceDocument,
  settings: ResolvedSettings,
  opts: ResolveOptions,
): Promise<Map<string, ModelLookup>> {
  const out = new Map<string, ModelLookup>();
  // The loader class decides the tree (AutoModel: no `model.` prefix), so each (name, class) pair resolves apart.
  const refs = new Map<string, { name: string; loaderClass?: string; revision?: string }>();
  for (const m of factsOf(doc).maps) {
    if (!m.reachesModel) continue;
    // revision= is honoured as the editor honours it.
    const ref = {
      name: m.model?.name ?? opts.fallback ?? '',
      ...(m.model?.loaderClass ? { loaderClass: m.model.loaderClass } : {}),
      ...(m.model?.revision !== undefined ? { revision: m.model.revision } : {}),
    };
    refs.set(modelKey(ref), ref);
  }
  const fileDir = dirname(doc.fileName);
  for (const [key, { name, loaderClass, revision }] of refs) {
    if (name === '') {
      out.set(key, { status: 'error', message: 'the file names no model; pass --model to check this map against one' });
      continue;
    }
    // Local folders (relative to this file), the models setting, the HF cache, the Hub when allowed, then the catalogue.
    const r = await resolveModel(revision !== undefined ? { name, revision, span: { start: 0, end: 0 } } : name, {
      fileDir,
      workspaceFolders: opts.workspaceFolders ?? [fileDir],
      env: opts.env,
      transformers: settings.transformers,
      // The default endpoint leaves room for HF_ENDPOINT (README: an unset endpoint lets the environment's apply).
      hubEnabled: settings.hub.enabled,
      ...(settings.hub.endpoint !== DEFAULT_ENDPOINT ? { hubEndpoint: settings.hub.endpoint } : {}),
      modelPaths: settings.models,
      ...(loaderClass ? { loaderClass } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (r.ok) out.set(key, { status: 'ok', tree: r.tree, origin: name });
    else {
      const { why, fixes } = explainModelProblem(r.problem, opts.hints);
      const fix = fixes[0] ? ` (to fix: ${fixes[0]})` : '';
      out.set(key, { status: 'error', message: `${name}: ${why}${fix}`.split('\n')[0]! });
    }
  }
  return out;
}

/** The analysis environment for resolved settings and models. */
export function analysisEnvFor(
  settings: ResolvedSettings,
  models: ModelLookups,
  hints: ModelHints,
  fallback?: string,
  launch?: LaunchContext,
): AnalysisEnv {
  return {
    setup: settings.setup,
    ...(launch ? { launch } : {}),
    modelHints: hints,
    rules: settings.rules,
    estimateMode: (facts) => defaultEstimateMode(facts, settings.estimate),
    lookupModel: (ref) => models.get(modelKey(ref, fallback)) ?? { status: 'error', message: 'model not resolved' },
  };
}
