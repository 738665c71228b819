/**
 * The panel's words, as the host sent them in `data-strings` on #app (already in the display
 * language; see src/protocol/panelText.ts). `t(key, ...args)` fills `{0}`-style placeholders.
 */
import type { PanelText, PanelTextKey } from '../protocol/panelText';

let table: Partial<PanelText> = {};

/** Reads the host's table from the root element; a missing or broken one leaves the keys showing (never a crash). */
export function readPanelText(root: HTMLElement): void {
  try {
    useText(JSON.parse(root.dataset['strings'] ?? '{}') as PanelText);
  } catch {
    useText({});
  }
}

export function useText(t: Partial<PanelText>): void {
  table = t;
}

export function t(key: PanelTextKey, ...args: readonly (string | number)[]): string {
  const template = table[key] ?? key;
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}
