// The injection grammars, run by the same TextMate engine and host grammars VS Code 1.100 uses
// (vscode-textmate + vscode-oniguruma from the code-server install): device values and
// strategy strings inside device maps get our scopes; the same words elsewhere do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { VSCODE_DIR } from './helpers/paths';

const req = createRequire(join(VSCODE_DIR, 'package.json'));
const textmate = req('vscode-textmate');
const onig = req('vscode-oniguruma');

const GRAMMARS: Record<string, string> = {
  'source.python': join(VSCODE_DIR, 'extensions/python/syntaxes/MagicPython.tmLanguage.json'),
  'source.json': join(VSCODE_DIR, 'extensions/json/syntaxes/JSON.tmLanguage.json'),
  'source.json.comments': join(VSCODE_DIR, 'extensions/json/syntaxes/JSONC.tmLanguage.json'),
  'device-map.injection.python': 'syntaxes/device-map.python.injection.tmLanguage.json',
  'device-map.injection.json': 'syntaxes/device-map.json.injection.tmLanguage.json',
  'device-map.injection.json-values': 'syntaxes/device-map.json-values.injection.tmLanguage.json',
};

/** Which of our grammars the manifest injects into a host scope (read from package.json, so a wrong manifest fails). */
function injectionsFor(scope: string): string[] {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  return manifest.contributes.grammars
    .filter((g: { injectTo?: string[] }) => g.injectTo?.includes(scope))
    .map((g: { scopeName: string }) => g.scopeName);
}

async function registry() {
  const wasm = readFileSync(join(req.resolve('vscode-oniguruma'), '../onig.wasm')).buffer;
  await onig.loadWASM(wasm);
  return new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new onig.OnigScanner(p),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope: string) =>
      GRAMMARS[scope] ? textmate.parseRawGrammar(readFileSync(GRAMMARS[scope]!, 'utf8'), GRAMMARS[scope]) : null,
    getInjections: (scope: string) => injectionsFor(scope),
  });
}

/** Scopes of every token whose text equals `text`, per occurrence. */
async function scopesOf(scope: string, source: string, text: string): Promise<string[][]> {
  const grammar = await (await registry()).loadGrammar(scope);
  let state = textmate.INITIAL;
  const found: string[][] = [];
  for (const line of source.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) if (line.slice(t.startIndex, t.endIndex) === text) found.push(t.scopes);
    state = r.ruleStack;
  }
  return found;
}

const has = (scopes: string[], part: string) => scopes.some((s) => s.includes(part));

test('python: device values inside a device_map dict are highlighted, the same strings elsewhere are not', async () => {
  const src = [
    'x = "cuda:1"',
    'device_map = {',
    '    "model.embed_tokens": 0,',
    '    "model.layers.0": "cuda:1",',
    '    "lm_head": "cpu",',
    '}',
    'y = "cpu"',
  ].join('\n');
  const cuda = await scopesOf('source.python', src, 'cuda:1');
  assert.equal(cuda.length, 2);
  assert.ok(!has(cuda[0]!, 'device-map'), `outside a map: ${cuda[0]}`);
  assert.ok(has(cuda[1]!, 'constant.language.device.device-map'), `inside a map: ${cuda[1]}`);
  const cpu = await scopesOf('source.python', src, 'cpu');
  assert.ok(has(cpu[0]!, 'constant.language.device.device-map') && !has(cpu[1]!, 'device-map'));
  const zero = await scopesOf('source.python', src, '0');
  assert.ok(
    zero.some((s) => has(s, 'constant.numeric.integer.device.device-map')),
    JSON.stringify(zero),
  );
});

test('python: strategy strings in device_map= arguments, sizes in max_memory', async () => {
  const src =
    'model = AutoModelForCausalLM.from_pretrained(name, device_map="balanced_low_0", max_memory={0: "20GiB", "cpu": "64GiB"})\nmode = "balanced_low_0"';
  const strat = await scopesOf('source.python', src, 'balanced_low_0');
  assert.equal(strat.length, 2);
  assert.ok(has(strat[0]!, 'support.constant.strategy.device-map'));
  assert.ok(!has(strat[1]!, 'device-map'));
  const size = await scopesOf('source.python', src, '20GiB');
  assert.ok(has(size[0]!, 'constant.numeric.size.device-map'), String(size[0]));
});

test('json: values of "device_map" are highlighted, other keys are left alone', async () => {
  const src = [
    '{',
    '  "device": "cpu",',
    '  "device_map": {"model.layers.0": 0, "lm_head": "cuda:1"},',
    '  "strategy": "auto",',
    '  "hf_device_map": "auto"',
    '}',
  ].join('\n');
  for (const scope of ['source.json', 'source.json.comments']) {
    const cpu = await scopesOf(scope, src, 'cpu');
    assert.ok(!has(cpu[0]!, 'device-map'), `"device": "cpu" is not a map: ${cpu[0]}`);
    const cuda = await scopesOf(scope, src, 'cuda:1');
    assert.ok(has(cuda[0]!, 'constant.language.device.device-map'), `${scope}: ${cuda[0]}`);
    const auto = await scopesOf(scope, src, 'auto');
    assert.equal(auto.length, 2);
    assert.ok(!has(auto[0]!, 'device-map') && has(auto[1]!, 'support.constant.strategy.device-map'), JSON.stringify(auto));
    const key = await scopesOf(scope, src, 'model.layers.0');
    assert.ok(has(key[0]!, 'support.type.property-name.json'), 'keys keep their JSON scope');
  }
});
