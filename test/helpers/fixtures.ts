/** Access to the recorded ground truth in test/fixtures (never edited; test/fixtures/reference/README.md says where each came from). */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** The reference stack's recordings (model trees, placements, user maps, GPU memory), copied into the repository. */
export const FIXTURES = join(REPO_ROOT, 'test/fixtures/reference');
/** Ground truth this repo recorded itself on the reference stack (tools/gen_reference.py). */
export const GENERATED = join(REPO_ROOT, 'test/fixtures/generated');

export interface Placement {
  scenario: string;
  max_memory: Record<string, number>;
  strategy: 'auto' | 'balanced' | 'balanced_low_0' | 'sequential';
  dtype: 'bf16' | 'fp32';
  device_map: Record<string, number | string>;
}

export interface Reference {
  class: string;
  no_split_modules: string[];
  tied_weights: Record<string, string>;
  parameters: [string, number[]][];
  buffers: [string, number[], boolean][];
  module_sizes_bf16: Record<string, number>;
  placements: Placement[];
  /** Absent in the reference fixtures (transformers 5). */
  transformers_major?: 4 | 5;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Every model folder under fixtures/models (and any extra ground-truth folder given). */
export function modelFixtureDirs(root = join(FIXTURES, 'models')): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, d.name))
    .sort();
}
