/** A small context menu of devices ("Move to cuda:1"), native buttons so it is keyboard- and screen-reader-friendly. */
export interface MenuItem {
  readonly label: string;
  readonly disabled?: boolean;
  run(): void;
}

export class DeviceMenu {
  private readonly el: HTMLDivElement;
  private restoreFocus: HTMLElement | SVGElement | null = null;

  constructor(parent: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'menu';
    this.el.setAttribute('role', 'menu');
    this.el.hidden = true;
    this.el.addEventListener('keydown', (e) => this.onKey(e));
    this.el.addEventListener('focusout', (e) => {
      if (!this.el.contains(e.relatedTarget as Node | null)) this.close(false);
    });
    parent.appendChild(this.el);
  }

  open(items: readonly MenuItem[], x: number, y: number, title: string): void {
    this.restoreFocus = document.activeElement as HTMLElement | null;
    this.el.replaceChildren();
    this.el.setAttribute('aria-label', title);
    for (const item of items) {
      const b = document.createElement('button');
      b.setAttribute('role', 'menuitem');
      b.textContent = item.label;
      b.disabled = !!item.disabled;
      b.addEventListener('click', () => {
        this.close(true);
        item.run();
      });
      this.el.appendChild(b);
    }
    this.el.style.left = `${x}px`;
    this.el.style.top = `${y}px`;
    this.el.hidden = false;
    (this.el.querySelector('button:not(:disabled)') as HTMLButtonElement | null)?.focus();
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  close(refocus: boolean): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    if (refocus) (this.restoreFocus as HTMLElement | null)?.focus?.();
  }

  private onKey(e: KeyboardEvent): void {
    const buttons = [...this.el.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') this.close(true);
    else if (e.key === 'ArrowDown') buttons[(i + 1) % buttons.length]?.focus();
    else if (e.key === 'ArrowUp') buttons[(i - 1 + buttons.length) % buttons.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }
}
