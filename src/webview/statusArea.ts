/** The lines between the toolbar and the drawing: the ghost-preview banner, the status line, the colour legend. */
import { t } from './text';

function append<K extends keyof HTMLElementTagNameMap>(parent: HTMLElement, tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
}

/** "Ghost layout: ... [Apply] [Cancel]", shown while a strategy preview is drawn. */
export class PreviewBanner {
  private readonly el: HTMLDivElement;

  constructor(
    parent: HTMLElement,
    private readonly apply: () => void,
    private readonly cancel: () => void,
  ) {
    this.el = append(parent, 'div', 'preview-bar');
    this.el.hidden = true;
  }

  show(preview: { strategy: string; gpus: number } | undefined): void {
    this.el.hidden = !preview;
    if (!preview) return;
    this.el.replaceChildren();
    append(this.el, 'span', '', t('ghostBanner', preview.strategy, preview.gpus));
    const apply = append(this.el, 'button', '', t('apply'));
    apply.id = 'preview-apply';
    apply.addEventListener('click', this.apply);
    const cancel = append(this.el, 'button', 'secondary', t('cancel'));
    cancel.id = 'preview-cancel';
    cancel.addEventListener('click', this.cancel);
  }
}

/** One head line (what is drawn, or a notice) and the problems that concern no single block; announced politely. */
export class StatusLine {
  private readonly el: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.el = append(parent, 'div', 'status');
    this.el.setAttribute('role', 'status');
    this.el.setAttribute('aria-live', 'polite');
  }

  show(head: string, problems: readonly string[], notice = false): void {
    this.el.replaceChildren();
    append(this.el, 'div', notice ? 'notice' : 'status-head', head);
    for (const p of problems) append(this.el, 'div', 'status-problem', p);
  }
}

/** What the bar colours mean (the same theme variables colour the bar segments). */
export function addLegend(parent: HTMLElement): void {
  const box = append(parent, 'div', 'legend');
  box.setAttribute('aria-hidden', 'true');
  const items: Array<[string, string]> = [
    ['weights-embedding', t('legendEmbeddings')],
    ['weights-block', t('legendBlocks')],
    ['weights-head', t('legendHead')],
    ['weights-other', t('legendOtherWeights')],
    ['kv_cache', t('legendKvCache')],
    ['activations', t('legendActivations')],
    ['training', t('legendTraining')],
    ['context', t('legendContext')],
  ];
  // The marks on the cells and the bars, each drawn as it looks in the picture.
  const marks: Array<[string, string]> = [
    ['change', t('legendChange')],
    ['split', t('legendSplit')],
    ['error', t('legendError')],
    ['warning', t('legendWarning')],
    ['capacity', t('legendCapacity')],
    ['over', t('legendOver')],
  ];
  for (const [kind, text] of items) legendItem(box, `swatch sw-${kind}`, text, kind);
  for (const [kind, text] of marks) legendItem(box, `swatch mark mk-${kind}`, text, `mark-${kind}`);
}

function legendItem(box: HTMLElement, swatchClass: string, text: string, key: string): void {
  const item = append(box, 'span', 'legend-item');
  item.dataset['legend'] = key;
  const sw = document.createElement('span');
  sw.className = swatchClass;
  item.prepend(sw);
  item.append(text);
}
