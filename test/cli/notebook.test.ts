/** `device-map check nb.ipynb`: findings placed in cells (JSON `cell` + 1-based line/column, text `nb.ipynb:cell N:L:C`, GitHub and SARIF by cell), notebooks found in folders, the same verdicts as the code as one .py, bad notebooks refused clearly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { runCli } from '../../src/cli/main';
import { REPO_ROOT } from '../helpers/fixtures';
import { sarifValidator } from '../helpers/sarif';
import { notebookJson, notebookJsonV3 } from '../helpers/notebooks';
import { splitIntoCells } from '../unit/analysis/notebookSplit';

const EX = join(REPO_ROOT, 'test/fixtures/analysis');

interface Report {
  files: Array<{
    path: string;
    diagnostics: Array<{ code: string; severity: string; cell?: number; line: number; column: number; message: string }>;
  }>;
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'dms-nb-'));
}

test('a notebook is checked as one program; each finding names its cell and the line and column inside it', async () => {
  const py = readFileSync(join(EX, 'dm003_split_attention.py'), 'utf8');
  const nb = splitIntoCells(py, 1);
  // Beside a copy of the fixture's model folder, so "./models/tiny-llama" resolves as it does for the .py.
  const dir = scratch();
  cpSync(join(EX, 'models/tiny-llama'), join(dir, 'models/tiny-llama'), { recursive: true });
  writeFileSync(join(dir, 'split.ipynb'), notebookJson(nb.cells.map((c) => ({ kind: c.kind, text: c.text, pngBytes: 5000 }))));
  const asPy = JSON.parse((await cli(['check', 'dm003_split_attention.py', '--gpus', '2x24GiB', '--json'], EX)).stdout) as Report;
  const r = await cli(['check', 'split.ipynb', '--gpus', '2x24GiB', '--json'], dir);
  const report = JSON.parse(r.stdout) as Report;
  const lines = py.split('\n');
  const want = asPy.files[0]!.diagnostics.map((d) => {
    const offset = lines.slice(0, d.line - 1).reduce((n, l) => n + l.length + 1, 0) + d.column - 1;
    const at = nb.place({ start: offset, end: offset });
    const before = nb.cells[at.cell]!.text.slice(0, at.start).split('\n');
    return `${d.code} ${d.severity} cell ${at.cell} ${before.length}:${before.at(-1)!.length + 1}`;
  });
  assert.ok(
    want.some((w) => w.startsWith('DM003')),
    want.join('\n'),
  );
  assert.deepEqual(
    report.files[0]!.diagnostics.map((d) => `${d.code} ${d.severity} cell ${d.cell} ${d.line}:${d.column}`),
    want,
  );
  assert.equal(r.code, asPy.files[0]!.diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
  const text = await cli(['check', 'split.ipynb', '--gpus', '2x24GiB'], dir);
  const d = report.files[0]!.diagnostics.find((x) => x.code === 'DM003')!;
  assert.ok(
    text.stdout.split('\n').includes(`split.ipynb:cell ${d.cell}:${d.line}:${d.column}: ${d.severity} DM003 ${d.message}`),
    text.stdout,
  );
});

/** The issue's notebook (model id, map and load in three cells, the map in cell 2) written as `sub/train.ipynb` in a fresh folder, beside its model's config. */
function issueNotebook(): string {
  const dir = scratch();
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub/config.json'), readFileSync(join(REPO_ROOT, 'examples/models/llama-2-13b/config.json')));
  const map = [
    'device_map = {',
    '    "model.embed_tokens": 0,',
    '    "model.layers.0": 0,',
    '    "model.layers.1.self_attn": 0,',
    '    "model.layers.1.mlp": 1,',
    '    "model.norm": 1,',
    '    "lm_head": 1,',
    '}',
  ].join('\n');
  writeFileSync(
    join(dir, 'sub/train.ipynb'),
    notebookJson([
      { kind: 'markdown', text: '# Llama-2-13B on two cards' },
      { text: '%pip install -q transformers accelerate\nmodel_id = "./"' },
      { text: map },
      {
        text: '%%time\nfrom transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained(model_id, device_map=device_map)',
        pngBytes: 100_000,
      },
    ]),
  );
  return dir;
}

test('the issue notebook: model id, map and load in three cells give DM001 and DM003 in the map cell', async () => {
  const dir = join(issueNotebook(), 'sub');
  const r = await cli(['check', 'train.ipynb', '--gpus', '2x24GiB', '--json'], dir);
  assert.equal(r.code, 1, r.stderr);
  const ds = (JSON.parse(r.stdout) as Report).files[0]!.diagnostics;
  const dm001 = ds.find((d) => d.code === 'DM001');
  const dm003 = ds.find((d) => d.code === 'DM003');
  assert.ok(dm001 && dm003, JSON.stringify(ds));
  assert.deepEqual([dm001.cell, dm001.line, dm001.column], [2, 1, 'device_map = '.length + 1]);
  assert.equal(dm003.cell, 2);
  assert.equal(dm003.line, 4, 'the split layer key');
});

