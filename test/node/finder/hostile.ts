/**
 * Issue 18's hostile inputs (bench/hostile.bench.ts times the same ones) and the sampler the host-thread
 * tests read: `longestSlice` samples the engine's step counter (workMeter) at every event-loop turn
 * while `work` runs; the largest step between two samples is the most engine work done in one
 * synchronous slice on this thread. A count, not a clock: the cap is HOST_SLICE_UNITS.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { workMeter } from '../../../src/core/base/workMeter';
import { catalogueConfig } from '../../../src/core/models/catalogue/index';
import { modelFromConfig } from '../../../src/core/models/registry';
import { DEFAULT_SETUP } from '../../../src/core/settings';
import type { ModelLookup } from '../../../src/core/analysis/api';
import type { WireEnv } from '../../../src/extension/finder/wireEnv';
import { DEFAULT_ESTIMATE_SETTINGS } from '../../../src/core/analysis/estimateChoice';
import { REPO_ROOT } from '../../helpers/fixtures';

/** The desktop and web worker bundles, built from the current source (as the webview tests build theirs). */
export const WORKER = join(REPO_ROOT, 'dist/finder-worker.js');
export const WEB_WORKER = join(REPO_ROOT, 'dist/web/finder-worker.js');
export function buildWorkers(): void {
  execFileSync('node', ['esbuild.mjs', 'finderWorker', 'webFinderWorker'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

const tree = modelFromConfig(catalogueConfig('gpt2')!);
export const lookup = (): ModelLookup => ({ status: 'ok', tree, origin: 'catalogue' });
export const wire: WireEnv = { setup: DEFAULT_SETUP, estimate: DEFAULT_ESTIMATE_SETTINGS, rules: {} };
const HEAD = 'from transformers import AutoModelForCausalLM\n';

export const HOSTILE: Record<string, string> = {
  'comprehension range(20000) x range(20000), 253 bytes': `${HEAD}device_map = {f"x.{i}.{j}": 0 for i in range(20000) for j in range(20000)}\nm = AutoModelForCausalLM.from_pretrained("gpt2", device_map=device_map)\n`,
  'string doubling s = s + s x60': `${HEAD}s = "gpt2"\n${'s = s + s\n'.repeat(60)}m = AutoModelForCausalLM.from_pretrained(s, device_map="auto")\n`,
  'a chain of big ** merges': `${HEAD}a = {f"transformer.h.{j}": 0 for j in range(5000)}\n${'a = {**a, **a, **a, **a}\n'.repeat(30)}m = AutoModelForCausalLM.from_pretrained("gpt2", device_map=a)\n`,
  'budget-exhausting file': `${HEAD}${Array.from({ length: 40 }, (_, i) => `x${i} = [j * 2 for j in range(20000)]`).join('\n')}\ndevice_map = {"transformer.wte": 0}\n`,
};

export async function longestSlice<T>(work: () => Promise<T>): Promise<{ result: T; units: number }> {
  let last = workMeter.units;
  let longest = 0;
  let on = true;
  const sample = () => {
    longest = Math.max(longest, workMeter.units - last);
    last = workMeter.units;
    if (on) setImmediate(sample);
  };
  setImmediate(sample);
  const result = await work();
  on = false;
  sample();
  return { result, units: longest };
}
