// The recorded user maps (transformers 5.17, fixtures/user-maps.json), rewritten as
// Python files in the styles people use, must parse back to exactly the recorded dict,
// with torch's verdict on each value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, readJson } from '../../helpers/fixtures';
import { findJson, findPy, onlyMap } from './helpers';

interface UserCase {
  device_map: Record<string, number | string>;
  ok: boolean;
  error?: string;
  forward_error?: string;
}
const FIXTURE_TEXT = readFileSync(join(FIXTURES, 'user-maps.json'), 'utf8');
const cases = readJson<{ cases: Record<string, UserCase> }>(join(FIXTURES, 'user-maps.json')).cases;

/** Python source for a JSON value: ints stay ints, 1.0 stays a float, strings get quotes. */
function pyValue(v: number | string, raw: string): string {
  return typeof v === 'string' ? JSON.stringify(v) : raw;
}

function rawValues(name: string): Map<string, string> {
  // JSON.parse loses `1.0` vs `1`: read the literal text of each value from the fixture file.
  const text = FIXTURE_TEXT;
  const at = text.indexOf(`"${name}"`);
  const dm = text.indexOf('"device_map"', at);
  const body = text.slice(dm, text.indexOf('}', dm));
  const out = new Map<string, string>();
  for (const m of body.matchAll(/"([^"]*)":\s*(-?[\d.]+|"[^"]*")/g)) out.set(m[1]!, m[2]!);
  return out;
}

const styles: Record<string, (dm: Record<string, number | string>, raws: Map<string, string>) => string> = {
  inline: (dm, raws) =>
    `m = AutoModelForCausalLM.from_pretrained(path, device_map={${Object.entries(dm)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyValue(v, raws.get(k)!)}`)
      .join(', ')}}, dtype=torch.bfloat16)`,
  multiline: (dm, raws) =>
    `device_map = {\n${Object.entries(dm)
      .map(([k, v]) => `    '${k}': ${pyValue(v, raws.get(k)!)},  # ${k}`)
      .join('\n')}\n}\nm = AutoModelForCausalLM.from_pretrained(path, device_map=device_map)`,
  items: (dm, raws) =>
    `dm = {}\n${Object.entries(dm)
      .map(([k, v]) => `dm["${k}"] = ${pyValue(v, raws.get(k)!)}`)
      .join('\n')}\nm = AutoModelForCausalLM.from_pretrained(path, device_map=dm)`,
};

test('user maps as JSON configs read back with the same values and verdicts', () => {
  for (const [name, c] of Object.entries(cases)) {
    const raws = rawValues(name);
    const body = Object.entries(c.device_map)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${pyValue(v, raws.get(k)!)}`)
      .join(',\n');
    const text = `{\n  "model_name_or_path": "./tiny-llama",\n  "device_map": {\n${body}\n  }\n}\n`;
    const m = onlyMap(findJson(text));
    assert.deepEqual(
      m.entries.map((e) => e.key),
      Object.keys(c.device_map),
      name,
    );
    for (const e of m.entries) {
      const raw = raws.get(e.key)!;
      const bad = raw === '-1' || raw === '1.0' || raw === '"gpu0"' || raw === '"meta"';
      assert.equal(e.value.invalid !== undefined, bad, `${name} ${e.key}=${raw}`);
    }
  }
});

for (const [name, c] of Object.entries(cases)) {
  for (const [style, make] of Object.entries(styles)) {
    test(`user map ${name} (${style})`, () => {
      const raws = rawValues(name);
      const text = `import torch\nfrom transformers import AutoModelForCausalLM\npath = "./tiny-llama"\n${make(c.device_map, raws)}\n`;
      const m = onlyMap(findPy(text));
      assert.equal(m.kind, 'dict');
      assert.equal(m.partial, false);
      assert.equal(m.model?.name, './tiny-llama');
      assert.deepEqual(
        m.entries.map((e) => e.key),
        Object.keys(c.device_map),
      );
      for (const e of m.entries) {
        const want = c.device_map[e.key]!;
        const raw = raws.get(e.key)!;
        // torch's verdict for the value, recorded in the fixture's error text when loading failed on it.
        const torchError = c.error && /RuntimeError|TypeError/.test(c.error) && (raw === '-1' || raw === '1.0' || want === 'gpu0');
        if (torchError) {
          assert.ok(e.value.invalid, `${e.key} should be invalid`);
          assert.equal(e.value.device, undefined);
          if (want === 'gpu0') assert.ok(c.error!.includes(e.value.invalid!), `${c.error} vs ${e.value.invalid}`);
          if (raw === '-1') assert.ok(c.error!.includes(e.value.invalid!));
          if (raw === '1.0')
            assert.ok(c.error!.startsWith('TypeError') && c.error!.includes('got (float)') && e.value.invalid!.includes('got (float)'));
        } else if (want === 'meta') {
          assert.ok(c.forward_error && e.value.invalid && c.forward_error.includes(e.value.invalid.replace('NotImplementedError: ', '')));
        } else {
          assert.equal(e.value.invalid, undefined, `${e.key}=${raw}`);
          const expected = typeof want === 'number' ? want : /^cuda:\d+$/.test(want) ? Number(want.slice(5)) : want;
          assert.equal(e.value.device, expected, `${e.key}=${raw}`);
          assert.equal(e.value.style, typeof want === 'number' ? 'int' : /^cuda/.test(want) ? 'cuda-string' : 'string');
        }
      }
    });
  }
}
