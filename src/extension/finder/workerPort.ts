/**
 * What the analysis client needs from a worker, whichever kind it is: a Node worker thread
 * (nodeWorker.ts, the desktop build) or a browser Web Worker (webWorkerPort.ts, the web build).
 */
import type { FromWorker, ToWorker } from './protocol';

export interface WorkerPort {
  post(m: ToWorker): void;
  /** Busy: held while requests are pending; idle, a Node worker never keeps the extension host alive. */
  hold(busy: boolean): void;
  terminate(): void;
}

/** Starts a worker (throws if it cannot); `failed` is called when it errors or exits (the first call counts). */
export type StartWorker = (on: { message(m: FromWorker): void; failed(reason: string): void }) => WorkerPort;
