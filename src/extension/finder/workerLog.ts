/** What the extension's log says about its analysis worker (the web build's e2e test reads it too). */
import { log } from '../log';
import type { WorkerEvent } from './offThread';

export function logWorker(where: string): (e: WorkerEvent) => void {
  return (e) => {
    if (e.kind === 'answering') log().info(`analyses run on ${where}, off the extension host`);
    else log().warn(`the analysis worker stopped (${e.reason}): analyses run on the extension host`);
  };
}
