/**
 * The one protocol between the panel host (extension) and the layout webview.
 * Two discriminated unions on `type`; the host switches over `WebviewToHost`
 * exhaustively and validates every inbound message with `parseWebviewMessage`
 * first, since a webview is a web page and its messages are untrusted input.
 */
import { PANEL_STRATEGIES, type PanelDevice, type PanelGpu, type PanelOptions, type PanelSnapshot, type PanelStrategy } from './snapshot';
import type { LiveCard } from '../core/index';

/** transformers' strategies, and `planned`: our planner (contiguous, fits real capacity, fewest moves from the current map). */
export { PANEL_STRATEGIES, type PanelStrategy } from './snapshot';

export type HostToWebview =
  /** The bound map as the document now reads: redraw everything from it. */
  | { readonly type: 'snapshot'; readonly snapshot: PanelSnapshot; readonly followCursor: boolean }
  /** Nothing to draw (no map under the cursor, model not resolved...), and why. */
  | { readonly type: 'empty'; readonly message: string }
  /** Answer to a `request` (RPC): `result` on success, `error` text otherwise. */
  | { readonly type: 'response'; readonly id: number; readonly result?: unknown; readonly error?: string }
  /** Something the user should read (an intent was dropped, an edit failed). */
  | { readonly type: 'notice'; readonly message: string }
  /** What each card of this machine holds now, beside the estimate (every 2 s while the panel is visible). */
  | { readonly type: 'liveMemory'; readonly source: string; readonly cards: readonly LiveCard[] };

/** Requests that expect an answer (see `rpc.ts`). */
export type PanelRequest =
  /** Expand a strategy over the current setup; answers the ghost `PanelSnapshot`. */
  { readonly method: 'previewStrategy'; readonly strategy: PanelStrategy };

export type WebviewToHost =
  /** The webview has loaded and wants the current snapshot. */
  | { readonly type: 'ready' }
  /** Move these modules (blocks) to `device` by editing the source map. */
  | {
      readonly type: 'moveModules';
      readonly documentVersion: number;
      readonly mapIndex: number;
      readonly modules: readonly string[];
      readonly device: PanelDevice;
    }
  /** Replace the map with the expansion of `strategy` (the previewed ghost). */
  | { readonly type: 'applyMap'; readonly documentVersion: number; readonly mapIndex: number; readonly strategy: PanelStrategy }
  /** Save the GPU setup to the workspace setting `deviceMapStudio.gpus`. */
  | { readonly type: 'setGpus'; readonly gpus: readonly PanelGpu[] }
  /** Recompute with other workload options (dtype, mode, sequence length...). */
  | { readonly type: 'setOptions'; readonly options: PanelOptions }
  /** Follow the map under the editor cursor, or stay on the bound one. */
  | { readonly type: 'setFollowCursor'; readonly follow: boolean }
  /** Show this module's entry in the editor. */
  | { readonly type: 'reveal'; readonly module: string }
  /** An RPC call; the host answers with a `response` of the same id. */
  | { readonly type: 'request'; readonly id: number; readonly request: PanelRequest };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isDevice = (v: unknown): v is PanelDevice => (isInt(v) && v >= 0) || (typeof v === 'string' && v.length > 0 && v.length < 64);
const isStrategy = (v: unknown): v is PanelStrategy => typeof v === 'string' && (PANEL_STRATEGIES as readonly string[]).includes(v);
const posNum = (v: unknown, max: number): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max;

function isGpu(v: unknown): v is PanelGpu {
  return isObj(v) && typeof v['name'] === 'string' && (v['name'] as string).length < 100 && posNum(v['memory'], 2 ** 50);
}

function isOptions(v: unknown): v is PanelOptions {
  if (!isObj(v)) return false;
  return (
    ['auto', 'bf16', 'fp16', 'fp32'].includes(v['dtype'] as string) &&
    ['auto', 'none', 'bnb-4bit', 'bnb-8bit'].includes(v['quantization'] as string) &&
    ['load', 'forward', 'generate', 'train-lora', 'train-full'].includes(v['mode'] as string) &&
    isInt(v['seq']) &&
    posNum(v['seq'], 2 ** 24) &&
    isInt(v['batch']) &&
    posNum(v['batch'], 2 ** 16) &&
    ['auto', 'on', 'off'].includes(v['training'] as string)
  );
}

const bad = (error: string): Parsed<never> => ({ ok: false, error });

/** Checks an inbound webview message; never throws, says what is wrong. */
export function parseWebviewMessage(raw: unknown): Parsed<WebviewToHost> {
  if (!isObj(raw) || typeof raw['type'] !== 'string') return bad('message is not an object with a string "type"');
  const m = raw;
  const ok = (): Parsed<WebviewToHost> => ({ ok: true, value: m as unknown as WebviewToHost });
  switch (m['type']) {
    case 'ready':
      return ok();
    case 'moveModules': {
      const mods = m['modules'];
      if (!isInt(m['documentVersion']) || !isInt(m['mapIndex'])) return bad('moveModules needs integer documentVersion and mapIndex');
      if (!Array.isArray(mods) || mods.length === 0 || mods.length > 100_000 || !mods.every((s) => typeof s === 'string')) {
        return bad('moveModules needs a non-empty list of module names');
      }
      return isDevice(m['device']) ? ok() : bad('moveModules needs a device (int >= 0 or a name)');
    }
    case 'applyMap':
      if (!isInt(m['documentVersion']) || !isInt(m['mapIndex'])) return bad('applyMap needs integer documentVersion and mapIndex');
      return isStrategy(m['strategy']) ? ok() : bad(`applyMap: unknown strategy ${String(m['strategy'])}`);
    case 'setGpus': {
      const g = m['gpus'];
      return Array.isArray(g) && g.length <= 64 && g.every(isGpu) ? ok() : bad('setGpus needs a list of {name, memory > 0} (at most 64)');
    }
    case 'setOptions':
      return isOptions(m['options']) ? ok() : bad('setOptions: options out of range');
    case 'setFollowCursor':
      return typeof m['follow'] === 'boolean' ? ok() : bad('setFollowCursor needs a boolean');
    case 'reveal':
      return typeof m['module'] === 'string' ? ok() : bad('reveal needs a module name');
    case 'request': {
      const r = m['request'];
      if (!isInt(m['id'])) return bad('request needs an integer id');
      if (isObj(r) && r['method'] === 'previewStrategy' && isStrategy(r['strategy'])) return ok();
      return bad('unknown request');
    }
    default:
      return bad(`unknown message type ${JSON.stringify(m['type']).slice(0, 40)}`);
  }
}

/** Light check of a host message on the webview side (the host is trusted; this guards against version skew). */
export function isHostMessage(raw: unknown): raw is HostToWebview {
  return isObj(raw) && ['snapshot', 'empty', 'response', 'notice', 'liveMemory'].includes(raw['type'] as string);
}
