/**
 * Every hand-written map transformers 5.17 loaded in fixtures/user-maps.json,
 * re-written as Python and checked: an error exactly where loading or the
 * first forward failed, the code SPEC §3 gives, silence where it worked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeFacts } from '../../../src/core/analysis/analyzeFacts';
import { FIXTURES, readJson } from '../../helpers/fixtures';
import { codes, envWith, gpus, pyMap, tinyLlama } from './helpers';

interface UserCase {
  device_map: Record<string, number | string>;
  ok: boolean;
  error?: string;
  forward_error?: string;
}

const cases = readJson<{ cases: Record<string, UserCase> }>(join(FIXTURES, 'user-maps.json')).cases;

/** The codes SPEC §3 asks for, per recorded case. */
const EXPECTED: Record<string, string[]> = {
  valid: [],
  valid_cuda_strings: [],
  missing_lm_head: ['DM001'],
  missing_rotary: [],
  missing_layer: ['DM001'],
  unknown_key: ['DM002'],
  typo_key: ['DM001', 'DM002'],
  split_attention: ['DM003'],
  parent_and_child: ['DM004'],
  empty_key_only: [],
  empty_key_plus: [],
  device_oob: ['DM007'],
  device_cuda_oob: ['DM007'],
  device_bad_string: ['DM006'],
  device_negative: ['DM006'],
  device_cpu: [],
  device_disk_no_folder: [],
  device_meta: ['DM006'],
  device_mps: ['DM006'],
  device_float: ['DM006'],
  layers_alternating: ['DM009'],
  layers_cpu_middle: [],
  tied_split: ['DM005'],
  tied_same: [],
  tied_no_lm_head: ['DM001'],
};

/** JSON loses `1.0` vs `1`; the recorded case names say which value was a float. */
function rawOf(name: string, key: string, v: number | string): string {
  if (name === 'device_float' && key === 'lm_head') return '1.0';
  return typeof v === 'number' ? String(v) : JSON.stringify(v);
}

test('every recorded case has an expected verdict', () => {
  assert.deepEqual(Object.keys(cases).sort(), Object.keys(EXPECTED).sort());
});

for (const [name, c] of Object.entries(cases)) {
  test(`user map ${name}: ${c.ok && !c.forward_error ? 'works' : (c.error ?? c.forward_error ?? '').split('\n')[0]}`, () => {
    const tree = tinyLlama(name.startsWith('tied'));
    const { doc, facts } = pyMap(Object.entries(c.device_map).map(([k, v]) => [k, rawOf(name, k, v)] as const));
    const findings = analyzeFacts(doc, facts, envWith(tree, gpus(2)));
    assert.deepEqual(codes(findings), EXPECTED[name], findings.map((f) => `${f.code}: ${f.message}`).join('\n'));
    const failed = !c.ok || c.forward_error !== undefined;
    const hasError = findings.some((f) => f.severity === 'error');
    // "mps" on a CUDA machine is a platform warning: right on a Mac, wrong here.
    if (name !== 'device_mps') assert.equal(hasError, failed, `error severity must follow what transformers did`);
  });
}

test('DM001 quotes the parameters transformers names', () => {
  const c = cases['missing_layer']!;
  const { doc, facts } = pyMap(Object.entries(c.device_map).map(([k, v]) => [k, String(v)] as const));
  const f = analyzeFacts(doc, facts, envWith(tinyLlama(), gpus(2))).find((x) => x.code === 'DM001')!;
  assert.match(f.message, /model\.layers\.3\.self_attn\.q_proj\.weight/);
  assert.match(f.message, /ValueError: The device_map provided does not give any device/);
  assert.deepEqual((f.data as { missing: string[] }).missing, ['model.layers.3']);
});
