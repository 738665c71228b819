/**
 * The Node half of tools/time_vs_transformers.py: times our engine in-process
 * on the same config.json files and budgets the Python half gives
 * transformers, and prints one JSON object. Bundled to dist/time-engine.js
 * (`node esbuild.mjs timing`) so a GPU host needs only a node binary and the
 * built repo, no node_modules and no network.
 *
 *   node dist/time-engine.js --configs test/fixtures/generated --runs 20 [name ...]
 *
 * Per model: `build_ms` (config -> module tree, what the meta-device model
 * build is to transformers), per scenario `place_warm_ms` (balanced on a built
 * tree, as `_get_device_map` runs on a built model), `cold_ms` (config ->
 * tree -> balanced, a fresh tree each run) and the device map itself, so the
 * Python half can check both sides computed the same placement.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromConfig } from '../src/core/models/registry';
import type { HFConfig } from '../src/core/models/config';
import { expandStrategy } from '../src/core/placement/strategy';
import { maxMemoryFromRecord } from '../src/core/base/devices';

const GiB = 2 ** 30;
/** The budgets of tools/gen_reference.py's SCENARIOS (the recorded fixtures), bytes. */
export const SCENARIOS: Record<string, Record<string, number>> = {
  '2x24': { 0: 24 * GiB, 1: 24 * GiB, cpu: 200 * GiB },
  '2x12': { 0: 12 * GiB, 1: 12 * GiB, cpu: 200 * GiB },
  '4x16': { 0: 16 * GiB, 1: 16 * GiB, 2: 16 * GiB, 3: 16 * GiB, cpu: 200 * GiB },
  '6+20': { 0: 6 * GiB, 1: 20 * GiB, cpu: 200 * GiB },
  '4x80': { 0: 80 * GiB, 1: 80 * GiB, 2: 80 * GiB, 3: 80 * GiB, cpu: 400 * GiB },
  '1x8': { 0: 8 * GiB, cpu: 12 * GiB, disk: 1000 * GiB },
};

function median(fn: () => unknown, runs: number): number {
  fn(); // one warm-up: the JIT, as Python's first call pays imports only once too
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

export function timeModel(config: HFConfig, runs: number) {
  const tree = modelFromConfig(config);
  const scenarios = Object.entries(SCENARIOS).map(([scenario, rec]) => {
    const mm = maxMemoryFromRecord(rec);
    const deviceMap = Object.fromEntries(expandStrategy(tree, 'balanced', mm, { dtype: 'bf16' }).deviceMap);
    return {
      scenario,
      place_warm_ms: median(() => expandStrategy(tree, 'balanced', mm, { dtype: 'bf16' }), runs),
      cold_ms: median(() => expandStrategy(modelFromConfig(config), 'balanced', mm, { dtype: 'bf16' }), runs),
      device_map: deviceMap,
    };
  });
  return { class: tree.className, build_ms: median(() => modelFromConfig(config), runs), scenarios };
}

function main(argv: string[]): void {
  const at = (flag: string, dflt: string): string => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1]! : dflt);
  const dir = at('--configs', 'test/fixtures/generated');
  const runs = Number(at('--runs', '20'));
  const values = new Set([at('--configs', ''), at('--runs', '')]);
  const names = argv.filter((a) => !a.startsWith('--') && !values.has(a));
  const models: Record<string, unknown> = {};
  for (const name of readdirSync(dir).sort()) {
    if (names.length && !names.includes(name)) continue;
    const file = join(dir, name, 'config.json');
    if (!existsSync(file)) continue;
    models[name] = timeModel(JSON.parse(readFileSync(file, 'utf8')) as HFConfig, runs);
  }
  console.log(JSON.stringify({ engine: 'device-map-studio', node: process.version, runs, models }));
}

main(process.argv.slice(2));
