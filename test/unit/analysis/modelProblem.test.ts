import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dm016, explainModelProblem } from '../../../src/core/analysis/modelProblem';
import type { ResolveProblem } from '../../../src/core/models/resolve/problems';
import { VSCODE_MODEL_HINTS } from '../../../src/extension/models/modelHints';
import { CLI_MODEL_HINTS } from '../../../src/cli/modelHints';

const cases: Array<[ResolveProblem, RegExp, RegExp]> = [
  [{ kind: 'not-literal', text: 'args.model' }, /args\.model\) is not a string literal/, /string literal/],
  [{ kind: 'folder-without-config', folder: '/w/ckpt' }, /\/w\/ckpt has no config\.json/, /config\.json/],
  [
    { kind: 'path-not-found', name: './ckpt', searched: ['/w/a/ckpt', '/w/ckpt'] },
    /\.\/ckpt" does not exist.*\/w\/a\/ckpt, \/w\/ckpt/,
    /relative paths/,
  ],
  [{ kind: 'outside-workspace', name: '/data/ckpt' }, /outside this untrusted workspace/, /trust the workspace/i],
  [
    { kind: 'not-found', name: 'org/m', hub: 'disabled', cacheDir: '/h/hub' },
    /not in the Hugging Face cache \(\/h\/hub\).*Hub is disabled/,
    /allow Hub access/,
  ],
  [{ kind: 'not-found', name: 'org/m', hub: 'offline' }, /HF_HUB_OFFLINE is set/, /unset HF_HUB_OFFLINE/],
  [{ kind: 'not-found', name: 'org/m', hub: 'untrusted' }, /untrusted workspaces/, /trust the workspace/],
  [
    { kind: 'gated', name: 'meta-llama/Llama-2-7b-hf', status: 401, hadToken: false },
    /gated or private.*401.*no token/,
    /huggingface-cli login/,
  ],
  [
    { kind: 'gated', name: 'meta-llama/Llama-2-7b-hf', status: 403, hadToken: true },
    /refused.*403.*your token has no access/,
    /accept the licence.*huggingface\.co\/meta-llama\/Llama-2-7b-hf/,
  ],
  [{ kind: 'hub-missing', name: 'org/typo' }, /no repo "org\/typo" \(HTTP 404\)/, /spelling/],
  [{ kind: 'hub-missing', name: 'org/m', revision: 'v9' }, /at revision "v9"/, /revision/],
  [{ kind: 'network', name: 'org/m', detail: 'ECONNREFUSED', timedOut: false }, /could not be reached.*ECONNREFUSED/, /HF_ENDPOINT/],
  [{ kind: 'network', name: 'org/m', detail: 'time-out', timedOut: true }, /did not answer within the time-out/, /network/],
  [{ kind: 'cancelled', name: 'org/m' }, /cancelled/, /try again/],
  [
    { kind: 'unknown-model-type', name: 'org/m', modelType: 'mamba9', supported: ['gpt2', 'llama'] },
    /model_type "mamba9".*supported: gpt2, llama/,
    /safetensors/,
  ],
  [
    { kind: 'bad-checkpoint', name: 'org/m', where: 'config.json', detail: 'invalid JSON' },
    /config\.json of "org\/m" cannot be read: invalid JSON/,
    /re-download/,
  ],
];

for (const [problem, why, fix] of cases) {
  test(`DM016 for ${problem.kind}${'hub' in problem ? ` (${problem.hub})` : ''}${'hadToken' in problem ? ` (token: ${problem.hadToken})` : ''}`, () => {
    const d = dm016(problem);
    assert.equal(d.code, 'DM016');
    assert.equal(d.severity, 'info');
    assert.match(d.why, why);
    assert.match(d.fixes[0]!, fix);
    assert.ok(d.message.startsWith('Model not resolved: '));
    assert.ok(d.message.includes(d.fixes[0]!), 'the message carries the first fix');
  });
}

test('every problem kind has its own message', () => {
  const whys = new Set(cases.map(([p]) => dm016(p).why));
  assert.equal(whys.size, cases.length);
});

const ALL_KINDS = cases.map(([p]) => p);

test('the core names no face: without hints, no VS Code setting and no CLI flag in any message', () => {
  for (const p of ALL_KINDS) assert.doesNotMatch(dm016(p).message, /deviceMapStudio|--model|Workspaces:/, p.kind);
});

test('VS Code words the fixes with its settings', () => {
  const fixes = (p: ResolveProblem) => explainModelProblem(p, VSCODE_MODEL_HINTS).fixes.join(' | ');
  assert.match(
    fixes({ kind: 'hub-missing', name: 'org/m' }),
    /map the name to a local checkpoint folder in the "deviceMapStudio\.models" setting/,
  );
  assert.match(fixes({ kind: 'not-found', name: 'org/m', hub: 'disabled' }), /^enable the "deviceMapStudio\.hub\.enabled" setting/);
  assert.match(
    fixes({ kind: 'network', name: 'org/m', detail: 'x', timedOut: false }),
    /^check the network or the "deviceMapStudio\.hub\.endpoint" setting \/ HF_ENDPOINT/,
  );
  assert.match(
    fixes({ kind: 'outside-workspace', name: '/d' }),
    /^trust the workspace \(Workspaces: Manage Workspace Trust\) to read checkpoints outside it/,
  );
});

test('the CLI words them with its flags and variables, never a VS Code setting', () => {
  for (const p of ALL_KINDS) {
    const { fixes } = explainModelProblem(p, CLI_MODEL_HINTS);
    for (const f of fixes) assert.doesNotMatch(f, /deviceMapStudio|setting|Workspaces:/, `${p.kind}: ${f}`);
  }
  assert.match(explainModelProblem({ kind: 'hub-missing', name: 'org/m' }, CLI_MODEL_HINTS).fixes.join(' | '), /with --model/);
  assert.match(
    explainModelProblem({ kind: 'network', name: 'org/m', detail: 'x', timedOut: false }, CLI_MODEL_HINTS).fixes[0]!,
    /^check the network or HF_ENDPOINT$/,
  );
});
