/**
 * Issue 18, fuzz and abuse: generated Python, JSON, notebook-shaped JSON and
 * YAML-ish text, and hostile configs and safetensors headers, never make the
 * engine throw, always end within a generous budget, and give bounded output
 * (no more findings than MAX_FINDINGS + 1, no message longer than 2,000
 * characters, no NaN/Infinity in any message). Run counts stay modest: the
 * machine is shared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument, completeAt, hoverAt } from '../../../src/core/analysis/index';
import { modelFromConfig } from '../../../src/core/models/registry';
import { catalogueConfig } from '../../../src/core/models/catalogue/index';
import { ConfigError } from '../../../src/core/models/config';
import { headerFromJson } from '../../../src/core/models/safetensors/header';
import { treeFromParts } from '../../../src/core/models/resolve/checkpointFolder';
import { DEFAULT_SETUP, GIB } from '../../../src/core/settings';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { MAX_FINDINGS } from '../../../src/core/base/limits';
import type { AnalysisEnv, SourceDocument } from '../../../src/core/analysis/api';

const tree = modelFromConfig(catalogueConfig('gpt2')!);
const env: AnalysisEnv = {
  setup: { ...DEFAULT_SETUP, gpus: [{ name: 'g', memory: 24 * GIB }] },
  lookupModel: () => ({ status: 'ok', tree, origin: 'catalogue' }),
};
const BUDGET_MS = 10_000;

function checkBounded(doc: SourceDocument, cursor: number): void {
  const t0 = Date.now();
  const { findings } = analyzeDocument(doc, env);
  assert.ok(findings.length <= MAX_FINDINGS + 1, `${findings.length} findings`);
  for (const f of findings) {
    assert.ok(f.start >= 0 && f.start <= f.end && f.end <= doc.text.length, `${f.code} outside the text`);
    assert.ok(f.message.length <= 2000, `${f.code} message of ${f.message.length} chars`);
    assert.doesNotMatch(f.message, /\bNaN\b|Infinity/, f.message);
  }
  const at = Math.floor(cursor * doc.text.length);
  completeAt(doc, at, env);
  hoverAt(doc, at, env);
  assert.ok(Date.now() - t0 < BUDGET_MS, `took ${Date.now() - t0} ms`);
}

/** Python built from device-map-ish fragments, including the hostile shapes of the issue. */
const PY_FRAGMENTS = [
  'device_map = {',
  '}',
  '"transformer.h.0": 0,',
  '"lm_head": "cpu",',
  'for i in range(20000)',
  'for j in range(20000)',
  '{**a, **{k: v for k, v in a.items()}}',
  'a = ',
  's = s + s',
  '10 ** 60',
  '"x" * 99999',
  'f"transformer.h.{i}"',
  'AutoModelForCausalLM.from_pretrained("gpt2", device_map=device_map)',
  'revision="../../etc"',
  'torch_dtype="toString"',
  'torch_dtype="__proto__"',
  '\r',
  '\r\n',
  '\n',
  '    ',
  '(',
  ')',
  '[',
  ']',
  ':',
  ',',
  '#',
  '"""',
  "'",
  '\\',
];
const python = fc
  .array(fc.constantFrom(...PY_FRAGMENTS), { maxLength: 60 })
  .map((parts) => `from transformers import AutoModelForCausalLM\n${parts.join(' ')}`);

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(0, 1, -1, 1e308, 2 ** 60, 'cpu', 'disk', 'cuda:1', '__proto__', 'toString', null, true),
    fc.string({ maxLength: 8 }),
    tie('object'),
    tie('array'),
  ),
  object: fc.dictionary(
    fc.constantFrom(
      'device_map',
      'transformer.h.0',
      'lm_head',
      '__proto__',
      'constructor',
      'model_name_or_path',
      'max_memory',
      'cells',
      'source',
      'x',
    ),
    tie('value'),
    { maxKeys: 6 },
  ),
  array: fc.array(tie('value'), { maxLength: 5 }),
})).object;
/** JSON text, sometimes with the trailing commas and comments json.load rejects. */
const jsonText = fc.tuple(jsonValue, fc.constantFrom('', ',', '// c\n', '/* c */')).map(([v, junk]) => {
  const t = JSON.stringify(v, null, 1);
  return junk && t.endsWith('}') && t.length > 2 ? `${t.slice(0, -1)}${junk}}` : t;
});
const notebook = fc.array(fc.oneof(python, fc.string({ maxLength: 30 })), { maxLength: 4 }).map((srcs) =>
  JSON.stringify({
    cells: srcs.map((s) => ({ cell_type: 'code', source: s.split('\n').map((l) => `${l}\n`) })),
    metadata: {},
    nbformat: 4,
  }),
);
const yamlish = fc
  .array(
    fc.constantFrom(
      'device_map:',
      '  transformer.h.0: 0',
      '  lm_head: cpu',
      'model_name_or_path: gpt2',
      '- a',
      'x: &a [1]',
      'y: *a',
      '  ',
      '\t',
      '"',
      '{',
      '}',
    ),
    { maxLength: 30 },
  )
  .map((l) => l.join('\n'));

