/**
 * A tiny request/response helper over `postMessage`: the webview numbers each
 * request, the host answers with a `response` carrying the same id.
 */
import type { HostToWebview, PanelRequest, WebviewToHost } from './messages';

export interface RpcClient {
  /** Sends `request`; resolves with the host's result, rejects with its error or after `timeoutMs`. */
  call<T>(request: PanelRequest, timeoutMs?: number): Promise<T>;
  /** Feed every host message here; returns true when it was a response this client awaited. */
  handle(message: HostToWebview): boolean;
}

/** Timers, passed in: the protocol folder stays free of DOM and Node types (tsconfig.core.json). */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
const globalTimers = globalThis as unknown as Timers;

export function createRpcClient(post: (m: WebviewToHost) => void, timers: Timers = globalTimers): RpcClient {
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: unknown }>();
  return {
    call<T>(request: PanelRequest, timeoutMs = 30_000): Promise<T> {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        const timer = timers.setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${request.method}: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        post({ type: 'request', id, request });
      });
    },
    handle(message: HostToWebview): boolean {
      if (message.type !== 'response') return false;
      const p = pending.get(message.id);
      if (!p) return false;
      pending.delete(message.id);
      timers.clearTimeout(p.timer);
      if (message.error !== undefined) p.reject(new Error(message.error));
      else p.resolve(message.result);
      return true;
    },
  };
}

/** Host side: runs `answer` and posts its result (or its error text) back under the request's id. */
export async function respond(id: number, answer: () => unknown | Promise<unknown>, post: (m: HostToWebview) => unknown): Promise<void> {
  try {
    post({ type: 'response', id, result: await answer() });
  } catch (e) {
    post({ type: 'response', id, error: e instanceof Error ? e.message : String(e) });
  }
}