test('nbformat 3, string sources and other languages are read; bad notebooks give one clear line', async () => {
  const dir = scratch();
  writeFileSync(join(dir, 'config.json'), readFileSync(join(REPO_ROOT, 'examples/models/llama-2-13b/config.json')));
  const cells = [
    { text: 'from transformers import AutoModelForCausalLM' },
    { text: 'm = AutoModelForCausalLM.from_pretrained("./", device_map="balance")' },
    { text: 'SELECT device_map FROM x', languageId: 'sql' },
  ];
  writeFileSync(join(dir, 'v3.ipynb'), notebookJsonV3(cells));
  writeFileSync(join(dir, 'strings.ipynb'), notebookJson(cells, { stringSources: true }));
  for (const name of ['v3.ipynb', 'strings.ipynb']) {
    const r = await cli(['check', name, '--json'], dir);
    assert.deepEqual(
      (JSON.parse(r.stdout) as Report).files[0]!.diagnostics.map((d) => `${d.code}@${d.cell}:${d.line}`),
      ['DM008@1:1'],
      name,
    );
  }
  writeFileSync(join(dir, 'r.ipynb'), notebookJson([{ text: 'device_map <- "balance"' }], { language: 'R' }));
  const rNb = await cli(['check', 'r.ipynb', '--json'], dir);
  assert.equal(rNb.code, 0);
  assert.deepEqual((JSON.parse(rNb.stdout) as Report).files[0]!.diagnostics, []);
  writeFileSync(join(dir, 'broken.ipynb'), '{"cells": [');
  const broken = await cli(['check', 'broken.ipynb'], dir);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /^device-map check: broken\.ipynb: not a notebook: the file is not valid JSON/);
  assert.equal(broken.stderr.split('\n').length, 1);
});

test('1,000 cells and megabytes of base64 plots: checked, findings in the right cell', async () => {
  const dir = scratch();
  writeFileSync(join(dir, 'config.json'), readFileSync(join(REPO_ROOT, 'examples/models/llama-2-13b/config.json')));
  const cells = Array.from({ length: 1000 }, (_, i) => ({
    text: i % 3 ? `!echo ${i}\nx_${i} = ${i}` : `# plot ${i}\n%matplotlib inline`,
    pngBytes: i % 100 === 0 ? 600_000 : 0,
  }));
  cells[998] = {
    text: 'from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("./", device_map="balance")',
    pngBytes: 0,
  };
  writeFileSync(join(dir, 'long.ipynb'), notebookJson(cells));
  const r = await cli(['check', 'long.ipynb', '--json'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(
    (JSON.parse(r.stdout) as Report).files[0]!.diagnostics.map((d) => `${d.code}@${d.cell}:${d.line}`),
    ['DM008@998:2'],
  );
});

test('notebooks in a folder are found (checkpoints skipped); GitHub and SARIF name the cell, never a line of the .ipynb text', async () => {
  const root = issueNotebook();
  mkdirSync(join(root, 'sub/.ipynb_checkpoints'));
  writeFileSync(join(root, 'sub/.ipynb_checkpoints/train-checkpoint.ipynb'), readFileSync(join(root, 'sub/train.ipynb')));
  const json = await cli(['check', '.', '--gpus', '2x24GiB', '--json'], root);
  const files = (JSON.parse(json.stdout) as Report).files;
  assert.deepEqual(
    files.map((f) => f.path).filter((p) => p.endsWith('.ipynb')),
    ['sub/train.ipynb'],
    json.stderr,
  );
  const dm003 = files.find((f) => f.path === 'sub/train.ipynb')!.diagnostics.find((d) => d.code === 'DM003')!;
  assert.equal(dm003.cell, 2);
  const related = (dm003 as { related?: Array<{ cell?: number; line: number }> }).related ?? [];
  assert.ok(related.length > 0 && related.every((x) => x.cell === 2), JSON.stringify(related));

  const gh = (await cli(['check', 'sub', '--gpus', '2x24GiB', '--output-format', 'github'], root)).stdout.split('\n');
  const ghDm003 = gh.find((l) => l.includes('title=DM003'));
  assert.equal(
    ghDm003,
    `::error file=sub/train.ipynb,title=DM003::DM003 cell 2, line ${dm003.line}, column ${dm003.column}: ${dm003.message}`,
  );
  assert.ok(
    gh.every((l) => !/,line=/.test(l)),
    gh.join('\n'),
  );

  const sarif = await cli(['check', 'sub/*.ipynb', '--gpus', '2x24GiB', '--output-format', 'sarif'], root);
  const log = JSON.parse(sarif.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const res = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'DM003');
  assert.deepEqual(res.locations[0], {
    physicalLocation: { artifactLocation: { uri: 'sub/train.ipynb', uriBaseId: '%SRCROOT%' } },
    logicalLocations: [{ name: 'cell 2', fullyQualifiedName: '/cells/2', kind: 'object' }],
  });
  assert.equal(res.message.text, `cell 2, line ${dm003.line}, column ${dm003.column}: ${dm003.message}`);
  assert.ok(
    res.relatedLocations.length > 0 &&
      res.relatedLocations.every(
        (x: { logicalLocations: Array<{ name: string }>; physicalLocation: object }) =>
          x.logicalLocations[0]!.name === 'cell 2' && !('region' in x.physicalLocation),
      ),
  );
});

test('--stdin-filename nb.ipynb reads a notebook from standard input', async () => {
  const root = issueNotebook();
  const text = readFileSync(join(root, 'sub/train.ipynb'), 'utf8');
  const out: string[] = [];
  const code = await runCli(['check', '--stdin-filename', 'sub/train.ipynb', '--gpus', '2x24GiB'], {
    out: (t) => out.push(t),
    err: () => undefined,
    cwd: root,
    env: process.env,
    readStdin: async () => text,
  });
  assert.equal(code, 1);
  assert.match(out.join('\n'), /^sub\/train\.ipynb:cell 2:1:\d+: error DM001 /m);
});
