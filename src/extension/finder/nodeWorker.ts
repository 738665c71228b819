/** The analysis worker as a Node worker thread (the desktop build's dist/finder-worker.js). */
import { Worker } from 'node:worker_threads';
import type { StartWorker } from './workerPort';

export function nodeWorker(script: string): StartWorker {
  return (on) => {
    const w = new Worker(script);
    w.on('message', on.message);
    w.on('error', (e) => on.failed(e.message));
    w.on('exit', (code) => on.failed(`exited with code ${code}`));
    return {
      post: (m) => w.postMessage(m),
      hold: (busy) => (busy ? w.ref() : w.unref()),
      terminate: () => void w.terminate(),
    };
  };
}
