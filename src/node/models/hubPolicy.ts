/**
 * The one network policy every Hub request of one model follows (issue 18):
 * - a total deadline over every request *and* every body, kept by a timer this
 *   object owns (`AbortSignal.any([AbortSignal.timeout(ms)])` loses its timer
 *   after a garbage collection on Node 20, so a stalled body held the CLI);
 * - a per-request time-out, also a timer we own, running until the body ends;
 * - byte caps per response, enforced while the body streams (a flood is cut at
 *   the cap, never buffered): JSON files ≤ MAX_CONFIG_BYTES (an index ≤
 *   MAX_INDEX_BYTES), a Range answer ≤ the range asked, an error body ≤ 64 KiB;
 * - a Range request answered 200 (the whole file) is refused;
 * - a per-model budget of requests, bytes and time.
 * The first limit hit is remembered, so the message names it even when a
 * library wraps the resulting error in its own ("header is not valid JSON").
 */
import {
  HUB_MAX_BYTES,
  HUB_MAX_REQUESTS,
  HUB_MODEL_DEADLINE_MS,
  limitMessage,
  MAX_CONFIG_BYTES,
  MAX_HEADER_BYTES,
  MAX_INDEX_BYTES,
  type LimitName,
} from '../../core/index';

/** A Hub answer refused by the policy; `timedOut` for the deadline and time-outs. */
export class HubPolicyError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'HubPolicyError';
  }
}

const ERROR_BODY_BYTES = 64 * 1024;

export interface HubBudgetOptions {
  readonly requestTimeoutMs: number;
  readonly deadlineMs?: number;
  readonly maxRequests?: number;
  readonly maxBytes?: number;
  /** The caller's cancellation (a newer edit, a closed document). */
  readonly signal?: AbortSignal;
}

/** Byte cap of one response, from what was asked and what came back. */
export function responseCap(url: URL, range: string | null, status: number): { cap: number; limit: LimitName | 'range' | 'error body' } {
  if (status >= 400) return { cap: ERROR_BODY_BYTES, limit: 'error body' };
  const m = range ? /^bytes=(\d+)-(\d+)$/.exec(range) : null;
  if (m) return { cap: Math.min(Number(m[2]) - Number(m[1]) + 1, MAX_HEADER_BYTES + 8), limit: 'range' };
  if (/\.index\.json$/.test(url.pathname)) return { cap: MAX_INDEX_BYTES, limit: 'index bytes' };
  return { cap: MAX_CONFIG_BYTES, limit: 'config bytes' };
}

export class HubBudget {
  private readonly controller = new AbortController();
  private readonly deadline: ReturnType<typeof setTimeout>;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private requests = 0;
  private bytes = 0;
  /** The first limit hit, for the message. */
  tripped: HubPolicyError | undefined;

  constructor(private readonly opts: HubBudgetOptions) {
    const ms = opts.deadlineMs ?? HUB_MODEL_DEADLINE_MS;
    this.deadline = setTimeout(
      () =>
        this.trip(
          new HubPolicyError(`the Hub did not finish within ${ms / 1000} s (${limitMessage('Hub time', 'the deadline', ms)})`, true),
        ),
      ms,
    );
    opts.signal?.addEventListener('abort', () => this.controller.abort(opts.signal?.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Records the limit hit and stops everything in flight. */
  trip(e: HubPolicyError): HubPolicyError {
    this.tripped ??= e;
    if (!this.controller.signal.aborted) this.controller.abort(this.tripped);
    return this.tripped;
  }

  /** Counts one request; throws past the request budget. */
  countRequest(): void {
    if (this.tripped) throw this.tripped;
    const max = this.opts.maxRequests ?? HUB_MAX_REQUESTS;
    if (++this.requests > max)
      throw this.trip(
        new HubPolicyError(`the Hub needed too many requests for one model (${limitMessage('Hub requests', this.requests, max)})`),
      );
  }

  /** A signal for one request: aborted by its own time-out (until its body ends), the deadline, or cancellation. */
  requestSignal(): { signal: AbortSignal; done: () => void } {
    const c = new AbortController();
    const onAbort = (): void => c.abort(this.controller.signal.reason);
    this.controller.signal.addEventListener('abort', onAbort, { once: true });
    const ms = this.opts.requestTimeoutMs;
    const timer = setTimeout(() => c.abort(new HubPolicyError(`the Hub did not answer within the ${ms / 1000} s time-out`, true)), ms);
    this.timers.add(timer);
    const done = (): void => {
      clearTimeout(timer);
      this.timers.delete(timer);
      this.controller.signal.removeEventListener('abort', onAbort);
    };
    if (this.controller.signal.aborted) onAbort();
    return { signal: c.signal, done };
  }

  /** Wraps a response body so it is counted and cut at `cap` while it streams. */
  meter(resp: Response, cap: number, limit: string, done: () => void): Response {
    if (!resp.body) {
      done();
      return resp;
    }
    const declared = Number(resp.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > cap) {
      done();
      void resp.body.cancel().catch(() => undefined);
      throw this.tooLong(limit, declared, cap);
    }
    let seen = 0;
    const budget = this;
    const maxBytes = this.opts.maxBytes ?? HUB_MAX_BYTES;
    const metered = resp.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctrl) {
          seen += chunk.byteLength;
          budget.bytes += chunk.byteLength;
          if (seen > cap) ctrl.error(budget.tooLong(limit, seen, cap));
          else if (budget.bytes > maxBytes)
            ctrl.error(
              budget.trip(new HubPolicyError(`the Hub sent too much for one model (${limitMessage('Hub bytes', budget.bytes, maxBytes)})`)),
            );
          else ctrl.enqueue(chunk);
        },
        flush: () => done(),
      }),
      { signal: this.controller.signal },
    );
    return new Response(metered, { status: resp.status, statusText: resp.statusText, headers: resp.headers });
  }

  private tooLong(limit: string, got: number, cap: number): HubPolicyError {
    if (limit === 'range')
      return this.trip(new HubPolicyError(`the Hub sent an answer longer than the range asked (${got} > ${cap} bytes)`));
    if (limit === 'error body') return this.trip(new HubPolicyError(`the Hub sent an error body of more than ${cap} bytes`));
    return this.trip(new HubPolicyError(`the Hub's answer was too large (${limitMessage(limit as LimitName, `${got} bytes`, cap)})`));
  }

  /** Stops the deadline and every request timer: the model is done (or failed). */
  dispose(): void {
    clearTimeout(this.deadline);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
