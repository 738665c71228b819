/**
 * The two kinds of Hub reads the resolver needs, done directly (no Hub client
 * library: it was the largest foreign part of the extension bundle, issue 16):
 * a small JSON file (`config.json`, `model.safetensors.index.json`) and the
 * header of a safetensors file by Range reads, never its tensor data.
 *
 * Facts from the reference implementations (huggingface_hub `hf_hub_url`,
 * `get_safetensors_metadata`; huggingface.js `fileDownloadInfo`,
 * `parseSafetensorsMetadata`):
 * - a file is at `<endpoint>/<repo>/resolve/<revision>/<path>`, the revision
 *   URL-encoded as one segment, each path segment encoded;
 * - a missing file answers 404 with `X-Error-Code: EntryNotFound`; a missing
 *   repo or revision answers 404 with `RepoNotFound` / `RevisionNotFound`, a
 *   gated or private one 401 / 403;
 * - a safetensors file starts with an 8-byte little-endian header length, then
 *   that many bytes of JSON (parsed by core's `readSafetensorsHeader`); a sharded
 *   checkpoint lists its shards in `model.safetensors.index.json`'s `weight_map`.
 * Every request goes through the caller's `scopedFetch` (token, redirects, the
 * network policy's deadline, time-outs and byte caps).
 */
import { readSafetensorsHeader, SafetensorsError, type SafetensorsHeader, shardsFromIndex } from '../../core/index';

/** A Hub answer with an HTTP error status (other than a missing file). */
export class HubHttpError extends Error {
  constructor(
    readonly status: number,
    /** The Hub's `X-Error-Code` (`RepoNotFound`, `RevisionNotFound`, `GatedRepo`...), when it sent one. */
    readonly code: string | undefined,
  ) {
    super(`HTTP ${status}${code ? ` (${code})` : ''}`);
    this.name = 'HubHttpError';
  }
}

/** One repo at one revision, read through one budgeted fetch. */
export interface HubRepoFiles {
  readonly fetch: typeof fetch;
  readonly endpoint: string;
  readonly repo: string;
  readonly revision: string;
}

export const SINGLE_SAFETENSORS = 'model.safetensors';
export const SAFETENSORS_INDEX = 'model.safetensors.index.json';
/** Shard headers read at once (each is two small Range requests). */
const PARALLEL_SHARDS = 8;

export function resolveUrl(files: HubRepoFiles, path: string): string {
  const file = path.split('/').map(encodeURIComponent).join('/');
  return `${files.endpoint}/${files.repo}/resolve/${encodeURIComponent(files.revision)}/${file}`;
}

/** The answer for `path`, or undefined when the repo has no such file; throws HubHttpError for other errors. */
async function get(files: HubRepoFiles, path: string, range?: string): Promise<Response | undefined> {
  const resp = await files.fetch(resolveUrl(files, path), range ? { headers: { range } } : undefined);
  if (resp.ok) return resp;
  await resp.body?.cancel().catch(() => undefined);
  const code = resp.headers.get('x-error-code') ?? undefined;
  if (resp.status === 404 && code === 'EntryNotFound') return undefined;
  throw new HubHttpError(resp.status, code);
}

/**
 * A small text file, or undefined when the repo has none. `probe`: ask for its first byte before
 * the whole file (as huggingface.js does), so a missing, gated or Range-ignoring repo is told
 * apart by a one-byte answer before any body is read.
 */
export async function downloadText(files: HubRepoFiles, path: string, probe = false): Promise<string | undefined> {
  if (probe) {
    const first = await get(files, path, 'bytes=0-0');
    if (!first) return undefined;
    await first.arrayBuffer();
  }
  const resp = await get(files, path);
  return resp ? resp.text() : undefined;
}

/** Thrown by the range reader when the file is not in the repo at all. */
class AbsentFile extends Error {}

/** The header of one safetensors file (two Range reads), or undefined when the repo has no such file. */
async function readHeader(files: HubRepoFiles, path: string): Promise<SafetensorsHeader | undefined> {
  const read = async (offset: number, length: number): Promise<Uint8Array> => {
    const resp = await get(files, path, `bytes=${offset}-${offset + length - 1}`);
    if (!resp) throw new AbsentFile(path);
    return new Uint8Array(await resp.arrayBuffer());
  };
  try {
    return await readSafetensorsHeader(read, `${files.repo}/${path}`);
  } catch (e) {
    if (e instanceof AbsentFile) return undefined;
    throw e;
  }
}

/**
 * The safetensors headers of the repo's weights, in shard-file order: `model.safetensors`, else the
 * shards `model.safetensors.index.json` lists; undefined when it has neither (a `.bin`-only repo).
 */
export async function readHubHeaders(files: HubRepoFiles): Promise<SafetensorsHeader[] | undefined> {
  const single = await readHeader(files, SINGLE_SAFETENSORS);
  if (single) return [single];
  const indexText = await downloadText(files, SAFETENSORS_INDEX);
  if (indexText === undefined) return undefined;
  const where = `${files.repo}/${SAFETENSORS_INDEX}`;
  let index: unknown;
  try {
    index = JSON.parse(indexText);
  } catch (e) {
    throw new SafetensorsError(`${where}: not valid JSON (${(e as Error).message})`);
  }
  const shards = shardsFromIndex(index, where);
  const headers: SafetensorsHeader[] = new Array<SafetensorsHeader>(shards.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < shards.length) {
      const i = next++;
      const header = await readHeader(files, shards[i]!);
      if (!header) throw new SafetensorsError(`${where} lists ${shards[i]}, which the repo does not have`);
      headers[i] = header;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SHARDS, shards.length) }, worker));
  return headers;
}
