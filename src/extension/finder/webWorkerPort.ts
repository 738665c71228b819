/**
 * The analysis worker as a browser Web Worker (the web build's dist/web/finder-worker.js). VS Code's
 * web worker extension host starts an extension's `new Worker(url)` as a nested worker, but refuses
 * a `vscode-remote:` URL ("Creating workers from remote extensions is currently not supported.",
 * src/vs/workbench/api/worker/extensionHostWorker.ts), which is what an extension installed on a
 * server (code-server, Codespaces) has; `load` then reads the script and hands over a blob: URL.
 * Messages posted before the script is loaded wait; a script that fails to load or start reports
 * why, and the client then analyses on the host.
 */
import type { FromWorker, ToWorker } from './protocol';
import type { StartWorker } from './workerPort';

/** The worker's name, as the browser's developer tools list it. */
export const WEB_WORKER_NAME = 'device-map-studio-analysis';

export function webWorker(load: () => Promise<string>): StartWorker {
  return (on) => {
    if (typeof Worker !== 'function') throw new Error('this extension host has no Web Workers');
    let worker: Worker | undefined;
    let closed = false;
    const waiting: ToWorker[] = [];
    load()
      .then((url) => {
        if (closed) return;
        const w = new Worker(url, { name: WEB_WORKER_NAME });
        w.onmessage = (e: MessageEvent<FromWorker>) => on.message(e.data);
        w.onerror = (e) => on.failed(e.message || 'the worker script could not be loaded');
        w.onmessageerror = () => on.failed('a message could not be read');
        for (const m of waiting.splice(0)) w.postMessage(m);
        worker = w;
      })
      .catch((e: unknown) => on.failed(e instanceof Error ? e.message : String(e)));
    return {
      post: (m) => (worker ? worker.postMessage(m) : void waiting.push(m)),
      // A web worker never keeps anything alive: nothing to hold.
      hold: () => undefined,
      terminate: () => {
        closed = true;
        worker?.terminate();
      },
    };
  };
}
