/**
 * A checkpoint folder (a local `save_pretrained` output or a hub-cache snapshot):
 * config.json plus the safetensors headers of its shards, read without touching
 * tensor data. Headers win over the config for stored dtypes.
 */
import { ConfigError, type HFConfig } from '../config';
import { assertExactSizes, supportedModelTypes, UnknownModelTypeError, modelFromConfig } from '../registry';
import { numLabelsOf, withLoaderClass } from '../loaderClass';
import type { ModelTree, TransformersMajor } from '../tree';
import { readSafetensorsHeader, shardsFromIndex, type SafetensorsHeader } from '../safetensors/header';
import { treeFromSafetensorsHeaders } from '../safetensors/treeFromHeaders';
import type { ModelFs } from './fs';
import { OutsideWorkspaceError } from './confinedFs';
import type { ResolveProblem } from './problems';

export type TreeOutcome =
  | { readonly ok: true; readonly tree: ModelTree; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problem: ResolveProblem };

export const INDEX_FILE = 'model.safetensors.index.json';
export const SINGLE_FILE = 'model.safetensors';

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Parses config.json text; a clear problem when it is not a JSON object. */
export function parseConfigText(text: string, name: string, where: string): { config: HFConfig } | { problem: ResolveProblem } {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { config: v as HFConfig };
    return { problem: { kind: 'bad-checkpoint', name, where, detail: 'it is not a JSON object' } };
  } catch (e) {
    return { problem: { kind: 'bad-checkpoint', name, where, detail: `invalid JSON (${describe(e)})` } };
  }
}

/** The tree from config and/or headers: the one place both routes meet (folders, cache, Hub). */
export function treeFromParts(
  name: string,
  config: HFConfig | undefined,
  headers: readonly SafetensorsHeader[] | undefined,
  major: TransformersMajor,
  notes: string[] = [],
  loaderClass?: string,
): TreeOutcome {
  try {
    if (!config && !(headers && headers.length > 0)) {
      return {
        ok: false,
        problem: { kind: 'bad-checkpoint', name, where: 'the checkpoint', detail: 'it has neither config.json nor safetensors headers' },
      };
    }
    const tree =
      headers && headers.length > 0
        ? treeFromSafetensorsHeaders(headers, config, { transformers: major })
        : modelFromConfig(config!, { transformers: major });
    assertExactSizes(tree.root);
    // The loader class decides the tree transformers builds (AutoModel: the bare base model).
    const loaded = withLoaderClass(tree, loaderClass, { numLabels: numLabelsOf(config) });
    return { ok: true, tree: loaded.tree, notes: [...notes, ...loaded.notes] };
  } catch (e) {
    if (e instanceof UnknownModelTypeError) {
      return {
        ok: false,
        problem: { kind: 'unknown-model-type', name, modelType: String(config?.['model_type']), supported: supportedModelTypes() },
      };
    }
    if (e instanceof ConfigError) {
      return {
        ok: false,
        problem: { kind: 'bad-checkpoint', name, where: headers?.length ? 'the safetensors headers' : 'config.json', detail: e.message },
      };
    }
    return { ok: false, problem: { kind: 'bad-checkpoint', name, where: 'the checkpoint', detail: describe(e) } };
  }
}

/** Which safetensors files hold the model weights: the index's shards, `model.safetensors`, or every other `*.safetensors` but adapters. */
async function weightFiles(fs: ModelFs, folder: string, files: readonly string[]): Promise<string[] | undefined> {
  if (files.includes(INDEX_FILE)) {
    const where = fs.join(folder, INDEX_FILE);
    let json: unknown;
    try {
      json = JSON.parse(await fs.readText(where));
    } catch (e) {
      throw new ConfigError(`${INDEX_FILE} is not valid JSON (${describe(e)})`);
    }
    return shardsFromIndex(json, INDEX_FILE);
  }
  if (files.includes(SINGLE_FILE)) return [SINGLE_FILE];
  const others = files.filter((f) => f.endsWith('.safetensors') && !f.startsWith('adapter_'));
  return others.length > 0 ? others.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : undefined;
}

/** Reads the headers of the folder's weight files; undefined (with a note) when a shard is missing, as in a partly downloaded snapshot. */
export async function readFolderHeaders(fs: ModelFs, folder: string, notes: string[]): Promise<SafetensorsHeader[] | undefined> {
  const files = await fs.list(folder);
  const shards = await weightFiles(fs, folder, files);
  if (!shards) return undefined;
  const headers: SafetensorsHeader[] = [];
  for (const shard of shards) {
    const path = fs.join(folder, shard);
    if ((await fs.kind(path)) !== 'file') {
      notes.push(`${shard} is missing from ${folder}: sizes use config.json's dtype instead of the stored dtypes`);
      return undefined;
    }
    headers.push(await readSafetensorsHeader((offset, length) => fs.readRange(path, offset, length), shard));
  }
  return headers;
}

/** The tree of a checkpoint folder; `configFile` overrides `<folder>/config.json` (a config path given directly). */
export async function treeFromCheckpointFolder(
  fs: ModelFs,
  folder: string,
  name: string,
  major: TransformersMajor,
  configFile?: string,
  loaderClass?: string,
): Promise<TreeOutcome> {
  const notes: string[] = [];
  const configPath = configFile ?? fs.join(folder, 'config.json');
  let config: HFConfig | undefined;
  try {
    if ((await fs.kind(configPath)) === 'file') {
      const parsed = parseConfigText(await fs.readText(configPath), name, 'config.json');
      if ('problem' in parsed) return { ok: false, problem: parsed.problem };
      config = parsed.config;
    }
    const headers = await readFolderHeaders(fs, folder, notes);
    if (!config && !headers) return { ok: false, problem: { kind: 'folder-without-config', folder } };
    return treeFromParts(name, config, headers, major, notes, loaderClass);
  } catch (e) {
    if (e instanceof OutsideWorkspaceError) return { ok: false, problem: { kind: 'outside-workspace', name } };
    return { ok: false, problem: { kind: 'bad-checkpoint', name, where: folder, detail: describe(e) } };
  }
}
