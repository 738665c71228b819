/**
 * The resolution order for a model name, as issue #3 fixes it:
 *   0. the host's own name -> local folder map (`modelPaths`: VS Code's setting);
 *   1. a local folder or config.json (absolute, else relative to the file's
 *      folder, then each workspace folder);
 *   2. the Hugging Face cache (`refs/<revision>` -> `snapshots/<hash>/`);
 *   3. the Hub, only when allowed (else only what an earlier fetch cached);
 *   4. the built-in catalogue.
 * Pure: files come through `ModelFs`, the network through `HubSource`.
 */
import type { ModelRef } from '../../base/source';
import { ConfigError } from '../config';
import { supportedModelTypes, UnknownModelTypeError } from '../registry';
import { treeFor } from '../loaderClass';
import type { ModelTree, TransformersMajor } from '../tree';
import { catalogueConfig, catalogueId } from '../catalogue/index';
import { treeFromCheckpointFolder, treeFromParts, type TreeOutcome } from './checkpointFolder';
import { isInside, type ModelFs } from './fs';
import { confinedFs, OutsideWorkspaceError } from './confinedFs';
import { revisionProblem } from './revision';
import { cachedSnapshot, hubCacheDir, type Env } from './hfCache';
import { isHubId, isPathLike } from './hubId';
import { HubFailure, offlineVarOf, type HubModelFiles, type HubSource } from './hubSource';
import type { HubAccess, ResolveProblem } from './problems';

export type ModelOrigin = 'settings' | 'local' | 'hf-cache' | 'hub' | 'hub-cache' | 'catalogue';

export type ModelResolution =
  | {
      readonly ok: true;
      readonly tree: ModelTree;
      readonly origin: ModelOrigin;
      /** The folder, file, URL or catalogue id the tree came from. */
      readonly location: string;
      /** Things worth a hover line (a skipped Hub, a missing shard). */
      readonly notes: readonly string[];
      /** Why the files could not be used, when the tree came from the built-in catalogue instead (the face words it). */
      readonly fellBackFrom?: ResolveProblem;
    }
  /** The problem as kind + facts: core/analysis/modelProblem.ts words it, with each face's hints. */
  | { readonly ok: false; readonly problem: ResolveProblem; readonly notes: readonly string[] };

export interface ResolverDeps {
  readonly fs: ModelFs;
  readonly env: Env;
  readonly homeDir: string;
  /** Workspace trust: untrusted never reads outside the workspace folders nor uses the network. */
  readonly trusted: boolean;
  readonly hubAccess: HubAccess;
  readonly hub?: HubSource;
  /** Folder of the file that names the model (relative paths start here). */
  readonly fileDir?: string;
  readonly workspaceFolders: readonly string[];
  /** Model name -> local folder, as the host configures it (VS Code: a setting). */
  readonly modelPaths?: Readonly<Record<string, string>>;
  readonly transformers?: TransformersMajor;
  /**
   * The class that loads the model (`AutoModel`, `LlamaForSequenceClassification`), when
   * the reference does not carry one (`ModelRef.loaderClass` wins): it decides the tree.
   */
  readonly loaderClass?: string;
  /** Set while resolving the base model of a PEFT adapter folder (adapters of adapters are not followed). */
  readonly viaAdapter?: boolean;
  /** True once the caller gave up (a newer edit, a closed document). */
  readonly isCancelled?: () => boolean;
}

function fail(problem: ResolveProblem, notes: readonly string[] = []): ModelResolution {
  return { ok: false, problem, notes };
}

function fromOutcome(o: TreeOutcome, origin: ModelOrigin, location: string, notes: readonly string[] = []): ModelResolution {
  return o.ok ? { ok: true, tree: o.tree, origin, location, notes: [...notes, ...o.notes] } : fail(o.problem, notes);
}

/** Candidate paths for a local name, in the order transformers users expect. */
function localCandidates(name: string, d: ResolverDeps): string[] {
  const { fs } = d;
  if (name.startsWith('~/') || name === '~') return [fs.join(d.homeDir, name.slice(1))];
  if (fs.isAbsolute(name)) return [name];
  const bases = [...(d.fileDir ? [d.fileDir] : []), ...d.workspaceFolders];
  return [...new Set(bases.map((b) => fs.join(b, name)))];
}

/** Whether an untrusted workspace may read `path` (it must stay inside a workspace folder, links resolved). */
async function mayRead(path: string, d: ResolverDeps, resolveLinks: boolean): Promise<boolean> {
  if (d.trusted) return true;
  const inside = (p: string): boolean => d.workspaceFolders.some((w) => isInside(d.fs, w, p));
  if (!inside(path)) return false;
  if (!resolveLinks) return true;
  const real = await d.fs.realpath(path);
  const roots = await Promise.all(d.workspaceFolders.map((w) => d.fs.realpath(w)));
  return roots.some((r) => isInside(d.fs, r, real));
}

