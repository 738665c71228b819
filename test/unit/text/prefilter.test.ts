/**
 * Issue 10: one pre-filter. `mayHoldDeviceMap` decides for the editor (documentAnalyses.ts)
 * and for findDeviceMaps (CLI `check`, language server): the same files pass both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findDeviceMaps, mayHoldDeviceMap, mayHoldMap } from '../../../src/core/text/find';
import { REPO_ROOT } from '../../helpers/fixtures';

const doc = (text: string, fileName = '/w/x.py', languageId = 'python') => ({ text, fileName, languageId });

test('a dispatch_model-only file passes the filter and its map is found', () => {
  const d = doc(readFileSync(join(REPO_ROOT, 'test/fixtures/prefilter/dispatch_only.py'), 'utf8'));
  assert.equal(mayHoldDeviceMap(d), true);
  assert.equal(findDeviceMaps(d).maps.length, 1);
});

test('files without a map are skipped by both faces alike', () => {
  for (const d of [doc('import torch\nx = 1\n'), doc('{"a": 1}', '/w/data.json', 'json')]) {
    assert.equal(mayHoldDeviceMap(d), false, d.text);
    assert.equal(mayHoldMap(d.text, d.fileName), false, d.text);
    assert.equal(findDeviceMaps(d).maps.length, 0);
  }
  assert.equal(mayHoldDeviceMap(doc('{}', '/w/device_map.json', 'json')), true, 'a file named like a map');
});

test('the editor calls the same function (no second pre-filter in the extension)', () => {
  const src = readFileSync(join(REPO_ROOT, 'src/extension/documentAnalyses.ts'), 'utf8');
  assert.match(src, /mayHoldMap\(text, doc\.fileName\)/);
  assert.doesNotMatch(src, /device_map\|max_memory|includes\('device_map'\)/);
});
