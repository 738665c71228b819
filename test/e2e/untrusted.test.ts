// Restricted Mode is honoured: in an untrusted folder the extension makes no network request
// (a stand-in Hub counts them) and reads no model folder outside the workspace; once the user
// trusts the folder, the same files resolve and the structural checks appear.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/paths';
import { VsCodeSession } from './helpers/vscode';
import { startFakeHub, type FakeServer } from '../node/helpers/fakeHub';

const outside = mkdtempSync(join(tmpdir(), 'dms-outside-'));
const config = readFileSync(join(ROOT, 'examples/models/llama-2-7b/config.json'), 'utf8');
let hub: FakeServer;
const requests = (): string[] => hub.requests.map((r) => `${r.method} ${r.path}`);

/** A Llama-2-7B map without lm_head: DM001 once the model resolves, DM016 while it cannot. */
function script(model: string): string {
  const keys = [
    '"model.embed_tokens": 0',
    ...Array.from({ length: 32 }, (_, i) => `"model.layers.${i}": ${i < 16 ? 0 : 1}`),
    '"model.norm": 1',
    '"model.rotary_emb": 1',
  ];
  return `import torch\nfrom transformers import AutoModelForCausalLM\n\ndevice_map = {\n${keys.map((k) => `    ${k},`).join('\n')}\n}\n\nmodel = AutoModelForCausalLM.from_pretrained(${JSON.stringify(model)}, device_map=device_map, dtype=torch.bfloat16)\n`;
}

const workspace = join(outside, 'ws');
mkdirSync(join(outside, 'llama-2-7b'), { recursive: true });
writeFileSync(join(outside, 'llama-2-7b/config.json'), config);
mkdirSync(workspace, { recursive: true });
writeFileSync(join(workspace, 'hub_model.py'), script('stand-in-org/private-llama'));
writeFileSync(join(workspace, 'outside_folder.py'), script(join(outside, 'llama-2-7b')));
cpSync(join(ROOT, 'examples/.vscode'), join(workspace, '.vscode'), { recursive: true });
// Launch facts (issue 12): run.sh starts ddp.py with an accelerate config in the workspace, and ddp_default.py with
// accelerate's default config, which lies outside the workspace ($HF_HOME): the editor reads neither while
// untrusted, and only the first once trusted.
const TRAIN = `from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\nmodel = AutoModelForCausalLM.from_pretrained("stand-in-org/private-llama", device_map="auto")\nTrainer(model=model, args=TrainingArguments(output_dir="out"), train_dataset=None).train()\n`;
writeFileSync(join(workspace, 'ddp.py'), TRAIN);
writeFileSync(join(workspace, 'ddp_default.py'), TRAIN);
writeFileSync(join(workspace, 'ddp.yaml'), 'distributed_type: MULTI_GPU\nnum_machines: 1\nnum_processes: 2\n');
writeFileSync(join(workspace, 'run.sh'), 'accelerate launch --config_file ddp.yaml ddp.py\naccelerate launch ddp_default.py\n');
const hfHome = join(outside, 'hf-home');
mkdirSync(join(hfHome, 'accelerate'), { recursive: true });
writeFileSync(join(hfHome, 'accelerate/default_config.yaml'), 'distributed_type: MULTI_GPU\nnum_machines: 1\nnum_processes: 4\n');
// The workspace asks for the Hub; Restricted Mode must override that.
writeFileSync(
  join(workspace, '.vscode/settings.json'),
  JSON.stringify({ 'deviceMapStudio.gpus': ['2xrtx4090'], 'deviceMapStudio.hub.enabled': true }),
);

let vscode: VsCodeSession;

describe('untrusted workspace (Restricted Mode)', { timeout: 180_000 }, () => {
  before(async () => {
    // A real HTTP stand-in for the Hub (the resolution tests' own), reached through HF_ENDPOINT.
    hub = await startFakeHub({ 'stand-in-org/private-llama': { config: JSON.parse(config) } });
    vscode = new VsCodeSession({
      name: 'untrusted',
      workspace,
      trust: true,
      settings: {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      },
      env: { HF_ENDPOINT: hub.url, HF_HOME: hfHome },
    });
    await vscode.start();
  });
  after(async () => {
    await vscode.stop();
    await hub.close();
    rmSync(outside, { recursive: true, force: true });
  });

  test('no Hub request and no read outside the workspace: the models stay unresolved (DM016)', async () => {
    await vscode.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor();
    const a = await vscode.openFile('hub_model.py', 'device_map = {');
    await a.locator('.squiggly-info').first().waitFor();
    const b = await vscode.openFile('outside_folder.py', 'device_map = {');
    await b.locator('.squiggly-info').first().waitFor();
    const rows = await vscode.problemRows('DM016');
    assert.equal(rows.filter((r) => r.includes('DM016')).length, 2, rows.join('\n'));
    assert.ok(!rows.some((r) => r.includes('DM001')), 'structural checks need the model');
    await vscode.screenshot('restricted');
    // No launch script is read in Restricted Mode: "auto" in ddp.py is not judged as a two-process run.
    const ddp = await vscode.openFile('ddp.py', 'device_map="auto"');
    await ddp.locator('.squiggly-info').first().waitFor();
    // Its findings are listed (the Problems panel is open from above): DM016, and no DM019.
    await vscode.page.locator('.markers-panel .monaco-list-row', { hasText: 'ddp.py' }).first().waitFor();
    assert.ok(!(await vscode.page.locator('.markers-panel').innerText()).includes('DM019'), 'no launch read while untrusted');
    assert.deepEqual(requests(), [], 'no request may reach the Hub from an untrusted workspace');
  });

  test('trusting the folder lets both models resolve: DM001 appears, the Hub was asked', async () => {
    await vscode.command('Workspaces: Manage Workspace Trust');
    const trustButton = vscode.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trustButton.click();
    await vscode.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ state: 'hidden' });
    // Both files re-analyse as their models resolve (the Hub one after an HTTP round trip).
    let rows: string[] = [];
    for (let i = 0; i < 20 && rows.filter((r) => r.includes('DM001')).length < 2; i++) {
      rows = await vscode.problemRows('DM001');
      if (rows.filter((r) => r.includes('DM001')).length < 2) await vscode.page.waitForTimeout(500);
    }
    assert.equal(rows.filter((r) => r.includes('DM001')).length, 2, rows.join('\n'));
    // Trusted: run.sh and the accelerate config beside it are read; accelerate's default config under
    // $HF_HOME (outside the workspace) is not, so ddp_default.py gets no launch verdict.
    // The CodeLens says where the launch came from; ddp_default.py (default config only) has no such lens.
    const ddp = await vscode.openFile('ddp.py', 'device_map="auto"');
    await ddp
      .locator('.codelens-decoration', { hasText: '2 processes, from run.sh:1 (accelerate launch; num_processes: 2 in ddp.yaml)' })
      .first()
      .waitFor();
    const launches = (await vscode.problemRows('DM019')).filter((r) => r.includes('DM019'));
    assert.ok(launches.length > 0 && launches.every((r) => r.includes('2 processes (run.sh:1)')), launches.join('\n'));
    const byDefault = await vscode.openFile('ddp_default.py', 'device_map="auto"');
    await byDefault.locator('.codelens-decoration', { hasText: 'Open layout' }).first().waitFor();
    assert.equal(await byDefault.locator('.codelens-decoration', { hasText: 'processes' }).count(), 0);
    assert.ok(
      requests().some((r) => r.includes('stand-in-org/private-llama') && r.includes('config.json')),
      requests().join('\n'),
    );
    await vscode.screenshot('trusted');
  });
});