/** Reads a folder or a config.json file; undefined when nothing is at `path`. */
async function readLocal(path: string, name: string, d: ResolverDeps, origin: ModelOrigin): Promise<ModelResolution | undefined> {
  const major = d.transformers ?? 5;
  const loader = d.loaderClass;
  // Untrusted: not even a stat outside the workspace; inside it, links must not lead out either.
  if (!(await mayRead(path, d, false))) return fail({ kind: 'outside-workspace', name });
  let kind: 'file' | 'dir' | undefined;
  try {
    kind = await d.fs.kind(path);
  } catch (e) {
    if (e instanceof OutsideWorkspaceError) return fail({ kind: 'outside-workspace', name });
    throw e;
  }
  if (!kind) return undefined;
  if (!(await mayRead(path, d, true))) return fail({ kind: 'outside-workspace', name });
  if (kind === 'dir') return fromOutcome(await treeFromCheckpointFolder(d.fs, path, name, major, undefined, loader), origin, path);
  if (path.endsWith('.json'))
    return fromOutcome(await treeFromCheckpointFolder(d.fs, d.fs.dirname(path), name, major, path, loader), origin, path);
  return fail({ kind: 'bad-checkpoint', name, where: path, detail: 'it is a file; give the checkpoint folder or its config.json' });
}

/** `base_model_name_or_path` of a PEFT adapter folder (adapter_config.json, no config.json), if that is what `folder` is. */
async function adapterBase(fs: ModelFs, folder: string): Promise<string | undefined> {
  const file = fs.join(folder, 'adapter_config.json');
  if ((await fs.kind(file)) !== 'file') return undefined;
  try {
    const base = (JSON.parse(await fs.readText(file)) as { base_model_name_or_path?: unknown }).base_model_name_or_path;
    return typeof base === 'string' && base.trim() !== '' ? base.trim() : undefined;
  } catch (e) {
    if (e instanceof OutsideWorkspaceError) throw e;
    return undefined;
  }
}

function fromCatalogue(
  name: string,
  major: TransformersMajor,
  notes: readonly string[],
  loaderClass?: string,
): ModelResolution | ResolveProblem | undefined {
  const id = catalogueId(name);
  const config = catalogueConfig(name);
  if (!id || !config) return undefined;
  try {
    const loaded = treeFor(config, { transformers: major, ...(loaderClass ? { loaderClass } : {}) });
    return { ok: true, tree: loaded.tree, origin: 'catalogue', location: id, notes: [...notes, ...loaded.notes] };
  } catch (e) {
    if (e instanceof UnknownModelTypeError) {
      return { kind: 'unknown-model-type', name, modelType: String(config['model_type']), supported: supportedModelTypes() };
    }
    return { kind: 'bad-checkpoint', name, where: 'the built-in catalogue', detail: e instanceof ConfigError ? e.message : String(e) };
  }
}

function hubOutcome(files: HubModelFiles, name: string, major: TransformersMajor, loaderClass?: string): TreeOutcome {
  return treeFromParts(name, files.config, files.headers, major, [], loaderClass);
}

/**
 * Resolves a model reference to its tree, or to the DM016 problem that says why not.
 * Untrusted: every file is opened through `confinedFs` (its real path checked), and
 * a link out of the workspace anywhere ends the resolution as `outside-workspace`.
 */
export async function resolveModelWith(ref: ModelRef | string | undefined, deps: ResolverDeps): Promise<ModelResolution> {
  if (deps.trusted) return resolveIn(ref, deps);
  const name = (typeof ref === 'string' ? ref : ref?.name)?.trim() ?? '';
  try {
    return await resolveIn(ref, { ...deps, fs: confinedFs(deps.fs, deps.workspaceFolders) });
  } catch (e) {
    if (e instanceof OutsideWorkspaceError) return fail({ kind: 'outside-workspace', name });
    throw e;
  }
}

