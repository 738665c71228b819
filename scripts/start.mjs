// `npm start`: build, install code-server once (scripts/setup-e2e.sh), put the freshly built
// extension into a fresh state folder, open examples/ in a real VS Code on 127.0.0.1 and
// print the URL. Ctrl-C stops the whole process group.
//   --port N       listen on N (default: 8080, or a free port when taken; 0: any free port)
//   --watch        rebuild on change (reload the browser window to pick it up)
//   --no-build     use dist/ as it is (tests)
//   --state DIR    state folder (default .cache/start-state)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, freePort, prepareState, startCodeServer } from './lib/code-server.mjs';

const args = process.argv.slice(2);
const portArg = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : undefined;

function step(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function portToUse() {
  if (portArg === 0) return freePort();
  if (portArg) return portArg;
  try {
    const r = await fetch('http://127.0.0.1:8080/healthz');
    if (r) return freePort(); // something already answers on 8080
  } catch {
    /* 8080 is free */
  }
  return 8080;
}

if (!args.includes('--no-build')) step('node', ['esbuild.mjs']);
step('bash', ['scripts/setup-e2e.sh']);

const state = args.includes('--state') ? resolve(args[args.indexOf('--state') + 1]) : join(ROOT, '.cache/start-state');
// The extension is linked, not copied: `--watch` rebuilds show after a window reload.
prepareState(state, { install: 'link' });
// A fresh copy of the examples, so trying edits never dirties the repository.
const workspace = join(state, 'examples');
mkdirSync(workspace, { recursive: true });
cpSync(join(ROOT, 'examples'), workspace, { recursive: true });

const watcher = args.includes('--watch')
  ? spawn('node', ['esbuild.mjs', 'extension', 'web', 'webview', '--watch'], { cwd: ROOT, stdio: 'inherit' })
  : undefined;
const server = await startCodeServer({ state, workspace, port: await portToUse() });

console.log(
  `\nDevice Map Studio is running in VS Code ${existsSync(join(ROOT, '.cache/vscode/cs')) ? '(code-server 4.100.3)' : ''}:\n\n    ${server.url}\n`,
);
console.log(`Workspace: ${workspace} (a copy of examples/)\nLogs: ${server.log}\nPress Ctrl-C to stop.\n`);

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  watcher?.kill('SIGTERM');
  await server.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
server.child.once('exit', (code) => {
  if (!stopping) {
    console.error(`code-server exited (${code}); see ${server.log}`);
    void shutdown(1);
  }
});
