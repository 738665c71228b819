/** The pure layout: columns, stacked bars on one scale, cells in forward order, hit tests, ranges, keys. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Device } from '../../../src/core/index';
import { keyAction } from '../../../src/webview/draw/keyboard';
import { formatBytes, formatParams, groupDigits } from '../../../src/webview/layout/format';
import { columnAt, layoutPanel, rangeBetween } from '../../../src/webview/layout/geometry';
import { fixtureTree, setupOf, snapshotOf, strategyMap } from '../../webview/fixtureSnapshots';

import { useText } from '../../../src/webview/text';
import { PANEL_TEXT } from '../../../src/protocol/panelText';

// The words the host would send for an English VS Code.
useText(PANEL_TEXT);
const tree = fixtureTree('llama-2-7b');

describe('layoutPanel', () => {
  it('one column per GPU of the setup, then the offload devices used', () => {
    const map = new Map<string, Device>([
      ['model.embed_tokens', 0],
      ['model.layers', 1],
      ['model.layers.31', 'cpu'],
      ['model.norm', 'disk'],
      ['model.rotary_emb', 1],
      ['lm_head', 'disk'],
    ]);
    const l = layoutPanel(snapshotOf(tree, map, setupOf(3, 24)), 1200);
    assert.deepEqual(
      l.columns.map((c) => c.title),
      ['cuda:0', 'cuda:1', 'cuda:2', 'cpu', 'disk'],
    );
    // Columns do not overlap and cover the width in order.
    for (let i = 1; i < l.columns.length; i++) assert.equal(l.columns[i]!.x, l.columns[i - 1]!.x + l.columns[i - 1]!.width);
  });

  it('puts every block in its device column, in forward order within the column', () => {
    const setup = setupOf(4, 24);
    const s = snapshotOf(tree, strategyMap(tree, setup), setup);
    const l = layoutPanel(s, 1280);
    assert.equal(l.cells.length, s.blocks.length);
    for (const c of l.cells) {
      const col = l.columns.find((k) => k.key === c.columnKey)!;
      assert.equal(col.device, c.block.devices[0]!.device);
      assert.ok(c.x >= col.x && c.x + c.width <= col.x + col.width, `${c.key} inside its column`);
    }
    for (const col of l.columns) {
      const mine = l.cells.filter((c) => c.columnKey === col.key);
      const order = mine.map((c) => c.y * 10000 + c.x);
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        `reading order of ${col.title} follows the forward order`,
      );
    }
  });

  it('stacks bar segments on one scale: equal bytes, equal heights; the stack equals the total', () => {
    const setup = setupOf(2, 24);
    const s = snapshotOf(tree, strategyMap(tree, setup), setup);
    const l = layoutPanel(s, 1000);
    const pxPerByte = l.columns[0]!.barHeight / (24 * 2 ** 30);
    for (const col of l.columns) {
      const sum = col.segments.reduce((a, g) => a + g.height, 0);
      assert.ok(Math.abs(sum - col.column!.memory.total * pxPerByte) < 1e-6, `${col.title}: ${sum}`);
      // Segments touch: each starts where the one below ended.
      for (let i = 1; i < col.segments.length; i++)
        assert.ok(Math.abs(col.segments[i]!.y + col.segments[i]!.height - col.segments[i - 1]!.y) < 1e-6);
      assert.equal(col.over, false);
    }
  });

  it('flags an over-full card and lets it rise above its capacity line', () => {
    const map = new Map<string, Device>([['', 0]]);
    const l = layoutPanel(snapshotOf(tree, map, setupOf(2, 8)), 1000);
    const c0 = l.columns[0]!;
    assert.equal(c0.over, true);
    const top = Math.min(...c0.segments.map((g) => g.y));
    assert.ok(top < c0.capacityY!, 'the stack pokes out above the capacity line');
    assert.match(c0.summary[1]!, /^OVER /);
  });

  it('counts device changes along the forward path and marks the cells where they happen', () => {
    const map = new Map<string, Device>([
      ['model.embed_tokens', 0],
      ['model.layers', 0],
      ['model.layers.10', 1],
      ['model.layers.11', 0],
      ['model.norm', 0],
      ['model.rotary_emb', 0],
      ['lm_head', 0],
    ]);
    const l = layoutPanel(snapshotOf(tree, map, setupOf(2, 24)), 1000);
    assert.equal(l.path.changes, 2);
    assert.deepEqual(
      l.cells.filter((c) => c.changeFrom).map((c) => `${c.key}<-${c.changeFrom}`),
      ['model.layers.10<-cuda:0', 'model.layers.11<-cuda:1'],
    );
  });

  it('puts blocks no key covers in a "not covered" column', () => {
    const map = new Map<string, Device>([
      ['model.embed_tokens', 0],
      ['model.layers', 1],
    ]);
    const l = layoutPanel(snapshotOf(tree, map, setupOf(2, 24)), 1000);
    const last = l.columns.at(-1)!;
    assert.equal(last.title, 'not covered');
    assert.deepEqual(
      l.cells.filter((c) => c.columnKey === last.key).map((c) => c.key),
      ['model.norm', 'model.rotary_emb', 'lm_head'],
    );
  });

  it('finds the drop column under an x coordinate', () => {
    const setup = setupOf(4, 24);
    const l = layoutPanel(snapshotOf(tree, strategyMap(tree, setup), setup), 1280);
    for (const c of l.columns) assert.equal(columnAt(l, c.x + c.width / 2)?.key, c.key);
    assert.equal(columnAt(l, -5), undefined);
    assert.equal(columnAt(l, l.width + 5), undefined);
  });
});

describe('selection ranges, keys and formats', () => {
  it('a shift range is contiguous whichever way it is drawn', () => {
    assert.deepEqual(rangeBetween(3, 6), [3, 4, 5, 6]);
    assert.deepEqual(rangeBetween(6, 3), [3, 4, 5, 6]);
    assert.deepEqual(rangeBetween(2, 2), [2]);
  });

  it('maps keys to actions', () => {
    const k = (key: string, mods: Partial<{ shiftKey: boolean; altKey: boolean }> = {}) =>
      keyAction({ key, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods }, 5, 10);
    assert.deepEqual(k('ArrowRight'), { kind: 'focus', index: 6, extend: false });
    assert.deepEqual(k('ArrowLeft', { shiftKey: true }), { kind: 'focus', index: 4, extend: true });
    assert.deepEqual(k('End'), { kind: 'focus', index: 9, extend: false });
    assert.deepEqual(k('ArrowRight', { altKey: true }), { kind: 'moveBy', step: 1 });
    assert.deepEqual(k('3'), { kind: 'moveTo', gpu: 3 });
    assert.deepEqual(k('F10', { shiftKey: true }), { kind: 'menu' });
    assert.equal(k('F10'), undefined);
    assert.equal(k('x'), undefined);
    assert.deepEqual(keyAction({ key: 'ArrowRight', shiftKey: false, altKey: false, ctrlKey: false, metaKey: false }, 9, 10), {
      kind: 'focus',
      index: 9,
      extend: false,
    });
  });

  it('formats bytes in binary units and parameters in short counts', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1.5 * 2 ** 30), '1.50 GiB');
    assert.equal(formatBytes(404_766_720), '386.0 MiB');
    assert.equal(formatParams(6_738_415_616), '6.74B');
    assert.equal(formatParams(202_383_360), '202.4M');
    assert.deepEqual(
      [groupDigits(404_766_720), groupDigits(999), groupDigits(1000), groupDigits(-12345)],
      ['404,766,720', '999', '1,000', '-12,345'],
    );
  });
});