async function resolveIn(ref: ModelRef | string | undefined, deps: ResolverDeps): Promise<ModelResolution> {
  const name = (typeof ref === 'string' ? ref : ref?.name)?.trim() ?? '';
  const revision = typeof ref === 'string' ? undefined : ref?.revision;
  const loaderClass = (typeof ref === 'string' ? undefined : ref?.loaderClass) ?? deps.loaderClass;
  const d: ResolverDeps = { ...deps, ...(loaderClass ? { loaderClass } : {}) };
  const major = d.transformers ?? 5;
  const cancelled = (): ModelResolution | undefined => (d.isCancelled?.() ? fail({ kind: 'cancelled', name }) : undefined);
  if (name === '') return fail({ kind: 'not-literal' });
  const badRevision = revision === undefined ? undefined : revisionProblem(revision);
  if (badRevision !== undefined) return fail({ kind: 'bad-revision', name, revision: revision!, detail: badRevision });
  const notes: string[] = [];
  let remembered: ResolveProblem | undefined;

  // 0. The setting wins: it is how users point a Hub id at their own copy.
  const mapped = d.modelPaths?.[name];
  if (mapped) {
    const candidates = localCandidates(mapped, { ...d, fileDir: undefined });
    for (const p of candidates) {
      const r = await readLocal(p, name, d, 'settings');
      if (r) return r;
    }
    return fail({ kind: 'path-not-found', name: mapped, searched: candidates });
  }

  // 1. Local paths, as from_pretrained checks a directory before the Hub.
  const candidates = localCandidates(name, d);
  for (const p of candidates) {
    const r = await readLocal(p, name, d, 'local');
    if (!r) continue;
    // A PEFT adapter folder (AutoPeftModelForCausalLM): the map places its base model.
    if (!r.ok && r.problem.kind === 'folder-without-config' && !d.viaAdapter) {
      const base = await adapterBase(d.fs, p);
      if (base) {
        const b = await resolveIn({ name: base, span: { start: 0, end: 0 } }, { ...d, fileDir: p, viaAdapter: true });
        const note = `${p} is a PEFT adapter: the tree is its base model "${base}" (adapter weights not counted)`;
        return b.ok ? { ...b, notes: [note, ...b.notes] } : b;
      }
    }
    if (!r.ok && r.problem.kind === 'outside-workspace') {
      remembered ??= r.problem;
      continue;
    }
    // A stray folder named like a Hub id (a source package "gpt2") should not hide the real model.
    if (!r.ok && r.problem.kind === 'folder-without-config' && isHubId(name) && !isPathLike(name)) {
      remembered = r.problem;
      continue;
    }
    return r;
  }
  if (isPathLike(name) || !isHubId(name)) return fail(remembered ?? { kind: 'path-not-found', name, searched: candidates });

  // 2. The Hugging Face cache (outside the workspace: trusted only).
  const cacheDir = hubCacheDir(d.fs, d.env, d.homeDir);
  if (d.trusted) {
    const snapshot = await cachedSnapshot(d.fs, cacheDir, name, revision);
    if (snapshot) {
      const r = fromOutcome(await treeFromCheckpointFolder(d.fs, snapshot, name, major, undefined, loaderClass), 'hf-cache', snapshot);
      if (r.ok) return r;
      // A snapshot with only the tokenizer cached says nothing; anything else is worth reporting.
      if (r.problem.kind !== 'folder-without-config') remembered = r.problem;
    }
  }
  const stop = cancelled();
  if (stop) return stop;

  // 3. The Hub when allowed; otherwise only what an earlier fetch cached on disk.
  if (d.hub && d.hubAccess === 'allowed') {
    try {
      const files = await d.hub.fetchModel(name, revision);
      const r = fromOutcome(
        hubOutcome(files, name, major, loaderClass),
        files.location.startsWith('http') ? 'hub' : 'hub-cache',
        files.location,
        files.notes,
      );
      if (r.ok) return r;
      remembered = r.problem;
    } catch (e) {
      if (!(e instanceof HubFailure)) throw e;
      if (e.problem.kind === 'cancelled') return fail(e.problem);
      remembered = e.problem;
    }
  } else if (d.hub?.cachedModel && d.hubAccess !== 'untrusted') {
    const files = await d.hub.cachedModel(name, revision);
    if (files) {
      const r = fromOutcome(hubOutcome(files, name, major, loaderClass), 'hub-cache', files.location);
      if (r.ok) return r;
    }
  }

  // 4. The catalogue: config values only, no files, no network.
  const cat = fromCatalogue(name, major, notes, loaderClass);
  if (cat && 'ok' in cat) return remembered && cat.ok ? { ...cat, fellBackFrom: remembered } : cat;
  const offlineVar = d.hubAccess === 'offline' ? offlineVarOf(d.env) : undefined;
  return fail(
    remembered ??
      cat ?? { kind: 'not-found', name, hub: d.hubAccess, ...(d.trusted ? { cacheDir } : {}), ...(offlineVar ? { offlineVar } : {}) },
  );
}
