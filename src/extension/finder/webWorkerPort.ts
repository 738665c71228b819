/**
 * The analysis worker as a browser Web Worker (the web build's dist/web/finder-worker.js), started
 * from the extension's own folder as VS Code's web extensions do (`vscode.Uri.joinPath(
 * context.extensionUri, ...)`; the web worker extension host turns the URL into a nested worker).
 * A script that fails to load reports an error event: the client then analyses on the host.
 */
import type { FromWorker } from './protocol';
import type { StartWorker } from './workerPort';

export function webWorker(url: string): StartWorker {
  return (on) => {
    if (typeof Worker !== 'function') throw new Error('no Worker in this extension host');
    const w = new Worker(url, { name: 'device-map-studio-analysis' });
    w.onmessage = (e: MessageEvent<FromWorker>) => on.message(e.data);
    w.onerror = () => on.failed();
    w.onmessageerror = () => on.failed();
    return {
      post: (m) => w.postMessage(m),
      // A web worker never keeps anything alive: nothing to hold.
      hold: () => undefined,
      terminate: () => w.terminate(),
    };
  };
}