const RUNS = { numRuns: 40 };

test('Python: no throw, bounded output, within the budget', () => {
  fc.assert(
    fc.property(python, fc.double({ min: 0, max: 1, noNaN: true }), (text, c) =>
      checkBounded({ text, languageId: 'python', fileName: '/w/fuzz.py' }, c),
    ),
    RUNS,
  );
});

test('JSON (device-map files, strict .json and tolerant .jsonc): no throw, bounded output', () => {
  fc.assert(
    fc.property(jsonText, fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), (text, strict, c) =>
      checkBounded(
        { text, languageId: strict ? 'json' : 'jsonc', fileName: strict ? '/w/fuzz_device_map.json' : '/w/fuzz_device_map.jsonc' },
        c,
      ),
    ),
    RUNS,
  );
});

test('notebook-shaped and YAML-ish text: no throw, bounded output', () => {
  fc.assert(
    fc.property(notebook, fc.double({ min: 0, max: 1, noNaN: true }), (text, c) =>
      checkBounded({ text, languageId: 'json', fileName: '/w/fuzz_device_map.ipynb' }, c),
    ),
    RUNS,
  );
  fc.assert(
    fc.property(yamlish, fc.double({ min: 0, max: 1, noNaN: true }), (text, c) =>
      checkBounded({ text, languageId: 'yaml', fileName: '/w/device_map.yaml' }, c),
    ),
    RUNS,
  );
});

test('line index: every offset maps inside the text, for any mix of \\r, \\r\\n and \\n', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'bc', '\r', '\n', '\r\n'), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const idx = new LineIndex(text);
      const breaks = text.split(/\r\n|\r|\n/).length;
      assert.equal(idx.lineCount, breaks);
      for (let o = 0; o <= text.length; o++) {
        const p = idx.position(o);
        assert.ok(p.line >= 0 && p.line < breaks && p.character >= 0);
      }
    }),
    { numRuns: 100 },
  );
});

const big = fc.oneof(
  fc.integer({ min: -3, max: 3000 }),
  fc.constantFrom(1_000_000, 2 ** 40, 2 ** 53, 1e300, -1, 0.5, Number.NaN, '64', null),
);
test('hostile configs: a finite tree with exact sizes, or a ConfigError; never a crash or an unbounded build', () => {
  fc.assert(
    fc.property(
      fc.record(
        {
          num_hidden_layers: big,
          hidden_size: big,
          intermediate_size: big,
          vocab_size: big,
          num_attention_heads: big,
          num_local_experts: big,
        },
        { requiredKeys: [] },
      ),
      (extra) => {
        const t0 = Date.now();
        try {
          const t = modelFromConfig({
            ...catalogueConfig('gpt2')!,
            model_type: 'llama',
            hidden_size: 64,
            intermediate_size: 96,
            num_attention_heads: 4,
            num_key_value_heads: 2,
            num_hidden_layers: 2,
            vocab_size: 256,
            ...extra,
          });
          assert.ok(t.root.children.length > 0);
        } catch (e) {
          assert.ok(e instanceof ConfigError, String(e));
        }
        assert.ok(Date.now() - t0 < BUDGET_MS);
      },
    ),
    { numRuns: 60 },
  );
});

test('hostile safetensors headers: a tree or a clear problem, never NaN sizes or a throw', () => {
  const dim = fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.constantFrom(2 ** 40, 2 ** 53, 1e300, -1, 1.5));
  const entry = fc.record({
    dtype: fc.constantFrom('BF16', 'F32', 'toString', '__proto__', 'I8'),
    shape: fc.array(dim, { maxLength: 4 }),
    data_offsets: fc.constant([0, 0]),
  });
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom('model.embed_tokens.weight', 'lm_head.weight', 'model.layers.0.mlp.up_proj.weight', '__proto__', 'constructor'),
        entry,
        { maxKeys: 5 },
      ),
      (json) => {
        let header;
        try {
          header = headerFromJson(json, 'fuzz');
        } catch (e) {
          assert.ok(e instanceof Error && e.message.startsWith('fuzz'), String(e));
          return;
        }
        const out = treeFromParts('fuzz', undefined, [header], 5);
        assert.doesNotMatch(JSON.stringify(out.ok ? out.notes : out.problem), /\bNaN\b|Infinity/);
      },
    ),
    { numRuns: 60 },
  );
});
