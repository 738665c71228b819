/**
 * The analysis worker as a browser Web Worker (dist/web/finder-worker.js, the web build). VS Code
 * for the Web runs extensions in a web worker and lets them start nested workers (its web worker
 * extension host wraps `new Worker(url)`, src/vs/workbench/api/worker/extensionHostWorker.ts), so
 * the web build gets the same engine off its host as the desktop build. A classic script (iife):
 * VS Code's wrapper loads it with importScripts.
 */
import type { ToWorker } from './protocol';
import { serveAnalyses } from './serveAnalyses';

/** The worker global this script sees (declared here: the project's types are DOM and Node, not WebWorker). */
declare const self: { postMessage(m: unknown): void; onmessage: ((e: { data: ToWorker }) => void) | null };

const answer = serveAnalyses((m) => self.postMessage(m));
self.onmessage = (e) => answer(e.data);
