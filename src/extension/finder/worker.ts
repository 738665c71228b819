/** The analysis worker as a Node worker thread (dist/finder-worker.js, the desktop build). */
import { parentPort } from 'node:worker_threads';
import { serveAnalyses } from './serveAnalyses';

const answer = serveAnalyses((m) => parentPort!.postMessage(m));
parentPort?.on('message', answer);
