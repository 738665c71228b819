/**
 * The safetensors header: an 8-byte little-endian length, then that many bytes
 * of JSON naming every tensor (dtype, shape, data offsets). Reading it never
 * touches the tensor data, so a 140 GB checkpoint costs a few kilobytes.
 */
import { ConfigError } from '../config';
import { limitMessage, MAX_HEADER_BYTES, MAX_SHARDS, MAX_TENSORS } from '../../base/limits';

/** One tensor entry of a header, as the file stores it. */
export interface SafetensorsTensorInfo {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data_offsets: readonly [number, number];
}

/** A parsed header: tensor name -> entry, in the order the JSON lists them (`__metadata__` removed). */
export interface SafetensorsHeader {
  readonly tensors: ReadonlyArray<readonly [string, SafetensorsTensorInfo]>;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A header or index that cannot be read: a clear message, never a crash. */
export class SafetensorsError extends ConfigError {}

/** Reads `length` bytes at `offset` of one file (a local partial read or an HTTP Range request). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

interface TextDecoderLike {
  decode(bytes: Uint8Array): string;
}
/** Core has no DOM or Node typings; TextDecoder exists in every runtime we ship to. */
function utf8(bytes: Uint8Array): string {
  const Ctor = (globalThis as unknown as { TextDecoder: new () => TextDecoderLike }).TextDecoder;
  return new Ctor().decode(bytes);
}

/** The header length from the file's first 8 bytes, checked against sane bounds. */
export function headerLength(first8: Uint8Array, where: string): number {
  if (first8.length < 8) throw new SafetensorsError(`${where}: file is shorter than 8 bytes, not a safetensors file`);
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES) && n <= 2n ** 40n)
    throw new SafetensorsError(`${where}: ${limitMessage('header bytes', String(n), MAX_HEADER_BYTES)}`);
  if (n === 0n || n > BigInt(MAX_HEADER_BYTES)) {
    throw new SafetensorsError(`${where}: header length ${n} is not plausible (not a safetensors file?)`);
  }
  return Number(n);
}

/** Non-negative integer dimensions whose product is exact (a shape of [2^40, 2^40] would size as NaN). */
function isDims(v: unknown): v is number[] {
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) return false;
  return Number.isSafeInteger((v as number[]).reduce((p, d) => p * d, 8));
}

/** Checks and orders a decoded header object. */
export function headerFromJson(json: unknown, where: string): SafetensorsHeader {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SafetensorsError(`${where}: header is not a JSON object`);
  }
  const tensors: Array<readonly [string, SafetensorsTensorInfo]> = [];
  let metadata: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value && typeof value === 'object') metadata = value as Record<string, string>;
      continue;
    }
    const v = value as Partial<SafetensorsTensorInfo> | null;
    if (!v || typeof v !== 'object' || typeof v.dtype !== 'string' || !isDims(v.shape)) {
      throw new SafetensorsError(`${where}: tensor "${name}" has no valid dtype/shape`);
    }
    const offsets = Array.isArray(v.data_offsets) && v.data_offsets.length === 2 ? (v.data_offsets as [number, number]) : ([0, 0] as const);
    tensors.push([name, { dtype: v.dtype, shape: v.shape, data_offsets: offsets }]);
    if (tensors.length > MAX_TENSORS)
      throw new SafetensorsError(`${where}: ${limitMessage('tensors', `more than ${MAX_TENSORS}`, MAX_TENSORS)}`);
  }
  return metadata ? { tensors, metadata } : { tensors };
}

/** Decodes header bytes (without the 8-byte length prefix). */
export function parseHeaderBytes(bytes: Uint8Array, where: string): SafetensorsHeader {
  let json: unknown;
  try {
    json = JSON.parse(utf8(bytes));
  } catch (e) {
    throw new SafetensorsError(`${where}: header is not valid JSON (${(e as Error).message})`);
  }
  return headerFromJson(json, where);
}

/** Reads one file's header through `read`: two small reads, never the tensor data. */
export async function readSafetensorsHeader(read: RangeReader, where: string): Promise<SafetensorsHeader> {
  const n = headerLength(await read(0, 8), where);
  const bytes = await read(8, n);
  if (bytes.length < n) throw new SafetensorsError(`${where}: file ends inside its header (${bytes.length} of ${n} bytes)`);
  return parseHeaderBytes(bytes, where);
}

/** Shard file names of a `model.safetensors.index.json`, in file-name order (`-00001-of-00004` first). */
export function shardsFromIndex(indexJson: unknown, where: string): string[] {
  const map = (indexJson as { weight_map?: unknown } | null)?.weight_map;
  if (!map || typeof map !== 'object' || Array.isArray(map)) {
    throw new SafetensorsError(`${where}: index has no "weight_map" object`);
  }
  const shards: string[] = [];
  const seen = new Set<string>();
  for (const file of Object.values(map as Record<string, unknown>)) {
    if (typeof file !== 'string') throw new SafetensorsError(`${where}: weight_map has a non-string file name`);
    // Shard names come from a downloaded file: keep them inside the checkpoint folder.
    if (file.includes('/') || file.includes('\\') || file.startsWith('.') || !file.endsWith('.safetensors')) {
      throw new SafetensorsError(`${where}: weight_map names an unsafe shard file "${file}"`);
    }
    if (!seen.has(file)) {
      seen.add(file);
      shards.push(file);
      if (shards.length > MAX_SHARDS)
        throw new SafetensorsError(`${where}: ${limitMessage('shards', `more than ${MAX_SHARDS}`, MAX_SHARDS)}`);
    }
  }
  return shards.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
