// `npm start`: a real VS Code with the extension on a copy of examples/, a printed URL that
// answers, and Ctrl-C (SIGINT) stopping the whole process group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/paths';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('npm start serves the examples with the extension and stops cleanly on Ctrl-C', { timeout: 120_000 }, async () => {
  const state = join(ROOT, '.cache/e2e/start');
  const child = spawn('node', ['scripts/start.mjs', '--no-build', '--port', '0', '--state', state], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    for (let i = 0; i < 600 && !/http:\/\/127\.0\.0\.1:\d+\/\?folder=/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    const url = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out)?.[1];
    assert.ok(url, `no URL printed:\n${out}`);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    // The extension is installed as a link to this checkout, the workspace is a copy of examples/.
    const ext = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const installed = join(state, 'ext', `${ext.publisher}.${ext.name}-${ext.version}`);
    assert.ok(lstatSync(installed).isSymbolicLink() && realpathSync(installed) === realpathSync(ROOT));
    assert.ok(existsSync(join(state, 'examples/qlora_llama2_13b_2x24gb.py')));
    const serverPid = Number(readFileSync(join(state, 'code-server.pid'), 'utf8'));
    assert.ok(alive(serverPid));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    assert.equal(code, 0);
    // The whole group is gone: server, extension host, watchers.
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!alive(serverPid), 'code-server outlived Ctrl-C');
    assert.ok(!alive(-serverPid), 'a process of its group outlived Ctrl-C');
    await assert.rejects(fetch(url));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
