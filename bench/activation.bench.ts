/**
 * Extension activation in a real VS Code (code-server 4.100.3): the time VS
 * Code itself reports for us in Developer: Show Running Extensions, "Activation:
 * N ms" (loading the bundle plus `activate()`), on opening a Python file. A
 * fresh server each run, so every run is a first activation.
 */
import { VsCodeSession } from '../test/e2e/helpers/vscode';
import { report, runsFor } from './harness';

async function once(run: number): Promise<number> {
  const vscode = new VsCodeSession({ name: `bench-activation-${run}` });
  await vscode.start();
  try {
    await vscode.openFile('qlora_llama2_13b_2x24gb.py', 'BitsAndBytesConfig');
    await vscode.command('Developer: Show Running Extensions');
    const row = vscode.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Device Map Studio' }).first();
    const time = row.locator('.activation-time');
    await time.filter({ hasText: /\d+ms/ }).waitFor({ timeout: 60_000 });
    const text = (await time.textContent()) ?? '';
    const ms = /(\d+)ms/.exec(text);
    if (!ms) throw new Error(`no activation time in "${text}"`);
    return Number(ms[1]);
  } finally {
    await vscode.stop();
  }
}

async function main(): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runsFor(3, 0).runs; i++) times.push(await once(i));
  report("extension activation in code-server (VS Code's own figure)", times, 'activation_ms');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
