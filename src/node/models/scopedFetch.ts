/**
 * The one `fetch` every Hub request goes through. It adds the token only for
 * the configured endpoint's origin (also across redirects, which it follows by
 * hand so a redirect to a CDN never carries the token), gives each request a
 * time-out, honours cancellation, and asks for plain files rather than the xet
 * protocol so Range reads stay simple.
 */
export interface ScopedFetchOptions {
  readonly endpoint: string;
  readonly token?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called for every request that goes out (tests count them; never given the token). */
  readonly onRequest?: (method: string, url: string) => void;
  readonly fetch?: typeof fetch;
}

const MAX_REDIRECTS = 5;

export function scopedFetch(opts: ScopedFetchOptions): typeof fetch {
  const origin = new URL(opts.endpoint).origin;
  const base = opts.fetch ?? fetch;
  return async (input, init) => {
    let url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    const signals = [AbortSignal.timeout(opts.timeoutMs), ...(opts.signal ? [opts.signal] : [])];
    const signal = AbortSignal.any(signals);
    for (let hop = 0; ; hop++) {
      const headers = new Headers(init?.headers);
      headers.delete('authorization');
      headers.set('accept', '*/*');
      if (opts.token && url.origin === origin) headers.set('authorization', `Bearer ${opts.token}`);
      opts.onRequest?.(method, url.href);
      const resp = await base(url, { ...init, method, headers, signal, redirect: 'manual' });
      const location = resp.headers.get('location');
      if (resp.status >= 300 && resp.status < 400 && location && hop < MAX_REDIRECTS) {
        await resp.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      return resp;
    }
  };
}
