/**
 * The finder's facts for completion, hover, quick fixes and CodeLens (issue 18: no host-side
 * finder on a build with a worker). These answer on the host from the facts of exactly the text
 * they are asked about: the latest worker answers are kept per file, a request for a text the
 * worker is analysing waits for that analysis, any other text is sent to the worker's finder
 * (a few ms for a normal file). Without a worker (it failed to start, or crashed) the host finds
 * the facts itself, as before. A cancelled request, or one a newer text superseded, answers nothing.
 */
import { type DocumentFacts, primeFacts, type SourceDocument } from '../../core/index';
import type { FactsFinder } from './offThread';
import { goesOffHost } from './route';

/** The part of vscode.CancellationToken used here (this module stays free of vscode for its tests). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** Runs an answer with the document's facts in the engine's cache (primed just before, in the same turn). */
export type WithFacts = <R>(answer: () => R) => R;

/** How many files' latest worker facts are kept (open editors being answered; each is one facts object). */
const KEPT = 8;

export class AnswerFacts {
  private readonly latest = new Map<string, { doc: SourceDocument; facts: DocumentFacts }>();

  constructor(private readonly worker: FactsFinder | undefined) {}

  /** Facts a worker analysis answered for this text. */
  remember(doc: SourceDocument, facts: DocumentFacts): void {
    this.latest.delete(doc.fileName);
    this.latest.set(doc.fileName, { doc, facts });
    if (this.latest.size > KEPT) this.latest.delete(this.latest.keys().next().value!);
  }

  /** `undefined`: drop the request (cancelled, or superseded by a newer text of the same file). */
  async ready(doc: SourceDocument, token?: Cancellation): Promise<WithFacts | undefined> {
    const here: WithFacts = (answer) => answer();
    if (!this.worker || !goesOffHost(doc.text, doc.fileName)) return here;
    const known = this.latest.get(doc.fileName);
    let facts: DocumentFacts | 'superseded' | 'cancelled' | undefined;
    if (known && known.doc.text === doc.text && known.doc.languageId === doc.languageId) facts = known.facts;
    else facts = await untilCancelled(this.worker.find(doc), token);
    if (facts === 'superseded' || facts === 'cancelled' || token?.isCancellationRequested) return undefined;
    // No worker after all (it failed): the host finds the facts, as before.
    if (!facts) return here;
    this.remember(doc, facts);
    const found = facts;
    return (answer) => {
      primeFacts(doc, found);
      return answer();
    };
  }
}

function untilCancelled<T>(p: Promise<T>, token: Cancellation | undefined): Promise<T | 'cancelled'> {
  if (!token) return p;
  if (token.isCancellationRequested) return Promise.resolve('cancelled');
  return new Promise((resolve) => {
    const sub = token.onCancellationRequested(() => {
      sub.dispose();
      resolve('cancelled');
    });
    void p.then((v) => {
      sub.dispose();
      resolve(v);
    });
  });
}
