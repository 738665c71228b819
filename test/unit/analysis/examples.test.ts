/** Every code has a file that raises it and a near miss that must not (test/fixtures/analysis). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { CODES } from '../../../src/core/analysis/codes';
import { exampleNames, loadExample } from './exampleEnv';
import { codes } from './helpers';

const names = exampleNames();

test('every code has an example raising it and a near miss', () => {
  for (const code of Object.keys(CODES)) {
    const lower = code.toLowerCase();
    assert.ok(
      names.some((n) => n.startsWith(`${lower}_`) && !n.includes('_ok_')),
      `${code}: no example raising it`,
    );
    assert.ok(
      names.some((n) => n.startsWith(`${lower}_ok_`)),
      `${code}: no near miss`,
    );
  }
});

for (const name of names) {
  test(`example ${name}`, () => {
    const ex = loadExample(name);
    const { findings } = analyzeDocument(ex.doc, ex.env);
    const got = codes(findings.filter((f) => f.severity !== 'hint'));
    assert.deepEqual(got, ex.expect, findings.map((f) => `${f.code} ${f.severity}: ${f.message}`).join('\n'));
    // A near miss must stay silent about its own code, whatever else it says.
    const own = /^(dm\d{3})_ok_/.exec(name)?.[1]?.toUpperCase();
    if (own) assert.ok(!got.includes(own));
    for (const f of findings) assert.ok(f.start >= 0 && f.end <= ex.doc.text.length && f.start <= f.end, `${f.code} span inside the text`);
  });
}
