/** Native form controls for the toolbar, labelled for screen readers and styled by panel.css with theme variables. */

export type Field = HTMLSelectElement | HTMLInputElement;

export function field<T extends Field>(parent: HTMLElement, label: string, el: T, id: string): T {
  const wrap = document.createElement('label');
  wrap.className = 'field';
  wrap.htmlFor = id;
  wrap.textContent = label;
  el.id = id;
  parent.append(wrap, el);
  return el;
}

export function selectOf(values: ReadonlyArray<[string, string]>): HTMLSelectElement {
  const s = document.createElement('select');
  for (const [value, text] of values) s.add(new Option(text, value));
  return s;
}

export function numberInput(min: number, max: number, step: number): HTMLInputElement {
  const i = document.createElement('input');
  i.type = 'number';
  i.min = String(min);
  i.max = String(max);
  i.step = String(step);
  return i;
}

export function group(parent: HTMLElement, name: string): HTMLElement {
  const g = document.createElement('div');
  g.className = 'tool-group';
  g.setAttribute('role', 'group');
  g.setAttribute('aria-label', name);
  parent.appendChild(g);
  return g;
}
