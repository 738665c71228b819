/**
 * Child-process probe (run with --expose-gc): resolves a model from a stand-in
 * Hub that sends headers and then stalls, while garbage collections run every
 * 20 ms. Prints one JSON line: how long it took and the problem kind. On
 * Node 20, `AbortSignal.any([AbortSignal.timeout(ms)])` loses its timer in a
 * collection and this never ends; a timer the policy owns always fires.
 */
import { join } from 'node:path';
import { resolveModel } from '../../../src/node/models/resolveModel';
import { startFakeHub } from './fakeHub';
import { tempDir } from './checkpoints';
import { tinyLlamaConfig, tinyLlamaTensors } from '../../unit/models/resolve/safetensorsBytes';

async function main(): Promise<void> {
  const shape = { layers: 2, hidden: 64, inter: 96, vocab: 256, heads: 4, kvHeads: 2 };
  const hub = await startFakeHub({
    'evil/stall': {
      config: tinyLlamaConfig({ ...shape, tie: false }),
      shards: [tinyLlamaTensors({ ...shape, dtype: () => 'BF16', lmHead: true })],
      misbehave: 'stall-body',
    },
  });
  const gc = (globalThis as { gc?: () => void }).gc!;
  const timer = setInterval(gc, 20);
  const home = tempDir('dms-gc-');
  const t0 = Date.now();
  const r = await resolveModel('evil/stall', {
    homeDir: home,
    workspaceFolders: [home],
    cacheDir: null,
    timeoutMs: 400,
    env: { HF_ENDPOINT: hub.url, HF_HOME: join(home, 'hf') },
  });
  clearInterval(timer);
  console.log(JSON.stringify({ ms: Date.now() - t0, kind: r.ok ? 'ok' : r.problem.kind }));
  await hub.close();
}

void main();
