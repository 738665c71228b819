/**
 * The panel's controller: keeps the snapshot the host sent (and the ghost
 * preview), lays it out, draws it, and turns drags, keys and toolbar changes
 * into intents. It never edits its own picture: the next snapshot, computed
 * from the changed document, redraws it.
 */
import { select } from 'd3-selection';
import { isHostMessage, type HostToWebview, type PanelStrategy } from '../protocol/messages';
import { createRpcClient, type RpcClient } from '../protocol/rpc';
import type { PanelDevice, PanelSnapshot } from '../protocol/snapshot';
import { attachDrag } from './draw/drag';
import { delegateCellEvents } from './draw/cellEvents';
import { warmSvgFonts } from './draw/fontWarmup';
import { keyAction } from './draw/keyboard';
import { DeviceMenu } from './draw/menu';
import { createSvg, render, type Svg } from './draw/render';
import { Tooltip } from './draw/tooltip';
import type { VsCodeApi } from './host';
import { deviceLabel } from '../core/index';
import { blockColumnKey, layoutPanel, type CellLayout, type ColumnLayout, type PanelLayout } from './layout/geometry';
import { blockTooltip } from './layout/text';
import { BlockSelection } from './selection';
import { addLegend, PreviewBanner, StatusLine } from './statusArea';
import { Toolbar } from './toolbar';
import { LiveMemoryView } from './liveMemory';
import { t } from './text';

export class PanelApp {
  private snapshot: PanelSnapshot | undefined;
  private preview: { strategy: PanelStrategy; snapshot: PanelSnapshot } | undefined;
  private layout: PanelLayout | undefined;
  private followCursor = false;
  private lastDrawn: string | undefined;
  private focusIndex = 0;
  private readonly selection = new BlockSelection();
  private readonly svg: Svg;
  private readonly toolbar: Toolbar;
  private readonly status: StatusLine;
  private readonly banner: PreviewBanner;
  private readonly tooltip: Tooltip;
  private readonly menu: DeviceMenu;
  private readonly rpc: RpcClient;
  private readonly live: LiveMemoryView;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    this.rpc = createRpcClient((m) => api.postMessage(m));
    this.toolbar = new Toolbar(root, {
      preview: (s) => void this.requestPreview(s),
      apply: () => this.applyPreview(),
      cancel: () => this.cancelPreview(),
      gpus: (gpus) => api.postMessage({ type: 'setGpus', gpus }),
      options: (options) => api.postMessage({ type: 'setOptions', options }),
      follow: (follow) => {
        this.followCursor = follow;
        api.postMessage({ type: 'setFollowCursor', follow });
        this.save();
      },
    });
    this.banner = new PreviewBanner(
      root,
      () => this.applyPreview(),
      () => this.cancelPreview(),
    );
    this.status = new StatusLine(root);
    this.live = new LiveMemoryView(root);
    addLegend(root);
    const canvas = this.el('div', 'canvas');
    this.svg = createSvg(canvas);
    this.tooltip = new Tooltip(root);
    this.menu = new DeviceMenu(root);
    this.wireCells();
    window.addEventListener('resize', () => this.redraw());

