/** One floating tooltip for cells and bar segments; it follows the pointer, or sits next to the focused cell. */
export class Tooltip {
  private readonly el: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'tooltip';
    this.el.setAttribute('role', 'tooltip');
    this.el.id = 'panel-tooltip';
    this.el.hidden = true;
    parent.appendChild(this.el);
  }

  show(lines: readonly string[], event: MouseEvent | FocusEvent): void {
    this.el.replaceChildren(
      ...lines.map((l, i) => {
        const div = document.createElement('div');
        div.textContent = l;
        if (i === 0) div.className = 'tip-title';
        else if (/^DM0\d\d error/.test(l)) div.className = 'tip-error';
        else if (/^DM0\d\d warning/.test(l)) div.className = 'tip-warning';
        return div;
      }),
    );
    let x: number;
    let y: number;
    if (event instanceof MouseEvent) {
      x = event.clientX + 14;
      y = event.clientY + 14;
    } else {
      const r = (event.target as Element).getBoundingClientRect();
      x = r.right + 8;
      y = r.top;
    }
    this.el.hidden = false;
    const w = this.el.offsetWidth;
    const h = this.el.offsetHeight;
    this.el.style.left = `${Math.max(4, Math.min(x, window.innerWidth - w - 8))}px`;
    this.el.style.top = `${Math.max(4, Math.min(y, window.innerHeight - h - 8))}px`;
  }

  hide(): void {
    this.el.hidden = true;
  }
}
