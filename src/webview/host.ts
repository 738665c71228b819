/**
 * The webview's side of the host: `acquireVsCodeApi` (posting intents and
 * keeping state across reloads), typed with the protocol.
 */
import type { HostToWebview, WebviewToHost } from '../protocol/messages';
import type { PanelSnapshot } from '../protocol/snapshot';

/** What survives a reload (the serializer hands it back to the new webview). */
export interface SavedState {
  readonly snapshot?: PanelSnapshot;
  readonly followCursor?: boolean;
  readonly selection?: readonly string[];
  readonly focused?: string;
}

export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };

export function connectHost(): VsCodeApi {
  const api = acquireVsCodeApi();
  return {
    postMessage: (m) => api.postMessage(m),
    getState: () => (api.getState() ?? undefined) as SavedState | undefined,
    setState: (s) => api.setState(s),
  };
}