    const saved = api.getState();
    if (saved?.snapshot) {
      this.snapshot = saved.snapshot;
      this.followCursor = !!saved.followCursor;
      const names = new Map(saved.snapshot.blocks.map((b, i) => [b.name, i]));
      this.selection.restore(
        (saved.selection ?? []).map((n) => names.get(n) ?? -1),
        saved.snapshot.blocks.length,
      );
      this.focusIndex = names.get(saved.focused ?? '') ?? 0;
      this.redraw();
    }
  }

  /** Drag, pointer, keyboard and focus handlers for every cell, present and future: once, on their layer. */
  private wireCells(): void {
    const layer = this.svg.select<SVGGElement>('g.cells-layer');
    attachDrag(this.svg, layer, {
      layout: () => this.layout,
      enabled: () => !this.preview && !!this.snapshot?.editable,
      grab: (c) => {
        if (!this.selection.has(c.index)) this.selection.select(c.index);
        this.redrawSelection();
        return this.selection.all();
      },
      drop: (indices, col) => col.device !== null && this.moveTo(indices, col.device),
    });
    delegateCellEvents(layer, {
      click: (ev, d) => this.onCellClick(ev, d),
      keydown: (ev, d) => this.onCellKey(ev, d),
      contextmenu: (ev, d) => {
        ev.preventDefault();
        if (!this.selection.has(d.index)) this.selection.select(d.index);
        this.redrawSelection();
        this.openMenu(ev.clientX, ev.clientY);
      },
      // The tooltip's words are built when it shows, not for every cell before the first paint.
      point: (ev, d) => this.tooltip.show(blockTooltip(d.block, d.column), ev),
      leave: () => this.tooltip.hide(),
    });
  }

  private el(tag: string, cls: string): HTMLElement {
    const e = document.createElement(tag);
    e.className = cls;
    this.root.appendChild(e);
    return e;
  }

  onMessage(m: unknown): void {
    if (!isHostMessage(m)) return;
    const msg = m as HostToWebview;
    if (this.rpc.handle(msg)) return;
    switch (msg.type) {
      case 'snapshot': {
        const prevNames = this.snapshot?.blocks.map((b) => b.name);
        const prevUri = this.snapshot?.uri;
        const prevIndex = this.snapshot?.mapIndex;
        const selectedNames = this.selection.all().map((i) => prevNames?.[i]);
        this.snapshot = msg.snapshot;
        this.followCursor = msg.followCursor;
        // A new document version invalidates the ghost: it was computed from the old text.
        if (this.preview && this.preview.snapshot.documentVersion !== msg.snapshot.documentVersion) this.preview = undefined;
        const names = new Map(msg.snapshot.blocks.map((b, i) => [b.name, i]));
        // The selection survives redraws of the same map, not a switch to another map or file.
        const sameMap = prevUri === msg.snapshot.uri && prevIndex === msg.snapshot.mapIndex;
        this.selection.restore(sameMap ? selectedNames.map((n) => names.get(n ?? '') ?? -1) : [], msg.snapshot.blocks.length);
        this.focusIndex = Math.min(this.focusIndex, Math.max(0, msg.snapshot.blocks.length - 1));
        this.redraw();
        return;
      }
      case 'empty':
        this.snapshot = undefined;
        this.preview = undefined;
        this.layout = undefined;
        this.svg.selectAll('g > *').remove();
        this.status.show(msg.message, []);
        this.toolbar.update(undefined, this.followCursor, false);
        this.save();
        return;
      case 'notice':
        this.status.show(msg.message, [], true);
        return;
      case 'response':
        return;
      case 'liveMemory':
        this.live.show(msg.source, msg.cards);
        return;
    }
  }

  private async requestPreview(strategy: PanelStrategy): Promise<void> {
    try {
      const snap = await this.rpc.call<PanelSnapshot>({ method: 'previewStrategy', strategy });
      this.preview = { strategy, snapshot: snap };
      this.redraw();
    } catch (e) {
      this.status.show(t('previewFailed', (e as Error).message), [], true);
    }
  }

  private applyPreview(): void {
    if (!this.preview || !this.snapshot) return;
    this.api.postMessage({
      type: 'applyMap',
      documentVersion: this.snapshot.documentVersion,
      mapIndex: this.snapshot.mapIndex,
      strategy: this.preview.strategy,
    });
    this.preview = undefined;
    this.redraw();
  }

  private cancelPreview(): void {
    this.preview = undefined;
    this.redraw();
  }

  /** Sends one move intent for the selected blocks, unless they all already sit there. */
  moveTo(indices: readonly number[], device: PanelDevice): void {
    const s = this.snapshot;
    if (!s || !s.editable || this.preview) return;
    const blocks = indices.map((i) => s.blocks[i]).filter((b): b is NonNullable<typeof b> => !!b);
    if (blocks.every((b) => b.devices.length === 1 && b.devices[0]!.device === device)) return;
    this.api.postMessage({
      type: 'moveModules',
      documentVersion: s.documentVersion,
      mapIndex: s.mapIndex,
      modules: blocks.map((b) => b.name),
      device,
    });
    this.status.show(`Moving ${blocks.length === 1 ? blocks[0]!.name : `${blocks.length} blocks`} to ${deviceLabel(device)}…`, []);
  }

  private redraw(): void {
    const shown = this.preview?.snapshot ?? this.snapshot;
    this.toolbar.update(this.snapshot, this.followCursor, !!this.preview);
    this.banner.show(this.preview ? { strategy: this.preview.strategy, gpus: this.preview.snapshot.gpus.length } : undefined);
    if (!shown) return;
    // A tooltip drawn for the old picture would now lie.
    this.tooltip.hide();
    const width = Math.max(320, this.root.clientWidth || window.innerWidth);
    this.layout = layoutPanel(shown, width);
    const moved = this.preview && this.snapshot ? movedBlocks(this.snapshot, this.preview.snapshot) : undefined;
    render(
      this.svg,
      this.layout,
      {
        showTip: (lines, ev) => this.tooltip.show(lines, ev),
        hideTip: () => this.tooltip.hide(),
      },
      {
        ghost: !!this.preview,
        selected: (i) => this.selection.has(i),
        focusIndex: this.focusIndex,
        ...(moved ? { moved } : {}),
        animate: this.shouldAnimate(shown),
      },
    );
    const s = this.snapshot!;
    const problems = [...shown.warnings, ...shown.columns.flatMap((c) => c.warnings)];
    const head = this.preview
      ? t('previewHead', this.preview.strategy, moved?.size ?? 0)
      : t('snapshotHead', s.modelName, s.modelClass, s.mapKind, s.blocks.length, new Set(s.blocks.map(blockColumnKey)).size) +
        (s.visibleGpus !== undefined ? t('visibleGpus', s.visibleGpus, s.gpus.length) : '') +
        (s.editable ? '' : t('readOnly'));
    this.status.show(
      head,
      problems.map((w) => `${w.code}: ${w.message}`),
    );
    this.save();
  }

  /** Animate moves only between two drawings of the same map, and never when the user asks for reduced motion. */
  private shouldAnimate(shown: PanelSnapshot): boolean {
    const key = `${shown.uri}#${shown.mapIndex}`;
    const same = this.lastDrawn === key;
    this.lastDrawn = key;
    return same && !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  }

  private redrawSelection(): void {
    this.svg
      .selectAll<SVGGElement, CellLayout>('g.cell')
      .classed('selected', (d) => this.selection.has(d.index))
      .attr('aria-pressed', (d) => String(this.selection.has(d.index)));
  }

  private onCellClick(ev: MouseEvent, d: CellLayout): void {
    if (ev.shiftKey) this.selection.extendTo(d.index);
    else this.selection.select(d.index);
    this.setFocus(d.index);
    this.redrawSelection();
  }

  private setFocus(index: number): void {
    this.focusIndex = index;
    const cells = this.svg.selectAll<SVGGElement, CellLayout>('g.cell');
    cells.attr('tabindex', (c) => (c.index === index ? 0 : -1));
    (cells.filter((c) => c.index === index).node() as SVGGElement | null)?.focus();
    this.save();
  }

  private onCellKey(ev: KeyboardEvent, d: CellLayout): void {
    const layout = this.layout;
    if (!layout || !this.snapshot) return;
    const a = keyAction(ev, d.index, layout.cells.length);
    if (!a) return;
    ev.preventDefault();
    // Keys act on the selection when the focused block is part of it, else on the focused block alone.
    const carried = (): readonly number[] => {
      if (!this.selection.has(d.index)) {
        this.selection.select(d.index);
        this.redrawSelection();
      }
      return this.selection.all();
    };
    switch (a.kind) {
      case 'focus':
        if (a.extend) {
          if (!this.selection.size) this.selection.select(d.index);
          this.selection.extendTo(a.index);
        }
        this.setFocus(a.index);
        this.redrawSelection();
        return;
      case 'toggle':
        this.selection.select(d.index);
        this.redrawSelection();
        return;
      case 'clear':
        this.selection.clear();
        this.redrawSelection();
        return;
      case 'reveal':
        this.api.postMessage({ type: 'reveal', module: d.key });
        return;
      case 'menu': {
        if (!this.selection.has(d.index)) this.selection.select(d.index);
        this.redrawSelection();
        const r = (ev.target as Element).getBoundingClientRect();
        this.openMenu(r.left, r.bottom + 2);
        return;
      }
      case 'moveTo':
        if (layout.columns.some((c) => c.device === a.gpu)) this.moveTo(carried(), a.gpu);
        return;
      case 'moveBy': {
        const cols = layout.columns.filter((c): c is ColumnLayout & { device: PanelDevice } => c.device !== null);
        const at = cols.findIndex((c) => c.key === d.columnKey);
        const next = cols[at + a.step];
        if (next) this.moveTo(carried(), next.device);
        return;
      }
    }
  }

  private openMenu(x: number, y: number): void {
    const layout = this.layout;
    if (!layout || !this.snapshot) return;
    const indices = this.selection.all();
    const what = indices.length === 1 ? this.snapshot.blocks[indices[0]!]!.name : t('nBlocks', indices.length);
    const items = layout.columns
      .filter((c) => c.device !== null)
      .map((c) => ({
        label: t('moveTo', what, c.title),
        disabled: !this.snapshot!.editable,
        run: () => this.moveTo(indices, c.device!),
      }));
    this.menu.open(items, x, y, t('moveMenu', what));
  }

  private save(): void {
    const names = this.snapshot?.blocks.map((b) => b.name) ?? [];
    this.api.setState({
      ...(this.snapshot ? { snapshot: this.snapshot } : {}),
      followCursor: this.followCursor,
      selection: this.selection
        .all()
        .map((i) => names[i]!)
        .filter(Boolean),
      ...(names[this.focusIndex] ? { focused: names[this.focusIndex] } : {}),
    });
  }
}

/** Blocks whose main device differs between the document's map and the ghost. */
export function movedBlocks(current: PanelSnapshot, ghost: PanelSnapshot): Set<string> {
  const now = new Map(current.blocks.map((b) => [b.name, b.devices[0]?.device]));
  return new Set(ghost.blocks.filter((b) => now.get(b.name) !== b.devices[0]?.device).map((b) => b.name));
}

export function start(root: HTMLElement, api: VsCodeApi): PanelApp {
  const app = new PanelApp(root, api);
  window.addEventListener('message', (e: MessageEvent) => app.onMessage(e.data));
  select(root).attr('data-ready', 'true');
  api.postMessage({ type: 'ready' });
  // While the host builds the first snapshot.
  warmSvgFonts(root);
  return app;
}
