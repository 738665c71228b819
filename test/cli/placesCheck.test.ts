/** `device-map check` on ms-swift scripts and YAML training configs: each verdict at the line and column it is written. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');

interface Report {
  files: Array<{ path: string; diagnostics: Array<{ code: string; line: number; column: number; message: string }> }>;
}

/** 1-based line and column of the first occurrence of `needle`. */
function place(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

test('a folder: the ms-swift split block and the axolotl strategy typo, each where it is written; other shell and YAML files stay silent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-places-'));
  cpSync(join(EX, 'models/tiny-llama'), join(dir, 'models/tiny-llama'), { recursive: true });
  const sh = readFileSync(join(EX, 'dm003_swift_split_block.sh'), 'utf8');
  const yml = readFileSync(join(EX, 'dm008_axolotl_strategy_typo.yaml'), 'utf8');
  writeFileSync(join(dir, 'train.sh'), sh);
  writeFileSync(join(dir, 'qlora.yml'), yml);
  writeFileSync(join(dir, 'ci.yaml'), 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
  writeFileSync(join(dir, 'build.sh'), 'set -e\nnpm ci\n');
  const r = await cli(['check', '.', '--gpus', '2x24GiB', '--json'], dir);
  const report = JSON.parse(r.stdout) as Report;
  const byFile = new Map(report.files.map((f) => [f.path.split(/[\\/]/).pop()!, f.diagnostics]));
  const dm003 = (byFile.get('train.sh') ?? []).filter((d) => d.code === 'DM003');
  assert.equal(dm003.length, 1, r.stdout);
  // The finding sits on the first key of layer 1 inside the single-quoted JSON, on its continuation line.
  assert.deepEqual({ line: dm003[0]!.line, column: dm003[0]!.column }, place(sh, '"model.layers.1.self_attn"'));
  const dm008 = (byFile.get('qlora.yml') ?? []).filter((d) => d.code === 'DM008');
  assert.equal(dm008.length, 1, r.stdout);
  assert.deepEqual({ line: dm008[0]!.line, column: dm008[0]!.column }, place(yml, 'balance\n'));
  assert.match(dm008[0]!.message, /When passing device_map as a string, the value needs to be a device name/);
  for (const quiet of ['ci.yaml', 'build.sh']) assert.deepEqual(byFile.get(quiet) ?? [], [], quiet);
  assert.equal(r.code, 1);
});

test('text output names the .yml and .sh lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dms-places-'));
  cpSync(join(EX, 'models/tiny-llama'), join(dir, 'models/tiny-llama'), { recursive: true });
  const yml = readFileSync(join(EX, 'dm008_axolotl_strategy_typo.yaml'), 'utf8');
  writeFileSync(join(dir, 'qlora.yml'), yml);
  const r = await cli(['check', 'qlora.yml', '--gpus', '2x24GiB'], dir);
  const p = place(yml, 'balance\n');
  assert.ok(r.stdout.includes(`qlora.yml:${p.line}:${p.column}: error DM008`), r.stdout);
  writeFileSync(join(dir, 'run.sh'), 'swift infer --model ./models/tiny-llama --device_map balance\n');
  const s = await cli(['check', 'run.sh', '--gpus', '2x24GiB'], dir);
  assert.match(s.stdout, /run\.sh:1:54: error DM008/);
});
