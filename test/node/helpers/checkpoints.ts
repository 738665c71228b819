/** Real checkpoint files for Node tests: safetensors with sparse data, sharded folders, HF cache layouts. */
import { mkdirSync, mkdtempSync, openSync, closeSync, writeSync, ftruncateSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { safetensorsHeaderBytes, type TestTensor } from '../../unit/models/resolve/safetensorsBytes';

export function tempDir(prefix = 'dms-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Header bytes then a sparse (hole-filled) data section of the exact size, as a real file would be. */
export function safetensorsFileBytes(tensors: readonly TestTensor[]): { header: Uint8Array; size: number } {
  const { bytes, dataBytes } = safetensorsHeaderBytes(tensors);
  return { header: bytes, size: bytes.length + dataBytes };
}

export function writeSafetensors(path: string, tensors: readonly TestTensor[]): { headerBytes: number; size: number } {
  mkdirSync(dirname(path), { recursive: true });
  const { header, size } = safetensorsFileBytes(tensors);
  const fd = openSync(path, 'w');
  writeSync(fd, header);
  ftruncateSync(fd, size); // the data stays a hole: tests prove it is never read
  closeSync(fd);
  return { headerBytes: header.length, size };
}

export interface CheckpointSpec {
  readonly config?: Record<string, unknown>;
  /** One entry: `model.safetensors`; several: `model-0000k-of-0000n.safetensors` plus the index. */
  readonly shards?: ReadonlyArray<readonly TestTensor[]>;
}

/** Every file of a checkpoint as name -> bytes (safetensors data zero-filled), for the fake Hub and the HF cache. */
export function checkpointFiles(spec: CheckpointSpec): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  if (spec.config) files.set('config.json', new TextEncoder().encode(JSON.stringify(spec.config)));
  const shards = spec.shards ?? [];
  const names =
    shards.length === 1
      ? ['model.safetensors']
      : shards.map((_, i) => `model-${String(i + 1).padStart(5, '0')}-of-${String(shards.length).padStart(5, '0')}.safetensors`);
  const weightMap: Record<string, string> = {};
  shards.forEach((tensors, i) => {
    const { header, size } = safetensorsFileBytes(tensors);
    const bytes = new Uint8Array(size);
    bytes.set(header);
    files.set(names[i]!, bytes);
    for (const t of tensors) weightMap[t.name] = names[i]!;
  });
  if (shards.length > 1)
    files.set(
      'model.safetensors.index.json',
      new TextEncoder().encode(JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap })),
    );
  return files;
}

/** A checkpoint folder on disk (safetensors written sparse). */
export function writeCheckpoint(dir: string, spec: CheckpointSpec): void {
  mkdirSync(dir, { recursive: true });
  const files = checkpointFiles(spec);
  const shardNames = [...files.keys()].filter((n) => n.endsWith('.safetensors'));
  for (const [name, bytes] of files) {
    const i = shardNames.indexOf(name);
    if (i >= 0) writeSafetensors(join(dir, name), spec.shards![i]!);
    else writeFileSync(join(dir, name), bytes);
  }
}

/**
 * A repo in the huggingface_hub cache layout: blobs named by hash, snapshot
 * files as relative symlinks to them, `refs/<revision>` holding the commit.
 */
export function writeHfCacheRepo(
  cacheDir: string,
  repo: string,
  spec: CheckpointSpec & { revision?: string; commit?: string; only?: readonly string[] },
): string {
  const repoDir = join(cacheDir, `models--${repo.split('/').join('--')}`);
  const commit =
    spec.commit ??
    createHash('sha1')
      .update(repo + (spec.revision ?? 'main'))
      .digest('hex');
  const snapshot = join(repoDir, 'snapshots', commit);
  mkdirSync(snapshot, { recursive: true });
  mkdirSync(join(repoDir, 'blobs'), { recursive: true });
  const shardTensors = new Map<string, readonly TestTensor[]>();
  const shards = spec.shards ?? [];
  const files = checkpointFiles(spec);
  [...files.keys()].filter((n) => n.endsWith('.safetensors')).forEach((n, i) => shardTensors.set(n, shards[i]!));
  for (const [name, bytes] of files) {
    if (spec.only && !spec.only.includes(name)) continue;
    const blob = join(
      repoDir,
      'blobs',
      createHash('sha256')
        .update(name + commit)
        .digest('hex'),
    );
    if (shardTensors.has(name)) writeSafetensors(blob, shardTensors.get(name)!);
    else writeFileSync(blob, bytes);
    symlinkSync(relative(snapshot, blob), join(snapshot, name));
  }
  const refFile = join(repoDir, 'refs', ...(spec.revision ?? 'main').split('/'));
  mkdirSync(dirname(refFile), { recursive: true });
  writeFileSync(refFile, commit);
  return snapshot;
}
