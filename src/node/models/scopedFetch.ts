/**
 * The one `fetch` every Hub request goes through. It adds the token only for
 * the configured endpoint's origin (also across redirects, which it follows by
 * hand so a redirect to a CDN never carries the token), asks for plain files
 * rather than the xet protocol so Range reads stay simple, and applies the
 * network policy of `hubPolicy.ts` (deadline, time-outs, byte caps, budgets,
 * Range answered 200 refused) to every request and every body.
 */
import { HubBudget, HubPolicyError, responseCap } from './hubPolicy';

export interface ScopedFetchOptions {
  readonly endpoint: string;
  readonly token?: string;
  /** The per-model budget this fetch spends (one per model resolution). */
  readonly budget: HubBudget;
  /** Called for every request that goes out (tests count them; never given the token). */
  readonly onRequest?: (method: string, url: string) => void;
  readonly fetch?: typeof fetch;
}

export const MAX_REDIRECTS = 5;

export function scopedFetch(opts: ScopedFetchOptions): typeof fetch {
  const origin = new URL(opts.endpoint).origin;
  const base = opts.fetch ?? fetch;
  const { budget } = opts;
  return async (input, init) => {
    let url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    for (let hop = 0; ; hop++) {
      const headers = new Headers(init?.headers);
      headers.delete('authorization');
      headers.set('accept', '*/*');
      if (opts.token && url.origin === origin) headers.set('authorization', `Bearer ${opts.token}`);
      budget.countRequest();
      opts.onRequest?.(method, url.href);
      const { signal, done } = budget.requestSignal();
      let resp: Response;
      try {
        resp = await base(url, { ...init, method, headers, signal, redirect: 'manual' });
      } catch (e) {
        done();
        throw budget.tripped ?? (signal.reason instanceof HubPolicyError ? budget.trip(signal.reason) : e);
      }
      const location = resp.headers.get('location');
      if (resp.status >= 300 && resp.status < 400 && location) {
        done();
        await resp.body?.cancel().catch(() => undefined);
        if (hop >= MAX_REDIRECTS)
          throw budget.trip(new HubPolicyError(`the Hub redirected more than ${MAX_REDIRECTS} times (a redirect loop?)`));
        url = new URL(location, url);
        continue;
      }
      const range = headers.get('range');
      if (range && resp.status === 200) {
        done();
        await resp.body?.cancel().catch(() => undefined);
        throw budget.trip(
          new HubPolicyError('the Hub answered a Range request with the whole file (HTTP 200); refused rather than downloading it'),
        );
      }
      if (method === 'HEAD') {
        done();
        return resp;
      }
      const { cap, limit } = responseCap(url, range, resp.status);
      return budget.meter(resp, cap, limit, done);
    }
  };
}
