/**
 * The live-memory lines under the status line: per card of this machine, the
 * estimate beside what the card holds now and who holds it ("cuda:0 H100 80GB
 * HBM3: estimate 21.3 GiB · in use 19.8 GiB by 2 processes"), a warning when the
 * estimate no longer fits. The host computes every word (core/gpuHost/liveUse).
 */
import type { LiveCard } from '../core/index';
import { t } from './text';

export class LiveMemoryView {
  private readonly el: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'live-memory';
    this.el.id = 'live-memory';
    this.el.hidden = true;
    parent.appendChild(this.el);
  }

  show(source: string, cards: readonly LiveCard[]): void {
    this.el.hidden = cards.length === 0;
    this.el.replaceChildren();
    for (const c of cards) {
      const line = document.createElement('div');
      line.className = c.warning ? 'live-card over' : 'live-card';
      line.dataset['index'] = String(c.index);
      line.textContent = `${c.label} ${c.name}: ${c.text}`;
      line.title = [t('measuredBy', source), ...c.processes].join('\n');
      this.el.appendChild(line);
      if (c.warning) {
        const w = document.createElement('div');
        w.className = 'live-warning';
        w.textContent = `⚠ ${c.warning}`;
        this.el.appendChild(w);
      }
    }
  }
}
