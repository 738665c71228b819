/**
 * The finder on a worker thread (dist/finder-worker.js): parses and evaluates
 * a long document while the extension host keeps answering completion and
 * hover. The finder is a pure function of the text, so its facts cross the
 * thread boundary as plain data; the rules, which need the model trees, stay
 * on the host. The worker keeps its own parse cache, so re-parses after an
 * edit are incremental here too.
 */
import { parentPort } from 'node:worker_threads';
import { findDeviceMaps } from '../../core/index';
import type { FinderReply, FinderRequest } from './protocol';

parentPort?.on('message', (m: FinderRequest) => {
  let reply: FinderReply;
  try {
    reply = { id: m.id, facts: findDeviceMaps(m.doc) };
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
