/** The Node half of tools/time_vs_transformers.py: its JSON, and maps equal to what transformers recorded on the same budgets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GENERATED, REPO_ROOT, readJson, type Reference } from '../../helpers/fixtures';

test('time-engine: one JSON line, timings per model and scenario, the balanced maps transformers 5.17 recorded', () => {
  const r = spawnSync('node', ['--import', 'tsx', 'tools/time_engine.ts', '--configs', GENERATED, '--runs', '1', 'gpt2', 'qwen2.5-0.5b'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim()) as {
    runs: number;
    models: Record<
      string,
      {
        class: string;
        build_ms: number;
        scenarios: { scenario: string; place_warm_ms: number; cold_ms: number; device_map: Record<string, unknown> }[];
      }
    >;
  };
  assert.equal(out.runs, 1);
  assert.deepEqual(Object.keys(out.models), ['gpt2', 'qwen2.5-0.5b']);
  for (const [name, m] of Object.entries(out.models)) {
    const ref = readJson<Reference>(join(GENERATED, name, 'reference.json'));
    assert.equal(m.class, ref.class);
    assert.ok(m.build_ms >= 0);
    assert.equal(m.scenarios.length, 6);
    for (const s of m.scenarios) {
      assert.ok(s.place_warm_ms >= 0 && s.cold_ms >= 0);
      const recorded = ref.placements.find((p) => p.strategy === 'balanced' && p.dtype === 'bf16' && p.scenario === s.scenario);
      assert.ok(recorded, `${name} ${s.scenario} recorded`);
      assert.deepEqual(s.device_map, recorded.device_map, `${name} ${s.scenario}: the map the Python half will compare`);
    }
  }
});
