/**
 * The panel's first render as bench/panel.bench.ts times it (`panel_render_80x8_ms`), shared with
 * tools/profile_panel.ts so the profile is taken on exactly what the budget measures.
 *
 * The clock starts when the snapshot message is dispatched and stops when the frame that shows
 * it has been painted: the message is dispatched at the start of an animation frame (inside a
 * requestAnimationFrame callback), so that frame's style, layout, paint and commit run right after
 * the handler, and the clock stops in a task queued from that callback, which runs only once the
 * frame's rendering is done. Waiting for the frame itself (up to 16.7 ms of idle time until the
 * display's next tick) is left out: it is not work, and it would add noise of the same size as the
 * budget. Before, the clock stopped after a forced style + layout (and an SVG `getBBox`), so the
 * paint of the 84 cells and 8 columns was not counted.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_SETUP, GIB, modelFromConfig } from '../src/core/index';
import type { PanelSnapshot } from '../src/protocol/snapshot';
import { snapshotOf, strategyMap } from '../test/webview/fixtureSnapshots';
import { LLAMA_70B_CONFIG } from './llama70b';

export const LLAMA_70B_TREE = modelFromConfig(LLAMA_70B_CONFIG);
export const EIGHT_H100 = { ...DEFAULT_SETUP, gpus: Array.from({ length: 8 }, () => ({ name: 'H100 80 GB', memory: 80 * GIB })) };
export const LLAMA_70B_MAP = strategyMap(LLAMA_70B_TREE, EIGHT_H100);
/** Llama-2-70B, `balanced` on 8 x 80 GB: 84 blocks. */
export const PANEL_SNAPSHOT_80x8: PanelSnapshot = snapshotOf(LLAMA_70B_TREE, LLAMA_70B_MAP, EIGHT_H100);

/** Milliseconds from the snapshot message to the end of the painted frame that shows it (see above). */
export function timedFirstRender(page: Page, snapshot: PanelSnapshot): Promise<number> {
  return page.evaluate(
    (snap) =>
      new Promise<number>((resolve) => {
        requestAnimationFrame(() => {
          const t0 = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'snapshot', snapshot: snap, followCursor: false } }));
          // Queued now, run after this frame's style, layout, paint and commit.
          const after = new MessageChannel();
          after.port1.onmessage = () => resolve(performance.now() - t0);
          after.port2.postMessage(null);
        });
      }),
    snapshot as unknown as Record<string, unknown>,
  );
}
