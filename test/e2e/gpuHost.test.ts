// The GPU host in a real VS Code: with stand-in nvidia-smi on PATH (two H100s, two processes on
// card 0) and no GPU setting, the status bar shows the detected cards, DM011 fires and names
// its source, the layout panel shows live use beside the estimate, and one click saves the
// cards to the workspace settings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './helpers/paths';
import { VsCodeSession } from './helpers/vscode';

const HOST = join(ROOT, 'test/fixtures/gpu-host');
const FILE = 'llama70b_one_card.py';
let vscode: VsCodeSession;
const PATH = `${join(HOST, 'bin/nvidia')}:${process.env.PATH ?? '/usr/bin:/bin'}`;

describe('GPU host (stand-in nvidia-smi)', { timeout: 240_000 }, () => {
  before(async () => {
    vscode = new VsCodeSession({
      name: 'gpu-host',
      env: { PATH: PATH, SHELL: '/bin/bash', VSCODE_SKIP_RESOLVING_SHELL_ENV: '1', DMS_GPU_FIXTURE: join(HOST, 'composed-h100x2') },
      prepare: (ws) => {
        // The server gives the extension host the PATH of a login shell of the user: put the
        // stand-in first there too (HOME is the session's own folder).
        const home = join(dirname(ws), 'home');
        mkdirSync(home, { recursive: true });
        for (const f of ['.profile', '.bash_profile', '.bashrc'])
          writeFileSync(join(home, f), `export PATH="${PATH}"\nexport DMS_GPU_FIXTURE="${join(HOST, 'composed-h100x2')}"\n`);
        // The examples' settings without any GPU entry: the checks must find the cards themselves.
        const settings = {
          'deviceMapStudio.models': { 'meta-llama/Llama-2-70b-hf': 'models/llama-2-70b' },
          'deviceMapStudio.hub.enabled': false,
        };
        writeFileSync(join(ws, '.vscode/settings.json'), JSON.stringify(settings, null, 2));
        writeFileSync(
          join(ws, FILE),
          'import torch\nfrom transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-70b-hf", device_map={"": 0}, dtype=torch.bfloat16)\n',
        );
      },
    });
    await vscode.start();
  });
  after(async () => {
    await vscode?.stop();
  });

  test('status bar: the detected cards; DM011 fires with no GPU setting and names nvidia-smi', async () => {
    await vscode.openFile(FILE, 'from_pretrained');
    await vscode.page.locator('.statusbar-item', { hasText: '2× H100 80GB HBM3 (detected)' }).waitFor();
    const rows = await vscode.problemRows('DM011');
    assert.ok(
      rows.some((r) => /has 79\.11 GiB, so it runs out of memory\. Card: H100 80GB HBM3 \(cuda:0, detected by nvidia-smi\)/.test(r)),
      rows.join('\n'),
    );
  });

  test('the layout panel shows live use beside the estimate, per card', async () => {
    await vscode.hideBottomPanel();
    await vscode.goTo(vscode.locate(FILE, 'from_pretrained('));
    await vscode.command('Device Map Studio: Open Layout');
    await vscode.page.locator('.tabs-container .tab', { hasText: 'Layout' }).waitFor();
    // The estimate joins the line once the panel has drawn the map (the first reading may come before it).
    const live = vscode.webview().locator('#live-memory .live-card[data-index="0"]', { hasText: 'estimate' });
    await live.waitFor();
    const text = await live.innerText();
    assert.match(text, /^cuda:0 H100 80GB HBM3: estimate [\d.]+ GiB · in use 19\.4 GiB by 2 processes$/);
    // 70B on one card does not fit beside what card 0 already holds.
    await vscode.webview().locator('#live-memory .live-warning', { hasText: 'cuda:0 already holds 19.4 GiB by 2 processes' }).waitFor();
    assert.match(
      await vscode.webview().locator('#live-memory .live-card[data-index="1"]').innerText(),
      /^cuda:1 H100 80GB HBM3: estimate 0\.0 GiB · in use 0\.0 GiB$/,
    );
    await vscode.screenshot('live-memory');
  });

  test('one click on the status bar item saves the detected cards to the workspace settings', async () => {
    await vscode.page.locator('.statusbar-item', { hasText: '(detected)' }).click();
    const path = join(vscode.workspace, '.vscode/settings.json');
    const deadline = Date.now() + 15_000;
    while (!/memoryGiB/.test(readFileSync(path, 'utf8')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.match(readFileSync(path, 'utf8'), /"deviceMapStudio\.gpus":\s*\[\s*\{\s*"name":\s*"H100 80GB HBM3",\s*"memoryGiB":\s*79\.109/);
    // Now configured: the "(detected)" item goes away.
    await vscode.page.locator('.statusbar-item', { hasText: '(detected)' }).waitFor({ state: 'hidden' });
  });
});
