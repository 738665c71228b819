/** The snapshot builder: forward-order blocks of several families, bytes that match the engine, and the real rules' marks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesPerDevice, type Device } from '../../../src/core/index';
import { forwardBlocks } from '../../../src/core/view/blocks';
import { buildSnapshot } from '../../../src/core/view/viewModel';
import { DEFAULT_OPTIONS } from '../../../src/protocol/snapshot';
import { fixtureTree, mixtralTree, setupOf, snapshotOf, strategyMap } from '../../webview/fixtureSnapshots';

describe('forwardBlocks', () => {
  it('cuts Llama into embedding, decoder layers, norm, rotary, head', () => {
    const b = forwardBlocks(fixtureTree('llama-2-7b'));
    assert.equal(b.length, 32 + 4);
    assert.deepEqual(
      b.slice(0, 2).map((x) => [x.name, x.group, x.label]),
      [
        ['model.embed_tokens', 'embedding', 'emb'],
        ['model.layers.0', 'block', '0'],
      ],
    );
    assert.deepEqual(
      b.slice(-3).map((x) => [x.name, x.group, x.label]),
      [
        ['model.norm', 'other', 'norm'],
        ['model.rotary_emb', 'other', 'rope'],
        ['lm_head', 'head', 'head'],
      ],
    );
  });

  it('cuts T5 into encoder and decoder stacks, labelled apart', () => {
    const b = forwardBlocks(fixtureTree('flan-t5-xl'));
    const blocks = b.filter((x) => x.group === 'block');
    assert.equal(blocks.length, 48);
    const labels = new Set(blocks.map((x) => x.label));
    assert.equal(labels.size, 48, 'encoder and decoder block labels do not collide');
    assert.equal(b[0]!.name, 'shared');
  });

  it('cuts GPT-2 at transformer.h.N', () => {
    const b = forwardBlocks(fixtureTree('gpt2-xl'));
    assert.equal(b.filter((x) => x.group === 'block').length, 48);
    assert.ok(b.some((x) => x.name === 'transformer.wte' && x.group === 'embedding'));
  });
});

describe('buildSnapshot', () => {
  for (const [model, cards] of [
    ['llama-2-13b', 4],
    ['qwen2.5-7b', 8],
    ['phi-3-mini', 2],
    ['gpt2-xl', 2],
  ] as const) {
    it(`${model}: per-card weights equal the engine's bytesPerDevice (the CLI's numbers)`, () => {
      const tree = fixtureTree(model);
      const setup = setupOf(cards, 24);
      const map = strategyMap(tree, setup);
      const s = snapshotOf(tree, map, setup);
      const engine = bytesPerDevice(tree, map, { dtype: 'bf16' });
      for (const c of s.columns) assert.equal(c.memory.weights, engine.get(c.device) ?? 0, c.label);
      // and the bar groups add up to the weights
      for (const c of s.columns)
        assert.equal(
          c.weightsByGroup.embedding + c.weightsByGroup.block + c.weightsByGroup.head + c.weightsByGroup.other,
          c.memory.weights,
        );
      // blocks add up too
      const total = s.blocks.reduce((a, b) => a + b.bytes, 0);
      assert.equal(
        total,
        [...engine.values()].reduce((a, b) => a + b, 0),
      );
    });
  }

  it('reports a Mixtral block split by a fine-grained key, once, on that block', () => {
    const tree = mixtralTree();
    const map = new Map<string, Device>([
      ['', 0],
      ['model.layers.5.block_sparse_moe.experts.3', 1],
    ]);
    const s = snapshotOf(tree, map, setupOf(2, 80));
    const warned = s.blocks.filter((b) => b.warnings.some((w) => w.code === 'DM003'));
    assert.deepEqual(
      warned.map((b) => b.name),
      ['model.layers.5'],
    );
    assert.equal(warned[0]!.devices.length, 2);
  });

  it('reports tied weights apart on both ends (the entries the real DM005 points at)', () => {
    const tree = fixtureTree('llama-3.2-1b'); // tie_word_embeddings
    assert.ok(Object.keys(tree.tiedWeights).length > 0);
    const map = new Map<string, Device>([
      ['model.embed_tokens', 0],
      ['model.layers', 0],
      ['model.norm', 0],
      ['model.rotary_emb', 0],
      ['lm_head', 1],
    ]);
    const s = snapshotOf(tree, map, setupOf(2, 24));
    const dm005 = s.blocks.filter((b) => b.warnings.some((w) => w.code === 'DM005')).map((b) => b.name);
    assert.deepEqual(dm005, ['model.embed_tokens', 'lm_head']);
    assert.deepEqual(
      s.columns.filter((c) => c.warnings.length).map((c) => c.label),
      [],
      'DM005 is about blocks, not a card',
    );
  });

  it('uses the estimate when given: the bar total is the estimate total', () => {
    const tree = fixtureTree('llama-2-7b');
    const setup = setupOf(1, 24);
    const map = new Map<string, Device>([['', 0]]);
    const est = { weights: 13e9, kv_cache: 1e9, activations: 2e8, training: 0, context: 5e8, total: 14.7e9 };
    const s = buildSnapshot({
      tree,
      deviceMap: map,
      setup,
      sizes: { dtype: 'bf16' },
      training: false,
      estimate: { devices: new Map([[0, est]]), formulas: new Map([[0, { kv_cache: '2 x layers x ...' }]]) },
      meta: {
        documentVersion: 1,
        mapIndex: 0,
        uri: 'file:///x.py',
        fileName: 'x.py',
        modelName: 'm',
        mapKind: 'dict',
        editable: true,
        options: DEFAULT_OPTIONS,
      },
    });
    assert.deepEqual(s.columns[0]!.memory, est);
    assert.equal(s.columns[0]!.formulas.kv_cache, '2 x layers x ...');
  });

  it('pins analysis findings on the blocks their spans name, and keeps the rest global', () => {
    const tree = fixtureTree('llama-2-7b');
    const map = new Map<string, Device>([
      ['model.layers.3', 1],
      ['', 0],
    ]);
    const entries = [
      {
        key: 'model.layers.3',
        keySpan: { start: 10, end: 26 },
        value: { raw: '1', span: { start: 28, end: 29 }, style: 'int' as const, device: 1 },
        entrySpan: { start: 10, end: 29 },
        literal: true,
      },
      {
        key: '',
        keySpan: { start: 31, end: 33 },
        value: { raw: '0', span: { start: 35, end: 36 }, style: 'int' as const, device: 0 },
        entrySpan: { start: 31, end: 36 },
        literal: true,
      },
    ];
    const s = buildSnapshot({
      tree,
      deviceMap: map,
      setup: setupOf(2, 24),
      sizes: { dtype: 'bf16' },
      training: false,
      entries,
      findings: [
        { code: 'DM009', severity: 'warning', start: 10, end: 29, message: 'alternating' },
        { code: 'DM016', severity: 'info', start: 0, end: 5, message: 'elsewhere' },
      ],
      meta: {
        documentVersion: 1,
        mapIndex: 0,
        uri: 'file:///x.py',
        fileName: 'x.py',
        modelName: 'm',
        mapKind: 'dict',
        editable: true,
        options: DEFAULT_OPTIONS,
      },
    });
    assert.deepEqual(
      s.blocks.filter((b) => b.warnings.length).map((b) => [b.name, b.warnings.map((w) => w.code)]),
      [['model.layers.3', ['DM009']]],
    );
    assert.deepEqual(
      s.warnings.map((w) => w.code),
      ['DM016'],
    );
  });
});
